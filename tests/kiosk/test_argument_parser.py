"""A mistake on the `kiosk` command line: one line naming the word that is wrong, with a
"did you mean" when a command, option or choice is close to one that exists; exit status 2."""

import pytest

from kiosk.cli import build_parser


def mistake(capsys, *words: str) -> str:
    with pytest.raises(SystemExit) as done:
        build_parser().parse_args(list(words))
    assert done.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1, err  # one line, no usage block
    return err.strip()


def test_a_mistyped_command_is_offered_the_one_it_resembles(capsys):
    assert mistake(capsys, "pya", "--code", "x") == "kiosk: no command 'pya'; did you mean 'pay'?"


def test_a_mistyped_subcommand_is_offered_the_one_it_resembles(capsys):
    assert mistake(capsys, "sim", "tapp") == "kiosk sim: no command 'tapp'; did you mean 'tap'?"
    assert mistake(capsys, "nfc", "raed") == "kiosk nfc: no command 'raed'; did you mean 'read'?"


def test_a_command_like_no_other_points_at_the_help(capsys):
    assert mistake(capsys, "xyzzy") == "kiosk: no command 'xyzzy' (see kiosk --help)"


def test_a_mistyped_option_is_named_and_offered_the_right_one(capsys):
    assert mistake(capsys, "pay", "--amount", "1", "--code", "x", "--jsno") == (
        "kiosk pay: --jsno is not an option of kiosk pay; did you mean '--json'?")


def test_a_mistyped_option_is_named_rather_than_what_its_typo_left_out(capsys):
    # argparse alone says "one of the arguments --amount --item is required".
    assert mistake(capsys, "pay", "--amuont", "5000", "--code", "x") == (
        "kiosk pay: --amuont is not an option of kiosk pay; did you mean '--amount'?")


def test_a_mistyped_global_option_is_the_global_parsers_mistake(capsys):
    assert mistake(capsys, "--dmeo", "payments") == (
        "kiosk: --dmeo is not an option of kiosk; did you mean '--demo'?")


def test_a_global_option_after_the_command_is_told_where_it_goes(capsys):
    assert mistake(capsys, "payments", "--demo") == (
        "kiosk payments: --demo goes before the command: kiosk --demo payments ...")


def test_a_global_option_before_the_command_is_not_mistaken_for_a_typo(capsys):
    assert mistake(capsys, "--demo", "--data-dir", "/tmp/x", "pay", "--code", "x",
                   "--amonut", "1") == (
        "kiosk pay: --amonut is not an option of kiosk pay; did you mean '--amount'?")


def test_a_mistyped_choice_is_offered_the_one_it_resembles(capsys):
    assert mistake(capsys, "receipt", "last", "--format", "pgn") == (
        "kiosk receipt: --format: 'pgn' is not one of text, json, escpos, png; "
        "did you mean 'png'?")


def test_other_mistakes_are_argparses_words_in_one_line_with_where_help_is(capsys):
    assert mistake(capsys, "pay") == (
        "kiosk pay: one of the arguments --amount --item is required (see kiosk pay --help)")


def test_a_value_without_its_option_is_named_rather_than_the_option_it_left_out(capsys):
    # argparse alone says "one of the arguments --amount --item is required" to all three.
    for typed in ("abc", "-5", "4500"):
        assert mistake(capsys, "pay", typed) == (
            f"kiosk pay: did not expect {typed!r}: every value follows the option it is "
            "for, as in --amount WON (see kiosk pay --help)")
    assert mistake(capsys, "payments", "today") == (
        "kiosk payments: did not expect 'today': every value follows the option it is for, "
        "as in --date YYYY-MM-DD (see kiosk payments --help)")


def test_a_right_command_line_still_parses(capsys):
    args = build_parser().parse_args(["--demo", "pay", "--amo", "4500", "--code", "x"])
    assert (args.demo, args.command, args.amount) == (True, "pay", "4500")


def test_a_report_is_json_or_csv_never_both_mixed_on_stdout(capsys):
    assert mistake(capsys, "report", "--csv", "--json") == (
        "kiosk report: argument --json: not allowed with argument --csv "
        "(see kiosk report --help)")


@pytest.mark.parametrize("words", [("nfc", "read", "--timeout"), ("sim", "tap", "--code", "x",
                                   "--timeout"), ("enroll", "--timeout"), ("run", "--quit-after")])
@pytest.mark.parametrize("wait", ["0", "-1", "nan", "inf", "soon"])
def test_a_wait_is_seconds_above_0(capsys, words, wait):
    command = " ".join(w for w in words[:2] if not w.startswith("-"))
    assert mistake(capsys, *words, wait) == (
        f"kiosk {command}: argument {words[-1]}: {wait!r} is not a number of seconds above 0 "
        f"(see kiosk {command} --help)")
