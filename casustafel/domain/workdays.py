"""Dutch working days: public holidays from the `holidays` package, due dates in "N werkdagen".

The `holidays` package's Netherlands calendar supplies the dates (Easter and Whitsun move
every year); this module only decides which of them stop the clock. Always off: New Year,
Easter Monday, King's Day (27 April, or the 26th when the 27th is a Sunday), Ascension,
Whit Monday, Christmas and Boxing Day. Good Friday and Liberation Day (5 May) are working
days by default, as in most municipal collective agreements, and can be switched on per
municipality through :class:`WorkdayCalendar`. The package itself treats Good Friday as a
holiday and Liberation Day as one only every fifth year, so both are decided here by date,
not left to the package.

Counting convention (the one deadlines in Dutch law use): the start day itself never
counts. ``add_working_days(start, n)`` is the n-th working day after `start`, and
``working_days_between(a, b)`` counts the working days ``d`` with ``a < d <= b``, so
``working_days_between(start, add_working_days(start, n)) == n`` for every ``n >= 1``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from dateutil.easter import easter  # type: ignore[import-untyped]  # holidays depends on it

from casustafel.domain.validation import parse_date
from casustafel.errors import ValidationError
from casustafel.i18n import _

MAX_WORKING_DAYS = 1000
"""Largest "N werkdagen" a due date may ask for (about four years)."""

FIELD_DUE_DATE = "due_date"

_ONE_DAY = dt.timedelta(days=1)
_SATURDAY = 5
_LOOKS_LIKE_DATE = re.compile(r"\d[-/.]\d", re.ASCII)
_WORKING_DAYS_TEXT = re.compile(r"^(\d{1,6})\s*(?:werkdagen|werkdag|wd)\.?$", re.ASCII)


@dataclass(frozen=True, slots=True)
class WorkdayCalendar:
    """Which Dutch days off stop the clock; the fixed holidays always do.

    Attributes:
        good_friday: Goede Vrijdag is a day off.
        liberation_day: Bevrijdingsdag (5 May) is a day off, every year.
    """

    good_friday: bool = False
    liberation_day: bool = False

    def holidays_in(self, year: int) -> Mapping[dt.date, str]:
        """Return the days off of `year` (Sundays such as Easter included) with Dutch names."""
        return _holidays_in(self, year)

    def holiday_name(self, day: dt.date) -> str | None:
        """Return the Dutch name of the holiday on `day`, or None on an ordinary day."""
        return self.holidays_in(day.year).get(day)

    def is_working_day(self, day: dt.date) -> bool:
        """Tell whether `day` is a working day: Monday to Friday and not a day off."""
        return day.weekday() < _SATURDAY and day not in self.holidays_in(day.year)

    def next_working_day(self, day: dt.date) -> dt.date:
        """Return `day` itself when it is a working day, otherwise the first one after it."""
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """Return the n-th working day after `start` (before it when `n` is negative).

        The start day never counts. ``n == 0`` gives `start` when it is a working day and
        otherwise the next working day, so that the result is always a working day.
        """
        if n == 0:
            return self.next_working_day(start)
        step = _ONE_DAY if n > 0 else -_ONE_DAY
        day = start
        remaining = abs(n)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """Count the working days after `a` up to and including `b`; negative when b < a."""
        if b < a:
            return -self.working_days_between(b, a)
        weekdays = _weekdays_up_to(b) - _weekdays_up_to(a)
        holidays_on_weekdays = sum(
            1
            for year in range(a.year, b.year + 1)
            for day in self.holidays_in(year)
            if a < day <= b and day.weekday() < _SATURDAY
        )
        return weekdays - holidays_on_weekdays


DEFAULT_CALENDAR = WorkdayCalendar()
"""Good Friday and Liberation Day are working days; a municipality's settings may differ."""


