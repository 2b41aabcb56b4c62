"""Dates as a Dutch user types them: `22-12-2026`, `22122026`, `221226`, `22-12` or `22/12`.

`validation.parse_date` reads a complete date (`dd-mm-jjjj` or ISO) and stays the strict rule
for imports and stored values. A form field is more forgiving: the regisseur types a sitting
date without dashes, or without the year. `parse_dutch_date` fills in what was left out:

- eight digits `ddmmjjjj`, six digits `ddmmjj` (20jj);
- day and month only (`22-12`, `22/12`, `2212`): the year of `today`, or with
  `future=True` the first such day on or after `today` (a sitting is never planned in the
  past, so `05-01` typed in December means next January);
- a two-digit year after separators (`22-12-26`) means 20jj.

It returns the date or raises the same Dutch `ValidationError` as `parse_date`.
"""

from __future__ import annotations

import datetime as dt
import re

from casustafel.domain.validation import FIELD_DATE, parse_date
from casustafel.errors import ValidationError
from casustafel.i18n import _

__all__ = ["parse_dutch_date"]

_SEPARATED = re.compile(r"^(\d{1,2})[-/. ](\d{1,2})(?:[-/. ](\d{2}|\d{4}))?$", re.ASCII)
_DIGITS = re.compile(r"^\d{4}$|^\d{6}$|^\d{8}$", re.ASCII)


def _make(day: int, month: int, year: int, field: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValidationError(
            _("Deze datum bestaat niet; controleer dag en maand."), field
        ) from None


def _split(text: str) -> tuple[int, int, int | None] | None:
    """Day, month and (maybe) a year as typed, or None when the text is no short form."""
    if match := _SEPARATED.match(text):
        day, month, year = match.groups()
        if year is None:
            return int(day), int(month), None
        return int(day), int(month), int(year) + (2000 if len(year) == 2 else 0)
    if _DIGITS.match(text):
        day, month, rest = int(text[:2]), int(text[2:4]), text[4:]
        if not rest:
            return day, month, None
        return day, month, int(rest) + (2000 if len(rest) == 2 else 0)
    return None


def parse_dutch_date(
    value: str,
    *,
    today: dt.date | None = None,
    future: bool = False,
    field: str = FIELD_DATE,
) -> dt.date:
    """Read a typed date, completing a short form (see the module docstring).

    Args:
        value: the text as typed.
        today: the reference day for a missing year (default: today).
        future: a missing year means the first such day on or after `today`.
        field: form field for the error.

    Raises:
        ValidationError: empty, not a date in any of the forms, or a day that does not exist.
    """
    text = value.strip()
    parts = _split(text)
    if parts is None:
        return parse_date(text, field)  # full forms, ISO, and its Dutch error messages
    day, month, year = parts
    if year is not None:
        return _make(day, month, year, field)
    reference = today or dt.date.today()
    if (day, month) != (29, 2):
        found = _make(day, month, reference.year, field)
        if future and found < reference:
            return _make(day, month, reference.year + 1, field)
        return found
    # 29 February: the first leap year from this one (on or after `today` when `future`).
    year = reference.year
    while True:
        try:
            found = dt.date(year, 2, 29)
        except ValueError:
            year += 1
            continue
        if future and found < reference:
            year += 1
            continue
        return found
