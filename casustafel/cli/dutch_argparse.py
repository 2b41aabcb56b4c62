"""argparse in Dutch: help texts, section titles and usage errors as one Dutch line (exit 2).

argparse writes its own words ("usage:", "options:", "the following arguments are
required") in English through the process-wide gettext domain, which a CLI cannot set
for argparse alone without changing every other parser in the process. So the fixed
words are replaced here where argparse lets a subclass do it (formatter, group titles,
the help option), and the handful of error templates argparse can produce are
translated in `error()`. A message no pattern knows is still shown, inside the Dutch
frame, rather than lost.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from typing import Any

from casustafel.errors import UsageError
from casustafel.i18n import _

__all__ = ["DutchArgumentParser", "DutchHelpFormatter", "translate_argparse_message"]


class DutchHelpFormatter(argparse.HelpFormatter):
    """Help output with a Dutch "gebruik:" line and room for the option names."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=32, width=100)

    def add_usage(
        self,
        usage: str | None,
        actions: Any,
        groups: Any,
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, prefix if prefix is not None else _("gebruik: "))


def _choices(text: str) -> str:
    return text.replace("'", "")


_INVALID_CHOICE = re.compile(r"^invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)$")

# (pattern of argparse's English message, Dutch rendering of its groups). Ordered: the
# "argument X: ..." wrapper is handled first and its inner message translated again.
_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (
        re.compile(r"^the following arguments are required: (?P<names>.+)$"),
        lambda m: _("dit ontbreekt: {names}").format(names=m["names"]),
    ),
    (
        re.compile(r"^one of the arguments (?P<names>.+) is required$"),
        lambda m: _("geef een van deze: {names}").format(names=m["names"]),
    ),
    (
        re.compile(r"^unrecognized arguments: (?P<names>.+)$"),
        lambda m: _("onbekend: {names}").format(names=m["names"]),
    ),
    (
        _INVALID_CHOICE,
        lambda m: _("{value} kan niet; kies uit {choices}").format(
            value=m["value"], choices=_choices(m["choices"])
        ),
    ),
    (
        re.compile(r"^invalid int value: (?P<value>.+)$"),
        lambda m: _("{value} is geen geheel getal").format(value=m["value"]),
    ),
    (
        re.compile(r"^invalid float value: (?P<value>.+)$"),
        lambda m: _("{value} is geen getal").format(value=m["value"]),
    ),
    (
        re.compile(r"^invalid (?P<type>\w+) value: (?P<value>.+)$"),
        lambda m: _("{value} is geen geldige waarde").format(value=m["value"]),
    ),
    (
        re.compile(r"^expected one argument$"),
        lambda m: _("hier hoort een waarde achter"),
    ),
    (
        re.compile(r"^expected (at least|at most)? ?.*arguments?$"),
        lambda m: _("het aantal waarden klopt niet"),
    ),
    (
        re.compile(r"^not allowed with argument (?P<other>.+)$"),
        lambda m: _("kan niet samen met {other}").format(other=m["other"]),
    ),
    (
        re.compile(r"^ambiguous option: (?P<option>\S+) could match (?P<matches>.+)$"),
        lambda m: _("{option} is niet eenduidig (bedoelt u {matches}?)").format(
            option=m["option"], matches=m["matches"]
        ),
    ),
    (
        re.compile(r"^ignored explicit argument (?P<value>.+)$"),
        lambda m: _("{value} hoort hier niet bij").format(value=m["value"]),
    ),
)
_ARGUMENT = re.compile(r"^argument (?P<name>[^:]+): (?P<inner>.+)$", re.DOTALL)


def translate_argparse_message(message: str) -> str:
    """Dutch for one of argparse's English error messages (unknown ones are kept as they are).

    "argument --table: invalid choice: ..." becomes "--table: 'XX' kan niet; kies uit ...".
    """
    wrapped = _ARGUMENT.match(message)
    if wrapped is not None:
        if wrapped["name"] in ("SUBOPDRACHT", "command"):  # the subcommand's positional
            choice = _INVALID_CHOICE.match(wrapped["inner"])
            if choice is not None:
                return _("onbekende subopdracht {value}; kies uit {choices}").format(
                    value=choice["value"], choices=_choices(choice["choices"])
                )
        inner = translate_argparse_message(wrapped["inner"])
        return f"{wrapped['name']}: {inner}"
    for pattern, render in _PATTERNS:
        found = pattern.match(message)
        if found is not None:
            return render(found)
    return message


class DutchRawDescriptionHelpFormatter(DutchHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """The Dutch help with the description and epilog kept as written (tables, examples)."""


class DutchArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose help is Dutch and whose usage errors raise `UsageError` (exit 2)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        add_help = kwargs.pop("add_help", True)
        kwargs.setdefault("formatter_class", DutchHelpFormatter)
        kwargs["add_help"] = False  # our own -h, with a Dutch help text
        super().__init__(*args, **kwargs)
        self._positionals.title = _("argumenten")
        self._optionals.title = _("opties")
        if add_help:
            self.add_argument("-h", "--help", action="help", help=_("toon deze hulp en stop"))

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(
            _("Onjuist gebruik: {problem}. Zie '{prog} --help'.").format(
                problem=translate_argparse_message(message), prog=self.prog
            )
        )