def _weekdays_up_to(day: dt.date) -> int:
    """Count Mondays to Fridays from 1 January of year 1 (a Monday) up to and including `day`."""
    ordinal = day.toordinal()
    return (ordinal // 7) * 5 + min(ordinal % 7, 5)


@functools.lru_cache(maxsize=512)
def _holidays_in(calendar: WorkdayCalendar, year: int) -> Mapping[dt.date, str]:
    # Loaded on first use: the package is 15 ms of every command's start, and most
    # commands (cases, verify, sittings) never count workdays.
    import holidays

    package_days = holidays.country_holidays("NL", years=year, language="nl")
    found: dict[dt.date, str] = {day: "; ".join(package_days.get_list(day)) for day in package_days}
    easter_sunday: dt.date = easter(year)
    good_friday = easter_sunday - dt.timedelta(days=2)
    ascension = easter_sunday + dt.timedelta(days=39)
    liberation = dt.date(year, 5, 5)

    found.pop(good_friday, None)
    if calendar.good_friday:
        found[good_friday] = _("Goede Vrijdag")

    found.pop(liberation, None)
    if liberation == ascension:  # it happens (2016): Ascension stays a day off regardless
        found[liberation] = _("Hemelvaartsdag")
    if calendar.liberation_day:
        found[liberation] = (
            _("Bevrijdingsdag")
            if liberation not in found
            else f"{found[liberation]}; {_('Bevrijdingsdag')}"
        )
    return MappingProxyType(found)


def is_working_day(day: dt.date, calendar: WorkdayCalendar = DEFAULT_CALENDAR) -> bool:
    """Tell whether `day` is a Dutch working day. See :meth:`WorkdayCalendar.is_working_day`."""
    return calendar.is_working_day(day)


def next_working_day(day: dt.date, calendar: WorkdayCalendar = DEFAULT_CALENDAR) -> dt.date:
    """Return `day` or the first working day after it."""
    return calendar.next_working_day(day)


def add_working_days(
    start: dt.date, n: int, calendar: WorkdayCalendar = DEFAULT_CALENDAR
) -> dt.date:
    """Return the n-th working day after `start`. See :meth:`WorkdayCalendar.add_working_days`."""
    return calendar.add_working_days(start, n)


def working_days_between(
    a: dt.date, b: dt.date, calendar: WorkdayCalendar = DEFAULT_CALENDAR
) -> int:
    """Count the working days ``d`` with ``a < d <= b`` (negative when `b` lies before `a`)."""
    return calendar.working_days_between(a, b)


def resolve_due_date(
    text: str,
    start: dt.date,
    calendar: WorkdayCalendar = DEFAULT_CALENDAR,
    field: str = FIELD_DUE_DATE,
) -> dt.date:
    """Turn what the user typed as a due date into a date.

    Accepts "N werkdagen" (also "1 werkdag" and "N wd"), counted from `start` with
    :meth:`WorkdayCalendar.add_working_days`, or a date as :func:`parse_date` reads it
    (``23-11-2026`` or ``2026-11-23``), which is taken as given even on a weekend.

    Args:
        text: the user's input.
        start: the day the period starts (usually the start of the intervention).
        calendar: which days off count.
        field: form field for the error.

    Returns:
        The due date, never before `start`.

    Raises:
        ValidationError: when the text is neither form, asks for more than
            :data:`MAX_WORKING_DAYS` working days, or names a date before `start`.
    """
    cleaned = " ".join(text.split()).lower()
    if not cleaned:
        raise ValidationError(_("Vul een datum of een aantal werkdagen in."), field=field)
    if match := _WORKING_DAYS_TEXT.match(cleaned):
        n = int(match.group(1))
        if n > MAX_WORKING_DAYS:
            raise ValidationError(
                _("Kies hoogstens {n} werkdagen.").format(n=MAX_WORKING_DAYS), field=field
            )
        return calendar.add_working_days(start, n)
    if not _LOOKS_LIKE_DATE.search(cleaned):
        raise ValidationError(
            _("Vul een datum (23-11-2026) of een aantal werkdagen (10 werkdagen) in."),
            field=field,
        )
    # Something date-like: parse_date's own message ("bestaat niet", format) is the clearest.
    due = parse_date(cleaned, field)
    if due < start:
        raise ValidationError(
            _("De einddatum ligt vóór de startdatum ({start}).").format(
                start=start.strftime("%d-%m-%Y")
            ),
            field=field,
        )
    return due
