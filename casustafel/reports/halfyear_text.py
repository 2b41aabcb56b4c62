"""Generated Dutch explanation of the half year against the one before, from published figures.

Only figures that were published in both halves are compared; a figure that was
suppressed (`<k`, `x`) or not available (`n.b.`) in either half is never named, not even
through a difference or a percentage: the sentence then says that no comparison can be
given. Lead times are always written with one decimal, so a number in a sentence never
reads as a small count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from casustafel.i18n import _

__all__ = [
    "NOTABLE_CHANGE",
    "Compared",
    "Indicator",
    "explain_table",
    "format_count",
    "format_days",
]

NOTABLE_CHANGE = 0.10  # a change of at least 10% is worth a sentence of its own
# Below this base a percentage misleads (3 → 5 reads as +67%): the change is given in
# numbers only.
SMALL_BASE = 20

Published = int | float | str | None


class Indicator(Enum):
    """What is compared; the value is (subject, unit after the number, short name)."""

    SIGNALS = (_("het aantal signalen"), "", _("de signalen"))
    NEW = (_("de instroom"), _(" nieuwe zaken"), _("de instroom"))
    CLOSED = (_("de uitstroom"), _(" afgesloten zaken"), _("de uitstroom"))
    OPEN = (
        _("het aantal open zaken aan het eind van het halfjaar"),
        "",
        _("het aantal open zaken"),
    )
    LEAD = (
        _("de mediane doorlooptijd van registratie tot afsluiting na bespreking aan tafel"),
        _(" dagen"),
        _("de doorlooptijd van behandelde zaken"),
    )
    LEAD_TRIAGE = (
        _("de mediane doorlooptijd van zaken afgesloten zonder bespreking aan tafel (triage)"),
        _(" dagen"),
        _("de doorlooptijd bij triage"),
    )

    @property
    def subject(self) -> str:
        return self.value[0]

    @property
    def unit(self) -> str:
        return self.value[1]

    @property
    def short(self) -> str:
        return self.value[2]


@dataclass(frozen=True, slots=True)
class Compared:
    """One indicator as published in the previous half year (`before`) and this one."""

    indicator: Indicator
    before: Published
    after: Published


def format_count(value: int) -> str:
    """`12345` → `12.345` (Dutch thousands separator)."""
    return f"{value:,}".replace(",", ".")


def format_days(value: float) -> str:
    """`157.5` → `157,5`: always one decimal, Dutch decimal comma."""
    return f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def _number(indicator: Indicator, value: float) -> str:
    if indicator in (Indicator.LEAD, Indicator.LEAD_TRIAGE):
        return format_days(float(value))
    return format_count(int(value))


def _percent(before: float, after: float) -> str:
    change = round((after - before) / before * 100)
    sign = "+" if change > 0 else "\u2212" if change < 0 else "\u00b1"
    return f"{sign}{abs(change)}%"


def _is_number(value: Published) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _sentence(item: Compared, table: str, against: str = "") -> str:
    assert isinstance(item.before, int | float) and isinstance(item.after, int | float)
    ind = item.indicator
    before, after = _number(ind, item.before), _number(ind, item.after)
    subject = ind.subject[0].upper() + ind.subject[1:]
    if item.after == item.before:
        return _("{subject} bij {table} bleef gelijk op {after}{unit}.").format(
            subject=subject, table=table, after=after, unit=ind.unit
        )
    verb = _("steeg") if item.after > item.before else _("daalde")
    text = _("{subject} bij {table} {verb} van {before} naar {after}{unit}").format(
        subject=subject, table=table, verb=verb, before=before, after=after, unit=ind.unit
    )
    if against:
        text += f" {against}"
    if item.before >= SMALL_BASE and ind not in (Indicator.LEAD, Indicator.LEAD_TRIAGE):
        text += f" ({_percent(item.before, item.after)})"
    return text + "."


def _notable(item: Compared) -> bool:
    assert isinstance(item.before, int | float) and isinstance(item.after, int | float)
    if item.before == 0:
        return item.after != 0
    return abs(item.after - item.before) / item.before >= NOTABLE_CHANGE


def _join(names: Sequence[str]) -> str:
    if len(names) == 1:
        return names[0]
    return _("{first} en {last}").format(first=", ".join(names[:-1]), last=names[-1])


def explain_table(table: str, items: Sequence[Compared], against: str = "") -> list[str]:
    """Sentences on the notable changes of one table, then what stayed level or can't be said.

    Args:
        table: the table's name as it reads in a sentence, e.g. "woonoverlast".
        items: the compared indicators, each as published in both halves.
        against: what is compared with, e.g. "ten opzichte van hetzelfde halfjaar vorig
            jaar" (added after the figures of each sentence).

    Returns:
        Dutch sentences; none of them holds a figure that was not published in both halves.
    """
    notable: list[str] = []
    level: list[str] = []
    unknown: list[str] = []
    for item in items:
        if not (_is_number(item.before) and _is_number(item.after)):
            unknown.append(item.indicator.short)
        elif _notable(item):
            notable.append(_sentence(item, table, against))
        else:
            level.append(item.indicator.short)
    sentences = list(notable)
    if level:
        sentences.append(
            _("Bij {table} veranderde {what} weinig (minder dan 10%){against}.").format(
                table=table, what=_join(level), against=f" {against}" if against else ""
            )
        )
    if unknown:
        sentences.append(
            _(
                "Voor {what} bij {table} is geen vergelijking te geven: in ten minste één van "
                "beide halfjaren is het aantal te klein om te publiceren."
            ).format(what=_join(unknown), table=table)
        )
    if not notable and not level and not unknown:
        sentences.append(_("Voor {table} zijn geen cijfers te vergelijken.").format(table=table))
    return sentences
