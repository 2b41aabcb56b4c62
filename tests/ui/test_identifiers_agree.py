"""Property: the distributed print check and the presentation masker agree on every mention.

Hypothesis makes a subject (names, BSN, birth date, phone, address) and a text that mentions it
in one of the written forms the issue lists. The distributed agenda must refuse the text, and
the projector's masker must leave none of the mention on screen.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from casustafel.db.vault import Vault
from casustafel.domain.identifiers import COMMON_WORDS, identity_of
from casustafel.domain.model import (
    Address,
    CaseSubject,
    Person,
    Subject,
    SubjectKind,
    SubjectRole,
    TableCode,
)
from casustafel.domain.validation import bsn_passes_elfproef
from casustafel.errors import ValidationError
from casustafel.reports.agenda import AgendaCaseItem, AgendaDocument, AgendaSection
from casustafel.reports.sitting_data import CaseDossier, SittingInfo, SubjectLine
from casustafel.ui.session import AppSession
from casustafel.ui.views.masking import make_masker

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")  # fmt: skip
SHORT = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
SENTENCES = ("Gesprek met {} over de overlast?", "{}", "Huisbezoek ({}) gepland.", "Zie: {}.")

word = st.from_regex(r"[A-Z][a-z]{3,9}", fullmatch=True)
given_name = st.from_regex(r"[A-Z][a-z]{1,7}", fullmatch=True)
prefix = st.sampled_from(("", "de", "van", "van der", "ter", "van 't"))


@st.composite
def bsns(draw: st.DrawFn) -> str:
    digits = draw(st.lists(st.integers(0, 9), min_size=8, max_size=8))
    total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
    last = total % 11
    assume(last < 10 and any(digits))
    bsn = "".join(map(str, digits)) + str(last)
    assert bsn_passes_elfproef(bsn)
    return bsn


@st.composite
def subjects(draw: st.DrawFn) -> Subject:
    person = Person(
        surname=draw(word),
        prefix=draw(prefix),
        given_names=" ".join(draw(st.lists(given_name, min_size=1, max_size=2))),
        birth_date=draw(st.dates(dt.date(1920, 1, 1), dt.date(2010, 12, 31))),
        bsn=draw(bsns()),
        phone="06" + draw(st.from_regex(r"[0-9]{8}", fullmatch=True)),
    )
    letters = draw(st.from_regex(r"[A-RT-Z][A-Z]", fullmatch=True))
    address = Address(
        street=draw(word) + draw(st.sampled_from(("straat", "weg", "laan", "erf"))),
        house_number=str(draw(st.integers(1, 999))) + draw(st.sampled_from(("", "A", "-2"))),
        postcode=f"{draw(st.integers(1000, 9999))} {letters}",
        city="Emmen",
    )
    return Subject(id=1, kind=SubjectKind.PERSOON, person=person, address=address)


def _date_forms(day: dt.date) -> list[str]:
    d, m, y = day.day, day.month, day.year
    return [
        f"{d:02d}-{m:02d}-{y}", f"{d}-{m}-{y}", f"{d} {MONTHS[m - 1]} {y}", f"{d:02d}{m:02d}{y}",
        day.isoformat(), f"{d} {SHORT[m - 1]}. {y}", f"{d:02d}/{m:02d}/{y}", f"{d}.{m}.{y}",
    ]  # fmt: skip


def _phone_forms(phone: str) -> list[str]:
    rest = phone[1:]
    return [
        phone, f"{phone[:2]}-{phone[2:]}", f"{phone[:2]} {phone[2:6]} {phone[6:]}",
        f"+31 {rest[0]} {rest[1:]}", f"+31{rest}",
        f"({phone[:2]}) {phone[2:4]} {phone[4:6]} {phone[6:8]} {phone[8:]}",
    ]  # fmt: skip


def mentions(subject: Subject) -> list[str]:
    """Every written form of the subject the issue names."""
    p, a = subject.person, subject.address
    first = p.given_names.split()[0]
    surname = f"{p.prefix} {p.surname}".strip()
    forms = [
        subject.display_name, first, p.given_names, surname, p.surname,
        surname[0].upper() + surname[1:], f"{first[0]}. {surname}", f"{first} {p.surname}",
    ]  # fmt: skip
    if p.surname.casefold() not in COMMON_WORDS:
        forms.append(surname.lower())
    bsn = p.bsn
    forms += [bsn, f"{bsn[:4]}.{bsn[4:6]}.{bsn[6:]}", f"{bsn[:3]} {bsn[3:6]} {bsn[6:]}"]
    pc = a.postcode
    forms += [pc, pc.replace(" ", ""), pc.lower(), pc.replace(" ", "").lower()]
    forms += [f"{a.street} {a.house_number}", a.street, f"{a.street} {a.house_number}".lower()]
    forms += _date_forms(p.birth_date) if p.birth_date else []
    forms += _phone_forms(p.phone)
    return forms


@pytest.fixture
def presenting(vault: Vault) -> AppSession:
    session = AppSession(vault)
    session.set_presentation_mode(True)
    return session


def _refused(subject: Subject, text: str) -> bool:
    line = SubjectLine(name=subject.display_name, role="veroorzaker", identity=identity_of(subject))
    document = AgendaDocument(
        SittingInfo(TableCode.WO, "2026-1", dt.date(2026, 5, 4)),
        (AgendaCaseItem(AgendaSection.NIEUWE_CASUSSEN, "WO-2026-0001", "X. (Emmen)", text),),
        {"WO-2026-0001": CaseDossier("WO-2026-0001", subjects=(line,))},
    )
    try:
        document.distributed()
    except ValidationError:
        return True
    return False


@settings(
    max_examples=100,
    deadline=None,
    # The session (and its vault) is only asked whether it presents: sharing it is safe.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(subject=subjects(), data=st.data())
def test_every_form_is_refused_by_the_print_and_masked_on_screen(
    presenting: AppSession, subject: Subject, data: st.DataObject
) -> None:
    sentence = data.draw(st.sampled_from(SENTENCES), label="sentence")
    mask = make_masker(presenting, [CaseSubject(subject, SubjectRole.VEROORZAKER)])
    for mention in mentions(subject):  # every form, for every generated subject
        text = sentence.format(mention)
        assert _refused(subject, text), text
        masked = mask(text)
        assert masked != text and mention.casefold() not in masked.casefold(), (text, masked)


def test_the_two_consumers_agree_on_harmless_text(presenting: AppSession) -> None:
    jan = Subject(
        1,
        SubjectKind.PERSOON,
        Person(surname="Vries", prefix="de", given_names="Jan", bsn="111222333"),
        Address(street="Houtweg", house_number="12", postcode="7811 AP"),
    )
    mask = make_masker(presenting, [CaseSubject(jan, SubjectRole.VEROORZAKER)])
    for text in ("Overlast in de Houtwegbuurt", "WO-2026-0042", "Zitting 4 maart 2026"):
        assert not _refused(jan, text) and mask(text) == text
