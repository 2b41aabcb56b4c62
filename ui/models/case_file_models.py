"""The tables of the case file (subjects, interventions, notes, signals, "also known in").

Each is a `RecordTableModel` with its columns. Personal fields go through
`AppSession.show` on every `data()` call, so presentation mode masks them at once; free
text goes through the case's masker (see `views.masking`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject

from casustafel.domain.catalogue import CatalogueError, table_definition
from casustafel.domain.model import (
    CaseLink,
    CaseSubject,
    Intervention,
    InterventionStatus,
    Note,
    Signal,
    SignalStatus,
    SubjectKind,
    TableCode,
)
from casustafel.domain.names import format_date, format_datetime, person_sort_key
from casustafel.i18n import _
from casustafel.ui.session import AppSession, PersonalField

from .record_model import Column, RecordTableModel

__all__ = [
    "INTERVENTION_STATUS_LABELS",
    "SUBJECT_COLUMNS_PERSONAL",
    "intervention_label",
    "interventions_model",
    "links_model",
    "notes_model",
    "signal_status_label",
    "signals_model",
    "subjects_model",
    "weighing_label",
]

Mask = Callable[[str], str]

INTERVENTION_STATUS_LABELS = {
    InterventionStatus.GEPLAND: _("Gepland"),
    InterventionStatus.LOPEND: _("Lopend"),
    InterventionStatus.AFGEROND: _("Afgerond"),
    InterventionStatus.GESTOPT: _("Gestopt"),
}
ROLE_LABELS = {
    "veroorzaker": _("Veroorzaker"),
    "melder": _("Melder"),
    "slachtoffer": _("Slachtoffer"),
    "verdachte": _("Verdachte"),
    "eigenaar": _("Eigenaar"),
    "huurder": _("Huurder"),
    "bewoner": _("Bewoner"),
    "betrokkene": _("Betrokkene"),
}
KIND_LABELS = {
    SubjectKind.PERSOON: _("Persoon"),
    SubjectKind.ADRES: _("Adres"),
    SubjectKind.ORGANISATIE: _("Organisatie"),
}
# Columns of the subjects table that hold personal data, with the kind the session masks.
SUBJECT_COLUMNS_PERSONAL = {
    2: PersonalField.NAME,
    3: PersonalField.BIRTH_DATE,
    4: PersonalField.BSN,
    5: PersonalField.ADDRESS,
    6: PersonalField.PHONE,
}


def _date(day: dt.date | None) -> str:
    return format_date(day) if day else ""


def _address_text(cs: CaseSubject) -> str:
    a = cs.subject.address
    street = f"{a.street} {a.house_number}".strip()
    place = f"{a.postcode} {a.city}".strip()
    return ", ".join(p for p in (street, place) if p)


def _role_text(cs: CaseSubject) -> str:
    role = ROLE_LABELS.get(cs.role.value, cs.role.value)
    if cs.ended_on is None:
        return role
    return _("{role} (tot {date})").format(role=role, date=_date(cs.ended_on))


def subjects_model(
    session: AppSession, parent: QObject | None = None
) -> RecordTableModel[CaseSubject]:
    """Persons, addresses and organisations of a case, with their role; masked when presenting."""

    def show(cs: CaseSubject, kind: PersonalField, value: str) -> str:
        return session.show(cs.subject.id, kind, value)

    def name(cs: CaseSubject) -> str:
        if cs.subject.kind is SubjectKind.ADRES:
            return show(cs, PersonalField.ADDRESS, cs.subject.display_name)
        if cs.subject.kind is SubjectKind.ORGANISATIE:
            return cs.subject.organisation_name
        return show(cs, PersonalField.NAME, cs.subject.display_name)

    columns: list[Column[CaseSubject]] = [
        Column(_("Soort"), lambda cs: KIND_LABELS[cs.subject.kind]),
        Column(_("Rol"), _role_text),
        Column(_("Naam"), name, sort_key=lambda cs: person_sort_key(cs.subject.person)),
        Column(
            _("Geboortedatum"),
            lambda cs: show(cs, PersonalField.BIRTH_DATE, _date(cs.subject.person.birth_date)),
            sort_key=lambda cs: cs.subject.person.birth_date or dt.date.min,
        ),
        Column(_("BSN"), lambda cs: show(cs, PersonalField.BSN, cs.subject.person.bsn)),
        Column(_("Adres"), lambda cs: show(cs, PersonalField.ADDRESS, _address_text(cs))),
        Column(_("Telefoon"), lambda cs: show(cs, PersonalField.PHONE, cs.subject.person.phone)),
    ]
    return RecordTableModel(columns, record_id=lambda cs: cs.subject.id, parent=parent)


def intervention_label(table: TableCode, code: str) -> str:
    try:
        return table_definition(table).intervention(code).label
    except CatalogueError:
        return code


def _partner(table: TableCode, code: str) -> str:
    try:
        return table_definition(table).partner(code).name
    except CatalogueError:
        return code


def interventions_model(
    table: Callable[[], TableCode],
    today: Callable[[], dt.date],
    mask: Callable[[], Mask],
    parent: QObject | None = None,
) -> RecordTableModel[Intervention]:
    """Interventions of a case; an open one past its due date is marked."""

    def overdue(i: Intervention) -> bool:
        return i.status.is_open and i.due_date is not None and i.due_date < today()

    columns: list[Column[Intervention]] = [
        Column(_("Interventie"), lambda i: intervention_label(table(), i.type_code)),
        Column(_("Domein"), lambda i: i.domain.value.capitalize()),
        Column(_("Partner"), lambda i: _partner(table(), i.partner)),
        Column(_("Start"), lambda i: _date(i.start_date), sort_key=lambda i: i.start_date),
        Column(
            _("Termijn"),
            lambda i: _date(i.due_date),
            sort_key=lambda i: i.due_date or dt.date.max,
            alert=overdue,
            tooltip=lambda i: _("Termijn verstreken") if overdue(i) else "",
        ),
        Column(_("Status"), lambda i: INTERVENTION_STATUS_LABELS[i.status]),
        Column(_("Uitkomst"), lambda i: mask()(i.outcome or i.description)),
    ]
    return RecordTableModel(columns, record_id=lambda i: i.id, parent=parent)


def notes_model(mask: Callable[[], Mask], parent: QObject | None = None) -> RecordTableModel[Note]:
    """Notes of a case, newest first when loaded that way."""
    columns: list[Column[Note]] = [
        Column(
            _("Datum"), lambda n: format_datetime(n.written_at), sort_key=lambda n: n.written_at
        ),
        Column(_("Door"), lambda n: n.author),
        Column(
            _("Notitie"),
            lambda n: mask()(" ".join(n.text.split())),
            tooltip=lambda n: mask()(n.text),
        ),
    ]
    return RecordTableModel(columns, record_id=lambda n: n.id, parent=parent)


def signal_status_label(signal: Signal) -> str:
    if signal.status is SignalStatus.WACHT_OP_WEGING:
        return _("Wacht op weging")
    return _("Gewogen")


def weighing_label(table: TableCode, code: str) -> str:
    if not code:
        return ""
    try:
        return table_definition(table).weighing_outcome(code).label
    except CatalogueError:
        return code


def signals_model(
    mask: Callable[[], Mask],
    waiting_too_long: Callable[[Signal], bool] = lambda _s: False,
    parent: QObject | None = None,
) -> RecordTableModel[Signal]:
    """Signals (of a case, or a table's inbox); long-waiting ones are marked."""
    columns: list[Column[Signal]] = [
        Column(
            _("Ontvangen"),
            lambda s: _date(s.received_on),
            sort_key=lambda s: s.received_on,
            alert=waiting_too_long,
        ),
        Column(_("Bron"), lambda s: s.source),
        Column(_("Wijk"), lambda s: s.area),
        Column(
            _("Omschrijving"),
            lambda s: mask()(" ".join(s.description.split())),
            tooltip=lambda s: mask()(s.description),
        ),
        Column(_("Status"), signal_status_label),
        Column(_("Weging"), lambda s: weighing_label(s.table, s.weighing_outcome)),
    ]
    return RecordTableModel(columns, record_id=lambda s: s.id, parent=parent)


def links_model(
    subject_name: Callable[[int], str], parent: QObject | None = None
) -> RecordTableModel[CaseLink]:
    """ "Also known in": other cases that share a subject with this one."""
    columns: list[Column[CaseLink]] = [
        Column(_("Casus"), lambda link: link.number),
        Column(_("Tafel"), lambda link: link.table.label),
        Column(_("Status"), lambda link: link.status.label),
        Column(_("Als"), lambda link: ROLE_LABELS.get(link.role.value, link.role.value)),
        Column(_("Via"), lambda link: subject_name(link.subject_id)),
    ]
    return RecordTableModel(columns, record_id=lambda link: link.case_id, parent=parent)
