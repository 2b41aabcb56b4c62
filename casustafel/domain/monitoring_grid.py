"""The fixed calendar grid of the monitoring publication: month, quarter, half year, year.

Figures are only ever protected per calendar half year (a "span", "2026-H1"), in units
of one grain (`Grain`), so that two publications of the same half year never cut the
months differently: a reader who combines them finds the same figures, never a
difference of two sums that isolates a month. Unit labels sort in time within a half
year ("2026-03", "2026-K1", "2026-H1").
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from casustafel.i18n import _

__all__ = [
    "GRAIN_LABELS",
    "Grain",
    "months_of",
    "span_of",
    "unit_label",
    "unit_of",
    "units_of_span",
    "whole_units",
]


class Grain(StrEnum):
    """How finely a year is cut; the order is from fine to coarse."""

    MONTH = "maand"
    QUARTER = "kwartaal"
    HALF = "halfjaar"

    @property
    def rank(self) -> int:
        return list(Grain).index(self)

    @property
    def months(self) -> int:
        return {"maand": 1, "kwartaal": 3, "halfjaar": 6}[self.value]

    def coarser(self, other: Grain) -> Grain:
        """The coarser of two grains."""
        return self if self.rank >= other.rank else other


GRAIN_LABELS: dict[Grain, str] = {
    Grain.MONTH: _("per maand"),
    Grain.QUARTER: _("per kwartaal"),
    Grain.HALF: _("per halfjaar"),
}


def unit_of(month: str, grain: Grain) -> str:
    """The unit of `grain` that holds `month` ("YYYY-MM")."""
    year, number = month[:4], int(month[5:7])
    if grain is Grain.MONTH:
        return month
    if grain is Grain.QUARTER:
        return f"{year}-K{(number - 1) // 3 + 1}"
    return f"{year}-H{(number - 1) // 6 + 1}"


def span_of(month: str) -> str:
    """The half year ("2026-H1") that holds `month`: the span one protected piece covers."""
    return unit_of(month, Grain.HALF)


def units_of_span(span: str, grain: Grain) -> tuple[str, ...]:
    """The units of `grain` in a half year `span`, in time order."""
    return tuple(dict.fromkeys(unit_of(m, grain) for m in months_of(span)))


def months_of(unit: str) -> tuple[str, ...]:
    """The months of a unit label."""
    year = int(unit[:4])
    if len(unit) == 4:
        return tuple(f"{year:04d}-{m:02d}" for m in range(1, 13))
    tag = unit[5:]
    if tag.startswith("K"):
        first = (int(tag[1:]) - 1) * 3 + 1
        return tuple(f"{year:04d}-{m:02d}" for m in range(first, first + 3))
    if tag.startswith("H"):
        first = (int(tag[1:]) - 1) * 6 + 1
        return tuple(f"{year:04d}-{m:02d}" for m in range(first, first + 6))
    return (unit,)


def unit_label(unit: str) -> str:
    """A Dutch label for a unit: "2026-03" stays, "2026-K1" → "2026 kw. 1", "2026-H1" → …"""
    if len(unit) == 4:
        return unit
    tag = unit[5:]
    if tag.startswith("K"):
        return _("{year} kw. {n}").format(year=unit[:4], n=tag[1:])
    if tag.startswith("H"):
        return _("{year} hj. {n}").format(year=unit[:4], n=tag[1:])
    return unit


def whole_units(months: Sequence[str], grain: Grain) -> tuple[str, ...]:
    """The units of `grain` that lie wholly inside the run of `months`."""
    inside = set(months)
    found = dict.fromkeys(unit_of(m, grain) for m in months)
    return tuple(u for u in found if set(months_of(u)) <= inside)
