"""The command line's parser: argparse, with every mistake said in one line, exit status 2.

A typo is the commonest mistake at a command line, and argparse answers one with its whole
usage block and, for a mistyped option, often a different complaint (a required option
"missing" because it was misspelt). This parser finds the word the user got wrong and says
what they probably meant: `kiosk: no command 'pya'; did you mean 'pay'?`.
"""

import argparse
import difflib
import math
import sys
from collections.abc import Sequence
from typing import NoReturn

EXIT_USAGE = 2  # argparse's, kept: scripts already tell a usage mistake by it


class _Mistake(Exception):
    def __init__(self, parser: "ArgumentParser", message: str) -> None:
        super().__init__(message)
        self.parser, self.message = parser, message


class ArgumentParser(argparse.ArgumentParser):
    """The root parser; argparse makes its subcommands' parsers of this class too."""

    def parse_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                   namespace: argparse.Namespace | None = None) -> argparse.Namespace:
        typed = list(sys.argv[1:] if args is None else args)
        try:
            parsed, extras = self.parse_known_args(typed, namespace)
        except _Mistake as mistake:
            self._stop(mistake.parser, mistake.message, typed)
        if extras:
            self._stop(self._command_parser(parsed), f"did not expect {' '.join(extras)!r}",
                       typed)
        return parsed

    def error(self, message: str) -> NoReturn:
        raise _Mistake(self, message)

    def _check_value(self, action: argparse.Action, value: object) -> None:
        if action.choices is None or value in action.choices:
            return
        choices = [str(choice) for choice in action.choices]
        if isinstance(action, argparse._SubParsersAction):
            message = f"no command {value!r}"
        else:
            name = "/".join(action.option_strings) or action.metavar or action.dest
            message = f"{name}: {value!r} is not one of {', '.join(choices)}"
        raise argparse.ArgumentError(None, message + _did_you_mean(str(value), choices))

    def _stop(self, parser: "ArgumentParser", message: str, typed: list[str]) -> NoReturn:
        """Say the mistake in one line and exit. A mistyped option is named rather than
        argparse's complaint, which is usually about what the typo left out."""
        before = self._global_words(typed)
        command = parser.prog.split()[1:]
        after = typed[len(before) + len(command):] if command else []
        if (unknown := parser._unknown_option(after)) and self._knows(unknown):
            message = (f"{unknown} goes before the command: "
                       f"{self.prog} {unknown} {' '.join(command)} ...")
        elif unknown:
            message = f"{unknown} is not an option of {parser.prog}" + _did_you_mean(
                unknown, parser._option_strings())
        elif unknown := self._unknown_option(before):
            parser, message = self, f"{unknown} is not an option of {self.prog}" + \
                _did_you_mean(unknown, self._option_strings())
        elif stray := parser._stray_word(after):
            message = f"did not expect {stray!r}: every value follows the option it is for"
            if example := parser._example_option():
                message += f", as in {example}"
        if not message.endswith(("?", "...")):
            message += f" (see {parser.prog} --help)"
        print(f"{parser.prog}: {message}", file=sys.stderr)
        sys.exit(EXIT_USAGE)

    def _command_parser(self, parsed: argparse.Namespace) -> "ArgumentParser":
        """The parser of the (sub)command the user chose: where their options belong."""
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                chosen = action.choices.get(getattr(parsed, action.dest, None))
                if isinstance(chosen, ArgumentParser):
                    return chosen._command_parser(parsed)
        return self

    def _global_words(self, typed: list[str]) -> list[str]:
        """The words before the command: this parser's own options and their values."""
        return typed[:self._first_plain_word(typed)]

    def _first_plain_word(self, words: list[str]) -> int:
        """Where the first word that is neither an option nor an option's value is (a
        command's name, a stray word, or `--`); len(words) if there is none."""
        wants_value = False
        for number, word in enumerate(words):
            if not wants_value and (word == "--" or not word.startswith("-") or
                                    _is_number(word)):
                return number
            action = self._action_of(word) if not wants_value else None
            wants_value = action is not None and action.nargs != 0 and "=" not in word
        return len(words)

    def _unknown_option(self, words: list[str]) -> str:
        for word in words:
            if word == "--":
                break
            name = word.split("=", 1)[0]
            if name.startswith("-") and len(name) > 1 and not _is_number(name) \
                    and self._action_of(name) is None:
                return name
        return ""

    def _stray_word(self, words: list[str]) -> str:
        """A word that is neither an option nor an option's value, in a command that takes
        no words of its own (`kiosk pay 4500`): what argparse would blame on a missing
        option instead."""
        if any(not action.option_strings for action in self._actions):
            return ""
        found = words[self._first_plain_word(words):]
        return found[0] if found and found[0] != "--" else ""

    def _example_option(self) -> str:
        for action in self._actions:
            if action.option_strings and action.nargs != 0 and action.dest != "help":
                return f"{action.option_strings[-1]} {action.metavar or action.dest.upper()}"
        return ""

    def _knows(self, name: str) -> bool:
        return self._action_of(name) is not None

    def _action_of(self, word: str) -> argparse.Action | None:
        """The option argparse takes `word` for: its name, or a unique start of it."""
        name = word.split("=", 1)[0]
        if name in self._option_string_actions:
            return self._option_string_actions[name]
        starting = {action for option, action in self._option_string_actions.items()
                    if name.startswith("--") and option.startswith(name)}
        return starting.pop() if len(starting) == 1 else None

    def _option_strings(self) -> list[str]:
        return list(self._option_string_actions)


def seconds(text: str) -> float:
    """A wait in seconds (`--timeout`, `--quit-after`): above 0 and finite. Zero or less
    gave up at once, saying "nothing within -1 s"; infinity overflows a thread's wait."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 < value < math.inf:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds above 0")
    return value


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _is_number(word: str) -> bool:
    try:
        float(word)
    except ValueError:
        return False
    return True
