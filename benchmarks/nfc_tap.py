"""Time from a tap to the payload in hand, over nfcpy's udp driver.

The reader polls first (as at the counter); then an emulated phone or tag enters the field
at a random moment, and the clock runs until the reader has the payload.

    python benchmarks/nfc_tap.py [--taps 10]
"""

import argparse
import random
import statistics
import threading
import time

from hardware.device_spec import free_udp_port, parse_device
from hardware.nfc import make_reader
from hardware.nfc.emulation import present

CODE = "120295815923150192272959"


def one_tap(as_: str, rng: random.Random) -> float:
    device = parse_device(f"udp:127.0.0.1:{free_udp_port()}", "nfc")
    entered: list[float] = []

    def customer() -> None:
        time.sleep(rng.uniform(0.2, 1.2))  # the reader is already polling
        entered.append(time.perf_counter())
        present(device, CODE, as_, timeout_s=10)

    thread = threading.Thread(target=customer)
    thread.start()
    tap = make_reader(device).read_one(10)
    done = time.perf_counter()
    thread.join()
    assert tap is not None and tap.payload is not None
    return (done - entered[0]) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taps", type=int, default=10)
    args = parser.parse_args()
    rng = random.Random(5)
    for as_ in ("phone", "tag"):
        times = sorted(one_tap(as_, rng) for _ in range(args.taps))
        print(f"{as_}: median {statistics.median(times):.0f} ms, "
              f"p90 {times[int(len(times) * 0.9) - 1]:.0f} ms, min {times[0]:.0f} ms, "
              f"max {times[-1]:.0f} ms")


if __name__ == "__main__":
    main()
