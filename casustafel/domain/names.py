"""Dutch names and dates: prefixes (tussenvoegsels), initials labels, register sorting, date text.

Conventions, chosen once and used everywhere:

* **Initials** of a person are the initial of the first given name, then the initials of
  the surname with its prefix words in lower case: Jan Pieter de Vries → ``J.d.V.``;
  Anna Jansen-van Dijk → ``A.J.v.D.``. Only the first given name counts, so that a label
  on a distributed agenda discloses as little as possible. Dutch ``IJ`` is one letter:
  IJsbrand IJzerman → ``IJ.IJ.``.
* A **case label** is the initials of at most two persons joined by " / ", a "+N" for any
  further persons, and the area in brackets: ``J.d.V. / M.B. +1 (Emmerhout)``.
* **Sorting** follows Dutch registers: the prefix does not count, so "de Vries" sorts
  under V as "Vries, Jan de"; case and accents are ignored.
* **Dates** are written without the OS locale: ``23-11-2026``, ``23 november 2026``,
  ``maandag 23 november 2026``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence

from casustafel.domain.model import Person
from casustafel.i18n import _

# Dutch tussenvoegsels (and the foreign ones Dutch registers treat the same way), lower
# case. Multi-word prefixes ("van der", "van 't", "in 't") are sequences of these words.
PREFIX_WORDS = frozenset(
    {
        "'s", "'t", "aan", "af", "al", "am", "auf", "bij", "d'", "da", "dal", "das", "de",
        "del", "della", "dem", "den", "der", "des", "di", "do", "dos", "du", "el", "het",
        "im", "in", "l'", "la", "las", "le", "les", "lo", "los", "onder", "op", "over",
        "te", "ten", "ter", "tot", "uit", "uijt", "van", "ver", "voor", "vom", "von",
        "zu", "zum", "zur",
    }
)  # fmt: skip

MAX_LABEL_PERSONS = 2

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
# A glued elided prefix: d'Ancona, l'Ecluse.
_GLUED_PREFIX = re.compile(r"^([dl]')(\w.*)$")
_WORD_SPLIT = re.compile(r"[\s\-.]+")


def _normalise_word(word: str) -> str:
    return word.translate(_APOSTROPHES).lower()


def _is_prefix_word(word: str) -> bool:
    return _normalise_word(word) in PREFIX_WORDS


def split_surname(full_surname: str) -> tuple[str, str]:
    """Split a surname as typed into its prefix and the surname proper.

    Leading prefix words are taken off as long as a surname remains; casing is kept as
    typed. ``"van der Berg"`` → ``("van der", "Berg")``; ``"d'Ancona"`` → ``("d'",
    "Ancona")``; ``"Jansen-de Vries"`` → ``("", "Jansen-de Vries")``; ``"De"`` → ``("",
    "De")``.

    Args:
        full_surname: the surname including any prefix.

    Returns:
        ``(prefix, surname)``; the prefix is ``""`` when there is none.
    """
    words = full_surname.split()
    prefix: list[str] = []
    while len(words) > 1 and _is_prefix_word(words[0]):
        prefix.append(words.pop(0))
    # Lower case only: in D'Hondt the D' belongs to the (Flemish) surname.
    if words and _GLUED_PREFIX.match(words[0].translate(_APOSTROPHES)):
        prefix.append(words[0][:2])
        words[0] = words[0][2:]
    return " ".join(prefix), " ".join(words)


def _ascii_fold(text: str) -> str:
    """Fold case and drop accents and punctuation, so that ë sorts as e and - as a space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]|_", " ", letters).split())


def surname_sort_key(surname: str, prefix: str = "", given_names: str = "") -> tuple[str, str, str]:
    """Return a key that sorts names as Dutch registers do: by surname without prefix.

    When `prefix` is empty, a prefix inside `surname` ("de Vries") is split off first.

    Args:
        surname: the surname, with or without its prefix.
        prefix: the prefix when it is stored apart.
        given_names: given names or initials, the second sort level.

    Returns:
        ``(surname, given names, prefix)``, case- and accent-folded.
    """
    if not prefix:
        prefix, surname = split_surname(surname)
    return (_ascii_fold(surname), _ascii_fold(given_names), _ascii_fold(prefix))


def person_sort_key(person: Person) -> tuple[str, str, str]:
    """Return :func:`surname_sort_key` for a :class:`Person`."""
    return surname_sort_key(person.surname, person.prefix, person.given_names)


def format_register_name(person: Person) -> str:
    """Write a person as a register lists them: ``Vries, Jan de``."""
    prefix, surname = (
        (person.prefix, person.surname) if person.prefix else split_surname(person.surname)
    )
    rest = " ".join(part for part in (person.given_names, prefix) if part)
    return f"{surname}, {rest}" if surname and rest else surname or rest


def _word_initial(word: str, *, lower: bool = False) -> str:
    letters = word.translate(_APOSTROPHES).lstrip("'")
    if not letters:
        return ""
    if letters[:2].lower() == "ij":  # the Dutch IJ is one letter: IJsbrand → IJ.
        return "ij." if lower else "IJ."
    return letters[0].lower() + "." if lower else letters[0].upper() + "."


