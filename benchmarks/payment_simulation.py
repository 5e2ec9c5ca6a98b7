"""The payment engine's deterministic simulation, at scale: many seeds, many payments each,
until the wanted total; stops at the first violation and prints its seed and history.

    python benchmarks/payment_simulation.py --first-seed 1 --seeds 500 --payments 2000

Each seed is a world of its own (testbed/dst/world.py): three kiosks, two of them on one
ledger, one with colliding ids, every fault on every call, kills, reboots, clock steps and
midnights. A failing seed replays exactly: run it again with --first-seed N --seeds 1.
"""

import argparse
import logging
import platform
import time

from testbed.dst.world import Settings, World


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--payments", type=int, default=2_000, help="payments per seed")
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)  # the engine's warnings, by the hundred thousand
    started, cpu = time.monotonic(), time.process_time()
    total = 0
    for number, seed in enumerate(range(args.first_seed, args.first_seed + args.seeds), 1):
        world = World(seed, Settings(payments=args.payments))
        world.run()
        total += world.charged
        if number % 25 == 0:
            print(f"  up to seed {seed}: {total:,} payments, no violation", flush=True)
    wall, used = time.monotonic() - started, time.process_time() - cpu
    machine = platform.processor() or platform.machine()
    print(f"seeds {args.first_seed}..{args.first_seed + args.seeds - 1}: {total:,} simulated "
          f"payments, no violation; {wall:.0f} s wall, {used:.0f} s CPU "
          f"({1000 * used / total:.2f} ms CPU a payment) on {machine}")


if __name__ == "__main__":
    main()
