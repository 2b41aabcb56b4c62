"""Row → frozen domain value conversions shared by the repositories."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields

from casustafel.domain import model as dm

from .. import models


def to_subject(row: models.Subject) -> dm.Subject:
    """The domain value of a subject row."""
    return dm.Subject(
        id=row.id,
        kind=dm.SubjectKind(row.kind),
        person=dm.Person(
            surname=row.surname,
            prefix=row.prefix,
            given_names=row.given_names,
            birth_date=row.birth_date,
            bsn=row.bsn,
            phone=row.phone,
        ),
        address=dm.Address(
            street=row.street,
            house_number=row.house_number,
            postcode=row.postcode,
            city=row.city,
        ),
        organisation_name=row.organisation_name,
    )


# A history row and a rule's draft carry the same entry fields under the same names; the
# kind is the one field stored as text and read back as an enum.
_ENTRY_FIELDS = tuple(f.name for f in fields(dm.EventDraft) if f.name != "kind")


def to_event(row: models.CaseEvent) -> dm.CaseEvent:
    """The domain value of a history row."""
    return dm.CaseEvent(
        id=row.id,
        case_id=row.case_id,
        kind=dm.EventKind(row.kind),
        **{name: getattr(row, name) for name in _ENTRY_FIELDS},
    )


def event_row(case_id: int, draft: dm.EventDraft, recorded_at: dt.datetime) -> models.CaseEvent:
    """A new history row from a domain rule's draft."""
    return models.CaseEvent(
        case_id=case_id,
        kind=draft.kind.value,
        recorded_at=recorded_at,
        **{name: getattr(draft, name) for name in _ENTRY_FIELDS},
    )


def to_intervention(row: models.Intervention) -> dm.Intervention:
    return dm.Intervention(
        id=row.id,
        case_id=row.case_id,
        type_code=row.type_code,
        domain=dm.InterventionDomain(row.domain),
        partner=row.partner,
        start_date=row.start_date,
        due_date=row.due_date,
        status=dm.InterventionStatus(row.status),
        outcome=row.outcome,
        description=row.description,
    )


def to_note(row: models.Note) -> dm.Note:
    return dm.Note(
        id=row.id, case_id=row.case_id, written_at=row.written_at, author=row.author, text=row.text
    )


def to_signal(row: models.Signal) -> dm.Signal:
    return dm.Signal(
        id=row.id,
        table=dm.TableCode(row.table_code),
        received_on=row.received_on,
        source=row.source,
        description=row.description,
        status=dm.SignalStatus(row.status),
        subject_id=row.subject_id,
        area=row.area,
        weighing_outcome=row.weighing_outcome,
        weighed_on=row.weighed_on,
        case_id=row.case_id,
        destroy_after=row.destroy_after,
    )


def to_header(row: models.Case) -> dm.CaseHeader:
    return dm.CaseHeader(
        id=row.id,
        number=row.number,
        table=dm.TableCode(row.table_code),
        status=dm.CaseStatus(row.status),
        step=row.step,
        tenure=dm.Tenure(row.tenure),
        area=row.area,
        label=row.label,
        lead_partner=row.lead_partner,
        brought_in_by=row.brought_in_by,
        legal_ground=row.legal_ground,
        subject_informed=row.subject_informed,
        not_informed_reason=row.not_informed_reason,
        summary=row.summary,
        registered_on=row.registered_on,
        closed_on=row.closed_on,
        close_reason=row.close_reason,
        outcome=row.outcome,
        handed_over_to=row.handed_over_to,
        next_due=row.next_due,
        last_activity=row.last_activity,
        flagged_for_discussion=row.flagged_for_discussion,
        comensha_registered=row.comensha_registered,
        comensha_date=row.comensha_date,
        comensha_partner=row.comensha_partner,
    )
