"""The scenario's `refund` step (docs/scenarios.md) as a tester writes it: a refund behind the
clerk's PIN, part and then the rest of `last`, ends the run passed; a wrong PIN, or a step
that breaks while it runs, ends it failed with the step's line, never hanging."""

from pathlib import Path

from kiosk.app.scenario import Scenario

WAIT_MS = 30_000

SALE = """
[[step]]
do = "add_item"
name = "아메리카노"
[[step]]
do = "charge"
[[step]]
do = "present_qr"
[[step]]
do = "expect"
screen = "approved"
within = 15
"""


def run(qtbot, kiosk, script: Path, text: str) -> list[int]:
    script.write_text(SALE + text, encoding="utf-8")
    finished: list[int] = []
    scenario = Scenario.load(script)
    scenario.run(kiosk, finished.append)
    qtbot.waitUntil(lambda: finished != [], timeout=WAIT_MS)
    return finished


def test_a_part_then_the_rest_of_last_refunded_behind_the_pin_passes(qtbot, make_kiosk,
                                                                     tmp_path):
    kiosk = make_kiosk()
    refunds = ('[[step]]\ndo = "refund"\namount = 1000\npin = "1234"\n'
               '[[step]]\ndo = "expect"\ntext = "환불되었습니다: 1,000원"\nwithin = 15\n'
               '[[step]]\ndo = "refund"\npin = "1234"\n'
               '[[step]]\ndo = "expect"\ntext = "환불되었습니다: 3,500원"\nwithin = 15\n')
    assert run(qtbot, kiosk, tmp_path / "refund.toml", refunds) == [0]


def test_a_wrong_pin_fails_the_step_saying_so(qtbot, make_kiosk, tmp_path, capsys):
    kiosk = make_kiosk()
    wrong = '[[step]]\ndo = "refund"\namount = 1000\npin = "9999"\n'
    assert run(qtbot, kiosk, tmp_path / "wrong.toml", wrong) == [1]
    assert ("step 5 (refund: amount = 1000, pin = '9999') failed: the PIN was refused: "
            "PIN이 맞지 않습니다") in capsys.readouterr().out


def test_a_step_that_breaks_after_waiting_ends_the_run_naming_it(qtbot, make_kiosk, tmp_path,
                                                                 capsys, monkeypatch):
    kiosk = make_kiosk()

    def broken(payment_id: str) -> None:
        raise RuntimeError("the list is gone")

    monkeypatch.setattr(kiosk.window.history_screen, "select", broken)
    refund = '[[step]]\ndo = "refund"\npin = "1234"\n'
    assert run(qtbot, kiosk, tmp_path / "broken.toml", refund) == [1]
    assert ("step 5 (refund: pin = '1234') failed: RuntimeError: the list is gone"
            in capsys.readouterr().out)
