"""The one rule for what identifies a person in free text, shared by every check and every mask.

Two sources of identifying text are recognised:

* **A case's subjects** (`Identity`): full names, given names (also short ones), surnames with
  and without their prefix, initials with a surname, organisation names, the BSN with any
  separators, the postcode with or without its space in any case, the street (alone and with
  house number and addition), the date of birth in every Dutch written form and the phone
  number in any grouping.
* **Patterns that identify whoever they belong to**: nine digits that pass the elfproef, a
  Dutch postcode, a date next to "geboren"/"geb." and an e-mail address.

Matching is on whole words: a name inside a longer word ("Noor" in "Veenoord", the street in
"Houtwegbuurt") is not a mention. Names that are also common Dutch words ("Ben", "Roos",
"Jan" as a month) only count when written with a capital, so "ik ben" stays harmless.

`find_identifiers` returns `Finding`s with a Dutch reason and a span; the distributed print
check refuses on any finding and the presentation-mode masker replaces each span, so the two
can never disagree. A finding never carries the matched text itself (it is personal data).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from casustafel.domain.model import Person, Subject, SubjectKind
from casustafel.domain.names import person_initials, split_surname
from casustafel.domain.validation import bsn_passes_elfproef
from casustafel.i18n import _

__all__ = [
    "COMMON_WORDS",
    "HIDDEN",
    "Finding",
    "IdentifierKind",
    "IdentifierRule",
    "Identity",
    "find_identifiers",
    "identity_from_line",
    "identity_of",
]

HIDDEN = "•••"

# Names that are also everyday words (or month abbreviations): only a capitalised spelling
# counts as a mention, so "ik ben", "een roos" and "1 jan" stay harmless.
COMMON_WORDS = frozenset(
    {
        "aan", "arend", "bas", "beer", "ben", "berg", "bert", "bij", "blom", "boer", "bos",
        "bril", "dam", "dec", "dijk", "feb", "gerrit", "groot", "hof", "hoek", "holt", "hoog",
        "jan", "jong", "jun", "jul", "koning", "kok", "lange", "lent", "maan", "mar", "mark",
        "mei", "meer", "molen", "nov", "okt", "roos", "sep", "smit", "ster", "storm", "toon",
        "vos", "wil", "wolf", "zee", "zon",
    }
)  # fmt: skip

_MONTHS = (
    ("januari", "jan"), ("februari", "feb"), ("maart", "mrt", "mar"), ("april", "apr"),
    ("mei",), ("juni", "jun"), ("juli", "jul"), ("augustus", "aug"),
    ("september", "sep", "sept"), ("oktober", "okt", "oct"), ("november", "nov"),
    ("december", "dec"),
)  # fmt: skip

_B = r"(?<!\w)"  # word start
_E = r"(?!\w)"  # word end
_SEP = r"[\s.\-/]?"  # one optional separator inside a number
_DATE_SEP = r"\s*[-/.]\s*|\s+"


class IdentifierKind(StrEnum):
    """What kind of identifying data a finding is; `reason` is the Dutch text for the user."""

    NAAM = "naam"
    INITIALEN = "initialen"
    ORGANISATIE = "organisatie"
    BSN = "bsn"
    POSTCODE = "postcode"
    ADRES = "adres"
    STRAAT = "straat"
    GEBOORTEDATUM = "geboortedatum"
    TELEFOON = "telefoon"
    EMAIL = "email"

    @property
    def reason(self) -> str:
        return {
            IdentifierKind.NAAM: _("een naam van een betrokkene"),
            IdentifierKind.INITIALEN: _("initialen met de achternaam van een betrokkene"),
            IdentifierKind.ORGANISATIE: _("de naam van een organisatie uit de casus"),
            IdentifierKind.BSN: _("een BSN"),
            IdentifierKind.POSTCODE: _("een postcode"),
            IdentifierKind.ADRES: _("een adres (straat en huisnummer)"),
            IdentifierKind.STRAAT: _("de straat van een betrokkene"),
            IdentifierKind.GEBOORTEDATUM: _("een geboortedatum"),
            IdentifierKind.TELEFOON: _("een telefoonnummer"),
            IdentifierKind.EMAIL: _("een e-mailadres"),
        }[self]


@dataclass(frozen=True, slots=True)
class Identity:
    """Everything that identifies one subject; built from a `Subject` or a dossier line."""

    given_names: str = ""
    prefix: str = ""
    surname: str = ""
    organisation: str = ""
    birth_date: dt.date | None = None
    bsn: str = ""
    phone: str = ""
    street: str = ""
    house_number: str = ""
    postcode: str = ""
    email: str = ""
    initials: str = ""  # what a masked name becomes, e.g. "J.d.V."


@dataclass(frozen=True, slots=True)
class Finding:
    """One identifying mention in a text: what kind, where, and what a mask puts there."""

    kind: IdentifierKind
    start: int
    end: int
    replacement: str = HIDDEN

    @property
    def reason(self) -> str:
        return self.kind.reason


def identity_of(subject: Subject) -> Identity:
    """The identity of a subject as stored in the vault."""
    person, address = subject.person, subject.address
    is_person = subject.kind is SubjectKind.PERSOON
    return Identity(
        given_names=person.given_names if is_person else "",
        prefix=person.prefix if is_person else "",
        surname=person.surname if is_person else "",
        organisation=subject.organisation_name if subject.kind is SubjectKind.ORGANISATIE else "",
        birth_date=person.birth_date if is_person else None,
        bsn=person.bsn if is_person else "",
        phone=person.phone,
        street=address.street,
        house_number=address.house_number,
        postcode=address.postcode,
        initials=(person_initials(person) if is_person else "") or HIDDEN,
    )


_ADDRESS_LINE = re.compile(r"^(?P<street>.*?)\s+(?P<number>\d+\S*)$")
_POSTCODE_IN = re.compile(r"\b([1-9]\d{3}\s?[A-Za-z]{2})\b")


def identity_from_line(
    name: str,
    *,
    birth_date: dt.date | None = None,
    bsn: str = "",
    phone: str = "",
    address: str = "",
) -> Identity:
    """An identity from a dossier line: a name in one string, an address as "street nr, pc town"."""
    words = name.split()
    given, surname_part = (words[0], " ".join(words[1:])) if len(words) > 1 else ("", name)
    prefix, surname = split_surname(surname_part)
    street_part = address.split(",")[0].strip()
    found = _ADDRESS_LINE.match(street_part)
    street, number = (found["street"], found["number"]) if found else (street_part, "")
    postcode = _POSTCODE_IN.search(address)
    person = Person(surname=surname, prefix=prefix, given_names=given)
    return Identity(
        given_names=given,
        prefix=prefix,
        surname=surname,
        birth_date=birth_date,
        bsn=bsn,
        phone=phone,
        street=street,
        house_number=number,
        postcode=postcode.group(1) if postcode else "",
        initials=person_initials(person) or HIDDEN,
    )


# --- patterns -----------------------------------------------------------------------------


def _word_pattern(text: str) -> str:
    """A name form as a regex: spaces and hyphens match any run of spaces or a hyphen."""
    parts = [re.escape(p) for p in re.split(r"[\s]+", text.strip()) if p]
    return r"\s+".join(parts)


def _name_source(form: str) -> str | None:
    """Whole-word regex source for a name form: case-blind, or capitalised if a common word."""
    form = " ".join(form.split())
    if len(form.replace(" ", "")) < 2:
        return None
    if form.casefold() in COMMON_WORDS:
        # Only the capitalised spelling: first letter upper case, the rest as typed or upper.
        first, rest = re.escape(form[0].upper()), re.escape(form[1:])
        return rf"{_B}{first}(?:{rest}|{rest.upper()}){_E}"
    return rf"{_B}(?i:{_word_pattern(form)}){_E}"


def _anchor(form: str) -> str:
    """The word a match of `form` always contains: the prefilter looks for it first."""
    words = re.findall(r"\w+", form.casefold())
    return words[-1] if words else ""


def _surname_forms(prefix: str, surname: str) -> list[str]:
    """ "de Vries" and "Vries"; for "Jansen-van Dijk" also each part with and without prefix."""
    forms = []
    if prefix:
        forms.append(f"{prefix} {surname}")
    forms.append(surname)
    parts = [p for p in re.split(r"\s*-\s*", surname) if p]
    if len(parts) > 1:
        for part in parts:
            part_prefix, proper = split_surname(part)
            forms.append(part)
            if part_prefix:
                forms.append(proper)
    return forms


def _digits_regex(digits: str) -> str:
    return _SEP.join(re.escape(d) for d in digits)


def _date_regexes(day: dt.date) -> list[str]:
    d, m, y = day.day, day.month, day.year
    dd = rf"0?{d}" if d < 10 else str(d)
    mm = rf"0?{m}" if m < 10 else str(m)
    sep = rf"(?:{_DATE_SEP})"
    months = "|".join(re.escape(n) for n in _MONTHS[m - 1])
    return [
        rf"{dd}{sep}{mm}{sep}(?:{y}|{y % 100:02d})",
        rf"{y}{sep}{mm}{sep}{dd}",
        rf"{d:02d}{m:02d}{y}",
        rf"{y}{m:02d}{d:02d}",
        rf"{dd}(?:e|ste|de)?\s*(?:{months})\.?\s*{y}",
    ]


def _phone_regex(phone: str) -> tuple[str, str] | None:
    """Regex source for a phone number in any grouping, and digits every grouping holds."""
    digits = re.sub(r"\D", "", phone.replace("(0)", ""))
    if phone.strip().startswith("+") or digits.startswith("00"):
        digits = digits.removeprefix("00")
        if not digits.startswith("31"):
            return (_digits_regex(digits), digits) if len(digits) >= 6 else None
        digits = "0" + digits[2:].removeprefix("0")
    if len(digits) < 6:
        return None
    gap = r"[\s.\-/()]{0,3}"
    rest = gap.join(re.escape(c) for c in digits[1:])
    # 06 12345678, 06-123 456 78, (06) 12345678, +31 6 12345678, +31 (0)6 ..., 0031 6 ...
    return rf"(?:\(?0\)?|(?:\+|00)31{gap}(?:\(0\))?{gap}){gap}{rest}", digits[1:]


@dataclass(frozen=True, slots=True)
class _Pattern:
    """One compiled pattern, and the cheap test of the text that must pass before it runs.

    Most texts mention nobody: a word the pattern needs (`anchors`), digits it needs in order
    once separators are gone (`digits`), or an "@" rule out nearly every pattern at the cost
    of a set or substring look-up, so a print with many subjects stays fast.
    """

    kind: IdentifierKind
    # A subject's pattern stays source text until a text passes `may_match`: compiling
    # every subject's names up front cost ~2 ms per subject (0.7 s for a 300-case list)
    # while nearly no text mentions anybody.
    expression: re.Pattern[str] | str
    replacement: str = HIDDEN
    check_elfproef: bool = False
    group: int = 0  # the part of the match that is the identifier (a date, not "geboren")
    anchors: frozenset[str] = frozenset()  # one of these words must be in the text
    digits: str = ""  # these digits must be in the text's digits (separators removed)
    needs_digit: bool = False
    needs_at: bool = False

    @property
    def regex(self) -> re.Pattern[str]:
        if isinstance(self.expression, str):
            return _compiled(self.expression)
        return self.expression

    def may_match(self, words: set[str], digits: str, at: bool) -> bool:
        if self.anchors and self.anchors.isdisjoint(words):
            return False
        if (self.needs_digit and not digits) or self.digits not in digits:
            return False
        return at or not self.needs_at


_Key = tuple[IdentifierKind, str, str]  # kind, replacement, digit anchor


@dataclass
class _Collector:
    """Regex sources of one identity, grouped so that each kind compiles to one pattern."""

    sources: dict[_Key, list[str]] = field(default_factory=dict)
    anchors: dict[_Key, set[str]] = field(default_factory=dict)

    def add(
        self,
        kind: IdentifierKind,
        source: str | None,
        new: str = HIDDEN,
        *,
        anchor: str = "",
        digits: str = "",
    ) -> None:
        if source is None:
            return
        key = (kind, new, digits)
        self.sources.setdefault(key, []).append(source)
        if anchor:
            self.anchors.setdefault(key, set()).add(anchor)

    def patterns(self) -> tuple[_Pattern, ...]:
        found = []
        for key, sources in self.sources.items():
            kind, new, digits = key
            # Longest first: at one position the alternation takes the first that matches.
            joined = "|".join(f"(?:{s})" for s in sorted(set(sources), key=len, reverse=True))
            found.append(
                _Pattern(
                    kind,
                    joined,
                    new,
                    anchors=frozenset(self.anchors.get(key, ())),
                    digits=digits,
                    needs_at=kind is IdentifierKind.EMAIL,
                )
            )
        return tuple(found)


def _identity_patterns(identity: Identity) -> tuple[_Pattern, ...]:
    out = _Collector()
    label = identity.initials or HIDDEN
    naam = IdentifierKind.NAAM

    def name(kind: IdentifierKind, form: str, new: str = label) -> None:
        out.add(kind, _name_source(form), new, anchor=_anchor(form))

    surname_forms = _surname_forms(identity.prefix, identity.surname) if identity.surname else []
    given = identity.given_names.split()
    if identity.surname:
        for first in filter(None, (identity.given_names, given[0] if given else "")):
            name(naam, f"{first} {surname_forms[0]}")
            name(naam, f"{first} {identity.surname}")
        initials = r"(?:[A-Z](?:[a-z]{0,2}|J)\.\s*){1,5}|[A-Z]{1,4}\s+"
        for form in surname_forms[:2]:
            source = rf"{_B}(?:{initials})(?i:{_word_pattern(form)}){_E}"
            out.add(IdentifierKind.INITIALEN, source, label, anchor=_anchor(form))
        for form in surname_forms:
            name(naam, form)
    for part in (identity.given_names, *given):
        name(naam, part)
    if len(identity.organisation.strip()) >= 3:
        name(IdentifierKind.ORGANISATIE, identity.organisation, HIDDEN)
    bsn = re.sub(r"\D", "", identity.bsn)
    if len(bsn) >= 8:
        out.add(IdentifierKind.BSN, rf"(?<!\d){_digits_regex(bsn)}(?!\d)", digits=bsn)
    postcode = re.sub(r"\s", "", identity.postcode)
    if len(postcode) == 6:
        source = rf"{_B}{postcode[:4]}\s*(?i:{postcode[4:]}){_E}"
        out.add(IdentifierKind.POSTCODE, source, digits=postcode[:4])
    street = " ".join(identity.street.split())
    if len(street) >= 3:
        number = re.match(r"\d+", identity.house_number.strip())
        if number:
            addition = r"(?:\s*-?\s*[A-Za-z0-9]{1,4}(?!\w))?"
            body = rf"(?i:{_word_pattern(street)})\s*{number.group(0)}(?!\d){addition}"
            out.add(IdentifierKind.ADRES, rf"{_B}{body}", anchor=_anchor(street), digits=number[0])
        name(IdentifierKind.STRAAT, street, HIDDEN)
    if identity.birth_date is not None:
        year = f"{identity.birth_date.year % 100:02d}"  # in every written form
        for source in _date_regexes(identity.birth_date):
            out.add(IdentifierKind.GEBOORTEDATUM, rf"(?<!\w)(?i:{source})(?!\w)", digits=year)
    phone = _phone_regex(identity.phone)
    if phone is not None:
        source, tail = phone
        out.add(IdentifierKind.TELEFOON, rf"(?<![\d+]){source}(?!\d)", digits=tail)
    if "@" in identity.email:
        out.add(IdentifierKind.EMAIL, rf"(?i:{re.escape(identity.email.strip())})")
    return out.patterns()


_WORDS = re.compile(r"\w+")
_NOT_DIGIT = re.compile(r"\D")
_MONTH_NAMES = "|".join(re.escape(n) for names in _MONTHS for n in names)
_ANY_DATE = (
    rf"\d{{1,2}}(?:{_DATE_SEP})\d{{1,2}}(?:{_DATE_SEP})\d{{2,4}}"
    rf"|\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}|\d{{8}}"
    rf"|\d{{1,2}}(?:e|ste|de)?\s*(?:{_MONTH_NAMES})\.?\s*\d{{4}}"
)
_GENERIC = (
    # Nine digits, with or without separators, not part of a longer number: elfproef decides.
    _Pattern(
        IdentifierKind.BSN,
        re.compile(r"(?<!\d)(?<!\d[ .\-])\d(?:[ .\-]?\d){8}(?![ .\-]?\d)"),
        check_elfproef=True,
        needs_digit=True,
    ),
    # A Dutch postcode: spaced with capitals ("7811 AP") or glued in any case ("7811ap").
    _Pattern(
        IdentifierKind.POSTCODE,
        re.compile(
            r"(?<![\w-])[1-9]\d{3}(?: ?(?!SA|SD|SS)[A-Z]{2}|(?i:(?!sa|sd|ss)[a-z]{2}))(?!\w)"
        ),
        needs_digit=True,
    ),
    _Pattern(
        IdentifierKind.GEBOORTEDATUM,
        re.compile(
            rf"\b(?:geboren|geb\.?|geboortedatum)\s*(?:op\s+|:\s*)?({_ANY_DATE})(?!\w)",
            re.IGNORECASE,
        ),
        group=1,
        needs_digit=True,
    ),
    _Pattern(
        IdentifierKind.EMAIL,
        re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+", re.IGNORECASE),
        needs_at=True,
    ),
)


class IdentifierRule:
    """The rule compiled for a set of subjects; reuse it for many texts (a masker, a print)."""

    def __init__(self, identities: Iterable[Identity] = (), *, generic: bool = True) -> None:
        """Compile the rule for `identities`.

        Args:
            identities: The subjects whose names, numbers and addresses count.
            generic: Also the patterns that identify whoever they belong to. Off only for a
                text that is an official's or an office's by nature (a meeting place such as
                "Raadhuisplein 1, 7811 AP Emmen"), where only the subjects count.
        """
        self._patterns: list[_Pattern] = [p for i in identities for p in _cached(i)]
        if generic:
            self._patterns.extend(_GENERIC)

    def find(self, text: str) -> list[Finding]:
        """Every identifying mention in `text`, left to right, never overlapping.

        Where two mentions overlap, the one that starts first wins, and of those the longest,
        so "Jan de Vries" is one finding rather than "Jan" and "Vries".
        """
        if not text:
            return []
        spans: list[Finding] = []
        # Cheap tests first: most patterns need a word or a digit the text does not hold.
        words = set(_WORDS.findall(text.casefold()))
        digits = _NOT_DIGIT.sub("", text)
        at = "@" in text
        for pattern in self._patterns:
            if not pattern.may_match(words, digits, at):
                continue
            for match in pattern.regex.finditer(text):
                if pattern.check_elfproef and not _elfproef(match.group(0)):
                    continue
                group = pattern.group
                start, end = _strip(text, match.start(group), match.end(group))
                spans.append(Finding(pattern.kind, start, end, pattern.replacement))
        spans.sort(key=lambda f: (f.start, -(f.end - f.start)))
        chosen: list[Finding] = []
        for finding in spans:
            if not chosen or finding.start >= chosen[-1].end:
                chosen.append(finding)
        return chosen

    def mask(self, text: str) -> str:
        """`text` with every finding replaced: names by initials, everything else by •••."""
        parts: list[str] = []
        last = 0
        for finding in self.find(text):
            parts.extend((text[last : finding.start], finding.replacement))
            last = finding.end
        parts.append(text[last:])
        return "".join(parts)


@lru_cache(maxsize=1024)
def _cached(identity: Identity) -> tuple[_Pattern, ...]:
    return _identity_patterns(identity)


@lru_cache(maxsize=4096)
def _compiled(source: str) -> re.Pattern[str]:
    """A subject's pattern, compiled once when a text first may hold it (re's own cache
    keeps 512, too few for a vault's subjects)."""
    return re.compile(source)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _elfproef(text: str) -> bool:
    digits = re.sub(r"\D", "", text)
    return len(digits) == 9 and digits != "000000000" and bsn_passes_elfproef(digits)


def find_identifiers(text: str, identities: Sequence[Identity] = ()) -> list[Finding]:
    """Every identifying mention in `text`, of the given subjects and of the generic patterns."""
    return IdentifierRule(identities).find(text)
