"""Validators for Dutch personal data: BSN, postcode, house number, phone number and dates.

Every ``validate_*`` function returns the normalised value or raises
:class:`casustafel.errors.ValidationError` with one Dutch message and the form field it
belongs to. Every ``check_*`` function runs the same rule without raising and returns the
message or ``None``, for forms that validate as the user types; an empty value counts as
"nothing to check" there unless ``required=True``.

Messages never repeat the value itself: a mistyped BSN or birth date is still personal
data, and these messages may end up in exceptions and logs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from casustafel.errors import ValidationError
from casustafel.i18n import _

T = TypeVar("T")

# Field names match the attributes of casustafel.domain.model.Person and Address, so that a
# form can put the message next to the right widget without a mapping table.
FIELD_BSN = "bsn"
FIELD_POSTCODE = "postcode"
FIELD_HOUSE_NUMBER = "house_number"
FIELD_PHONE = "phone"
FIELD_BIRTH_DATE = "birth_date"
FIELD_DATE = "date"

EARLIEST_PLAUSIBLE_YEAR = 1900
DEFAULT_MAX_YEARS_AHEAD = 2
"""How far ahead an event date (sitting, due date) may lie before it looks like a typo."""

_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
# People type BSNs as "1234.56.782" or "123 456 782"; those separators carry no meaning.
_BSN_SEPARATORS = re.compile(r"[\s.\-]")

_POSTCODE = re.compile(r"^(\d{4})\s*([A-Za-z]{2})$", re.ASCII)
# PostNL never issues these letter pairs (SA, SD and SS carried wartime connotations).
_POSTCODE_FORBIDDEN_LETTERS = frozenset({"SA", "SD", "SS"})

# Number, an optional house letter that stands alone (so "12bis" is an addition, not a
# letter "b" followed by "is"), and an optional addition after an optional separator.
_HOUSE_NUMBER = re.compile(
    r"^(\d{1,6})\s*([A-Za-z](?![A-Za-z0-9]))?\s*(?:[-/ ]\s*)?([A-Za-z0-9]{1,4})?$", re.ASCII
)
MAX_HOUSE_NUMBER = 99999

_PHONE_DECORATION = re.compile(r"[\s\-.()/]")

_DUTCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$", re.ASCII)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", re.ASCII)
# Typed without separators, as many do on a number pad: 12031985 is 12-03-1985.
_COMPACT_DATE = re.compile(r"^(\d{2})(\d{2})(\d{4})$", re.ASCII)


def _fail(message: str, field: str) -> ValidationError:
    return ValidationError(message, field=field)


def _check(validator: Callable[[str], T], value: str, required: bool) -> str | None:
    """Run `validator` and return its message instead of raising it."""
    if not value.strip() and not required:
        return None
    try:
        validator(value)
    except ValidationError as error:
        return error.message
    return None


# --- BSN ---------------------------------------------------------------------------------


def bsn_passes_elfproef(digits: str) -> bool:
    """Tell whether nine digits pass the BSN elfproef (weights 9..2 and -1, sum % 11 == 0).

    Args:
        digits: exactly nine digits, no separators.

    Returns:
        True when the weighted sum is divisible by 11 and the number is not all zeros.
    """
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit():
        return False
    if digits == "000000000":
        return False
    total = sum(w * int(d) for w, d in zip(_BSN_WEIGHTS, digits, strict=True))
    return total % 11 == 0


def validate_bsn(value: str, field: str = FIELD_BSN) -> str:
    """Validate a BSN and return it as nine digits.

    Spaces, dots and dashes are ignored; an eight-digit number gets a leading zero, as
    municipal systems that stored the BSN as a number hand it over.

    Args:
        value: the BSN as typed.
        field: form field for the error.

    Returns:
        The BSN as a string of nine digits.

    Raises:
        ValidationError: when the value is empty, not nine digits, all zeros, or fails the
            elfproef.
    """
    digits = _BSN_SEPARATORS.sub("", value)
    if not digits:
        raise _fail(_("Vul een BSN in."), field)
    if not (digits.isascii() and digits.isdigit()):
        raise _fail(_("Een BSN bestaat alleen uit cijfers."), field)
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9:
        raise _fail(_("Een BSN heeft 9 cijfers."), field)
    if digits == "000000000":
        raise _fail(_("Een BSN kan niet uit alleen nullen bestaan."), field)
    if not bsn_passes_elfproef(digits):
        raise _fail(_("Het BSN voldoet niet aan de elfproef."), field)
    return digits


def is_valid_bsn(value: str) -> bool:
    """Tell whether `value` is a valid BSN (same rules as :func:`validate_bsn`)."""
    return check_bsn(value, required=True) is None


def check_bsn(value: str, *, required: bool = False) -> str | None:
    """Return the message :func:`validate_bsn` would raise, or None when the BSN is fine."""
    return _check(validate_bsn, value, required)


# --- Postcode ----------------------------------------------------------------------------


def validate_postcode(value: str, field: str = FIELD_POSTCODE) -> str:
    """Validate a Dutch postcode and return it as ``1234 AB``.

    Lowercase letters and a missing or doubled space are accepted.

    Args:
        value: the postcode as typed.
        field: form field for the error.

    Returns:
        The postcode as four digits, one space and two capitals.

    Raises:
        ValidationError: when the value is not a valid Dutch postcode.
    """
    text = value.strip()
    if not text:
        raise _fail(_("Vul een postcode in."), field)
    match = _POSTCODE.match(text)
    if match is None:
        raise _fail(
            _("Een postcode bestaat uit 4 cijfers en 2 letters, bijvoorbeeld 7811 AP."), field
        )
    digits, letters = match.group(1), match.group(2).upper()
    if digits.startswith("0"):
        raise _fail(_("Een postcode begint niet met een 0."), field)
    if letters in _POSTCODE_FORBIDDEN_LETTERS:
        raise _fail(_("Postcodes met de letters SA, SD of SS bestaan niet."), field)
    return f"{digits} {letters}"


def check_postcode(value: str, *, required: bool = False) -> str | None:
    """Return the message :func:`validate_postcode` would raise, or None."""
    return _check(validate_postcode, value, required)


# --- House number ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HouseNumber:
    """A house number split as the BAG does: number, house letter and addition."""

    number: int
    letter: str = ""  # one capital, written against the number: 12A
    addition: str = ""  # up to four characters after a dash: 12-2, 12-BIS

    def __str__(self) -> str:
        text = f"{self.number}{self.letter}"
        return f"{text}-{self.addition}" if self.addition else text


def parse_house_number(value: str, field: str = FIELD_HOUSE_NUMBER) -> HouseNumber:
    """Split a house number such as ``12``, ``12a``, ``12-2``, ``12 bis`` or ``12A-3``.

    Args:
        value: the house number as typed.
        field: form field for the error.

    Returns:
        The parts, with letter and addition in capitals.

    Raises:
        ValidationError: when there is no number from 1 to 99999 or the addition is not
            one to four letters or digits.
    """
    text = value.strip()
    if not text:
        raise _fail(_("Vul een huisnummer in."), field)
    match = _HOUSE_NUMBER.match(text)
    if match is None:
        raise _fail(
            _("Schrijf het huisnummer als 12, 12A of 12-2."),
            field,
        )
    number = int(match.group(1))
    if not 1 <= number <= MAX_HOUSE_NUMBER:
        raise _fail(_("Een huisnummer ligt tussen 1 en 99999."), field)
    letter = (match.group(2) or "").upper()
    addition = (match.group(3) or "").upper()
    return HouseNumber(number, letter, addition)


def validate_house_number(value: str, field: str = FIELD_HOUSE_NUMBER) -> str:
    """Validate a house number and return it normalised (``12``, ``12A``, ``12-2``, ``12-BIS``).

    Raises:
        ValidationError: see :func:`parse_house_number`.
    """
    return str(parse_house_number(value, field))


def check_house_number(value: str, *, required: bool = False) -> str | None:
    """Return the message :func:`validate_house_number` would raise, or None."""
    return _check(validate_house_number, value, required)


# --- Phone -------------------------------------------------------------------------------


def validate_phone(value: str, field: str = FIELD_PHONE) -> str:
    """Validate a phone number leniently and return it without decoration.

    Dutch numbers (``06-12345678``, ``0591 123456``, ``+31 (0)6 1234 5678``, ``0031...``)
    become ten digits starting with 0; 0800/090x service numbers keep their length;
    foreign numbers become ``+`` and their digits (E.164, at most 15 digits).

    Args:
        value: the phone number as typed.
        field: form field for the error.

    Returns:
        ``0612345678``-style for Dutch numbers, ``+3212345678``-style for foreign ones.

    Raises:
        ValidationError: when the value cannot be a phone number.
    """
    text = value.strip()
    if not text:
        raise _fail(_("Vul een telefoonnummer in."), field)
    compact = _PHONE_DECORATION.sub("", text.replace("(0)", ""))
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    invalid = _fail(
        _("Dit is geen geldig telefoonnummer; gebruik bijvoorbeeld 06-12345678 of 0591-123456."),
        field,
    )
    international = compact.startswith("+")
    digits = compact[1:] if international else compact
    if not digits or not (digits.isascii() and digits.isdigit()):
        raise invalid
    if international:
        if digits.startswith("31"):
            # "+31 06..." is a common slip: the trunk zero kept after the country code.
            digits = "0" + digits[2:].removeprefix("0")
        elif 8 <= len(digits) <= 15 and not digits.startswith("0"):
            return "+" + digits
        else:
            raise invalid
    if re.fullmatch(r"0(800|90[069])\d{4,7}", digits):
        return digits
    if len(digits) == 10 and digits.startswith("0") and digits[1] != "0":
        return digits
    raise invalid


def check_phone(value: str, *, required: bool = False) -> str | None:
    """Return the message :func:`validate_phone` would raise, or None."""
    return _check(validate_phone, value, required)


# --- Dates -------------------------------------------------------------------------------


def parse_date(value: str | dt.date, field: str = FIELD_DATE) -> dt.date:
    """Read a date written the Dutch way (``23-11-2026``, ``23-1-2026``, also with / or .,
    or ``23112026`` without separators) or as ISO (``2026-11-23``).

    Args:
        value: the text as typed, or a date (returned as is; a datetime loses its time).
        field: form field for the error.

    Returns:
        The date.

    Raises:
        ValidationError: when the text is empty, in another format, or not a real date.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = value.strip()
    if not text:
        raise _fail(_("Vul een datum in."), field)
    if match := _DUTCH_DATE.match(text) or _COMPACT_DATE.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO_DATE.match(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise _fail(_("Schrijf de datum als dd-mm-jjjj, bijvoorbeeld 23-11-2026."), field)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _fail(_("Deze datum bestaat niet; controleer dag en maand."), field) from None


def validate_birth_date(
    value: str | dt.date, *, today: dt.date | None = None, field: str = FIELD_BIRTH_DATE
) -> dt.date:
    """Validate a date of birth: a real date, not in the future and not before 1900.

    Args:
        value: the text as typed or a date.
        today: the reference date (for tests and a controllable clock); default today.
        field: form field for the error.

    Returns:
        The date of birth.

    Raises:
        ValidationError: when the date cannot be read or is not plausible.
    """
    date = parse_date(value, field)
    if date > (today or dt.date.today()):
        raise _fail(_("Een geboortedatum kan niet in de toekomst liggen."), field)
    if date.year < EARLIEST_PLAUSIBLE_YEAR:
        raise _fail(_("Een geboortedatum vóór 1900 is niet aannemelijk."), field)
    return date


def _years_later(date: dt.date, years: int) -> dt.date:
    try:
        return date.replace(year=date.year + years)
    except ValueError:  # 29 February in a year that has none
        return date.replace(year=date.year + years, day=28)


def validate_event_date(
    value: str | dt.date,
    *,
    today: dt.date | None = None,
    max_years_ahead: int = DEFAULT_MAX_YEARS_AHEAD,
    field: str = FIELD_DATE,
) -> dt.date:
    """Validate the date of an event (signal, sitting, due date): plausible, not too far ahead.

    Args:
        value: the text as typed or a date.
        today: the reference date; default today.
        max_years_ahead: how many years after `today` the date may lie.
        field: form field for the error.

    Returns:
        The date.

    Raises:
        ValidationError: when the date cannot be read, lies before 1900 or more than
            `max_years_ahead` years ahead.
    """
    date = parse_date(value, field)
    if date.year < EARLIEST_PLAUSIBLE_YEAR:
        raise _fail(_("Een datum vóór 1900 is niet aannemelijk."), field)
    limit = _years_later(today or dt.date.today(), max_years_ahead)
    if date > limit:
        raise _fail(
            _("Deze datum ligt te ver in de toekomst; de uiterste datum is {limit}.").format(
                limit=limit.strftime("%d-%m-%Y")
            ),
            field,
        )
    return date


def check_date(value: str, *, required: bool = False) -> str | None:
    """Return the message :func:`parse_date` would raise, or None."""
    return _check(parse_date, value, required)


def check_birth_date(
    value: str, *, today: dt.date | None = None, required: bool = False
) -> str | None:
    """Return the message :func:`validate_birth_date` would raise, or None."""
    return _check(lambda v: validate_birth_date(v, today=today), value, required)


def check_event_date(
    value: str,
    *,
    today: dt.date | None = None,
    max_years_ahead: int = DEFAULT_MAX_YEARS_AHEAD,
    required: bool = False,
) -> str | None:
    """Return the message :func:`validate_event_date` would raise, or None."""
    return _check(
        lambda v: validate_event_date(v, today=today, max_years_ahead=max_years_ahead),
        value,
        required,
    )