def initials(given_names: str) -> str:
    """Return the initials of all given names: ``Jan Pieter`` → ``J.P.``, ``J.P.`` → ``J.P.``."""
    return "".join(_word_initial(word) for word in _WORD_SPLIT.split(given_names) if word)


def surname_initials(surname: str, prefix: str = "") -> str:
    """Return the initials of a surname, prefix words in lower case: ``de Vries`` → ``d.V.``."""
    if not prefix:
        prefix, surname = split_surname(surname)
    words = [w for w in _WORD_SPLIT.split(f"{prefix} {surname}") if w]
    last = len(words) - 1
    # The last word is the surname itself even when it looks like a prefix ("De").
    return "".join(
        _word_initial(w, lower=i < last and _is_prefix_word(w)) for i, w in enumerate(words)
    )


def person_initials(person: Person) -> str:
    """Return the compact initials of a person: first given name plus surname, ``J.d.V.``."""
    first_given = next((w for w in _WORD_SPLIT.split(person.given_names) if w), "")
    return _word_initial(first_given) + surname_initials(person.surname, person.prefix)


def case_label(persons: Sequence[Person], area: str, max_persons: int = MAX_LABEL_PERSONS) -> str:
    """Return the label a case carries in lists and on the distributed agenda.

    Args:
        persons: the persons to show, most important first (e.g. the veroorzakers).
        area: the case's wijk or dorp; may be empty.
        max_persons: how many persons are shown before "+N".

    Returns:
        For example ``J.d.V. (Emmerhout)``, ``J.d.V. / M.B. +1 (Emmerhout)``, ``Emmerhout``
        when no person has initials, or ``""`` when there is nothing to show.
    """
    labels = [label for label in (person_initials(p) for p in persons) if label]
    text = " / ".join(labels[:max_persons])
    if len(labels) > max_persons:
        text += f" +{len(labels) - max_persons}"
    area = area.strip()
    if text and area:
        return f"{text} ({area})"
    return text or area


# --- Dates -------------------------------------------------------------------------------


def month_names() -> tuple[str, ...]:
    """Return the Dutch month names, januari first (lower case, as Dutch writes them)."""
    return (
        _("januari"), _("februari"), _("maart"), _("april"), _("mei"), _("juni"),
        _("juli"), _("augustus"), _("september"), _("oktober"), _("november"), _("december"),
    )  # fmt: skip


def month_abbreviations() -> tuple[str, ...]:
    """Return the Dutch short month names: jan, feb, mrt, ..."""
    return (
        _("jan"), _("feb"), _("mrt"), _("apr"), _("mei"), _("jun"),
        _("jul"), _("aug"), _("sep"), _("okt"), _("nov"), _("dec"),
    )  # fmt: skip


def weekday_names() -> tuple[str, ...]:
    """Return the Dutch weekday names, maandag first (as ``date.weekday()`` counts)."""
    return (
        _("maandag"), _("dinsdag"), _("woensdag"), _("donderdag"),
        _("vrijdag"), _("zaterdag"), _("zondag"),
    )  # fmt: skip


def weekday_abbreviations() -> tuple[str, ...]:
    """Return the Dutch two-letter weekday names: ma, di, wo, do, vr, za, zo."""
    return (_("ma"), _("di"), _("wo"), _("do"), _("vr"), _("za"), _("zo"))


def month_name(month: int) -> str:
    """Return the Dutch name of `month` (1–12)."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, not {month}")
    return month_names()[month - 1]


def weekday_name(day: dt.date) -> str:
    """Return the Dutch weekday of `day`: ``maandag`` for 23 November 2026."""
    return weekday_names()[day.weekday()]


def format_date(day: dt.date) -> str:
    """Write a date the short Dutch way: ``23-11-2026``."""
    return f"{day.day:02d}-{day.month:02d}-{day.year:04d}"


def format_date_long(day: dt.date, *, weekday: bool = False) -> str:
    """Write a date in words: ``23 november 2026`` or ``maandag 23 november 2026``."""
    text = f"{day.day} {month_name(day.month)} {day.year}"
    return f"{weekday_name(day)} {text}" if weekday else text


def format_date_short(day: dt.date, *, weekday: bool = False) -> str:
    """Write a date compactly for lists: ``23 nov 2026`` or ``ma 23 nov 2026``."""
    text = f"{day.day} {month_abbreviations()[day.month - 1]} {day.year}"
    return f"{weekday_abbreviations()[day.weekday()]} {text}" if weekday else text


def format_month(year: int, month: int) -> str:
    """Write a month for reports: ``november 2026``."""
    return f"{month_name(month)} {year}"


def format_datetime(moment: dt.datetime) -> str:
    """Write a date and time: ``23-11-2026 14:05``."""
    return f"{format_date(moment.date())} {moment.hour:02d}:{moment.minute:02d}"
