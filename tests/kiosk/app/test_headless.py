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
        "kiosk: an NFC code came while no sale was asking for one: nothing was charged with "
        "it; present it again once a sale waits for payment\n")


def test_a_code_the_sale_cannot_take_is_said_with_the_screens_hint(make_kiosk, tmp_path,
                                                                   capsys, qtbot):
    """Before: a QR that is no payment code got 'presented to ...' from `sim present`, and
    then silence; only the screen nobody can see said what was wrong."""
    kiosk = make_kiosk()
    headless = HeadlessCounter(kiosk, tmp_path)
    headless.ring_up()
    headless.window.counter.code("https://example.com/menu", "qr")
    said: list[str] = []
    qtbot.waitUntil(lambda: said.append(capsys.readouterr().err) or "pay screen says" in
                    "".join(said), timeout=5000)
    assert ("kiosk: the pay screen says: That is not a payment QR. Show the payment QR in "
            f"your bank app; the sale still waits (screen: {tmp_path / 'hint.png'})"
            in "".join(said))
    assert (tmp_path / "hint.png").exists()
