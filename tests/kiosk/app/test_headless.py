"""The kiosk with no one at its screen (`kiosk run` with no display) says on standard error
what became of what a tester presented from another terminal."""

from kiosk.app.headless import HeadlessCounter
from testbed.demo_wallet import demo_code


def test_a_code_between_sales_is_said_to_have_charged_nothing(make_kiosk, tmp_path, capsys):
    """Before: `sim tap` printed 'read by the kiosk' and the demo said nothing at all."""
    kiosk = make_kiosk()
    headless = HeadlessCounter(kiosk, tmp_path)  # held, as `kiosk run` holds it
    headless.window.counter.code(demo_code(), "nfc")
    assert capsys.readouterr().err == (
        "kiosk: an NFC code came while no sale waited for payment: nothing was charged; "
        "present it again once the next sale waits\n")
