"""Cases: numbering, inserting, the case list, the case file and search, as frozen values."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import QueryableAttribute, Session

from casustafel.domain import model as dm

from .. import models
from . import convert

# The columns of a case-list row: nothing from `subjects`, so no names, BSNs or addresses.
_SUMMARY_COLUMNS = (
    models.Case.id,
    models.Case.number,
    models.Case.table_code,
    models.Case.status,
    models.Case.step,
    models.Case.area,
    models.Case.label,
    models.Case.lead_partner,
    models.Case.next_due,
    models.Case.last_activity,
    models.Case.registered_on,
)


def format_number(table: dm.TableCode, year: int, seq: int) -> str:
    """`WO-2026-0042`: table, year of registration and sequence within both."""
    return f"{table.value}-{year:04d}-{seq:04d}"


def next_seq(session: Session, table: dm.TableCode, year: int) -> int:
    """The next free sequence number of `table` in `year`."""
    current = session.scalar(
        select(func.max(models.Case.seq)).where(
            models.Case.table_code == table.value, models.Case.year == year
        )
    )
    return (current or 0) + 1


def get_row(session: Session, case_id: int) -> models.Case | None:
    return session.get(models.Case, case_id)


def _summary(row: Any) -> dm.CaseSummary:
    return dm.CaseSummary(
        id=row.id,
        number=row.number,
        table=dm.TableCode(row.table_code),
        status=dm.CaseStatus(row.status),
        step=row.step,
        area=row.area,
        label=row.label,
        lead_partner=row.lead_partner,
        next_due=row.next_due,
        last_activity=row.last_activity,
        registered_on=row.registered_on,
        next_sitting=_day(getattr(row, "next_sitting", None)),
    )


def _day(value: dt.datetime | str | None) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, str):  # a computed column comes back untyped from SQLite
        value = dt.datetime.fromisoformat(value)
    return value.date()


# Sittings still to come or under way: a case on their agenda is "geagendeerd" for them.
_OPEN_SITTING_STATUSES = ("gepland", "lopend")


def _next_sittings() -> Any:
    """Per case, the start of the first open sitting with it on its agenda (one grouped pass)."""
    return (
        select(
            models.AgendaItem.case_id.label("case_id"),
            func.min(models.Sitting.starts_at).label("starts_at"),
        )
        .join(models.Sitting, models.Sitting.id == models.AgendaItem.sitting_id)
        .where(
            models.AgendaItem.case_id.is_not(None),
            models.Sitting.status.in_(_OPEN_SITTING_STATUSES),
        )
        .group_by(models.AgendaItem.case_id)
        .subquery()
    )


def summaries(
    session: Session,
    *,
    table: dm.TableCode | None = None,
    status: dm.CaseStatus | None = None,
    case_ids: Iterable[int] | None = None,
) -> list[dm.CaseSummary]:
    """Case-list rows in one query, newest registration first."""
    upcoming = _next_sittings()
    query = select(*_SUMMARY_COLUMNS, upcoming.c.starts_at.label("next_sitting")).outerjoin(
        upcoming, upcoming.c.case_id == models.Case.id
    )
    if table is not None:
        query = query.where(models.Case.table_code == table.value)
    if status is not None:
        query = query.where(models.Case.status == status.value)
    if case_ids is not None:
        query = query.where(models.Case.id.in_(list(case_ids)))
    query = query.order_by(models.Case.registered_on.desc(), models.Case.id.desc())
    return [_summary(row) for row in session.execute(query)]


def events(session: Session, case_id: int) -> list[dm.CaseEvent]:
    """The whole (append-only) history of a case, in order of recording."""
    rows = session.scalars(
        select(models.CaseEvent)
        .where(models.CaseEvent.case_id == case_id)
        .order_by(models.CaseEvent.id)
    )
    return [convert.to_event(r) for r in rows]


def append_event(
    session: Session, case_id: int, draft: dm.EventDraft, now: dt.datetime
) -> dm.CaseEvent:
    """Store a domain rule's history entry and return it with its id."""
    row = convert.event_row(case_id, draft, now)
    session.add(row)
    session.flush()
    return convert.to_event(row)


def case_subjects(session: Session, case_id: int) -> list[dm.CaseSubject]:
    rows = session.execute(
        select(models.Subject, models.CaseSubject.role, models.CaseSubject.ended_on)
        .join(models.CaseSubject, models.CaseSubject.subject_id == models.Subject.id)
        .where(models.CaseSubject.case_id == case_id)
        .order_by(models.Subject.id, models.CaseSubject.role)
    )
    return [
        dm.CaseSubject(convert.to_subject(s), dm.SubjectRole(role), ended)
        for s, role, ended in rows
    ]


def interventions(session: Session, case_id: int) -> list[dm.Intervention]:
    rows = session.scalars(
        select(models.Intervention)
        .where(models.Intervention.case_id == case_id)
        .order_by(models.Intervention.start_date, models.Intervention.id)
    )
    return [convert.to_intervention(r) for r in rows]


def notes(session: Session, case_id: int) -> list[dm.Note]:
    rows = session.scalars(
        select(models.Note).where(models.Note.case_id == case_id).order_by(models.Note.id)
    )
    return [convert.to_note(r) for r in rows]


def signals(session: Session, case_id: int) -> list[dm.Signal]:
    rows = session.scalars(
        select(models.Signal).where(models.Signal.case_id == case_id).order_by(models.Signal.id)
    )
    return [convert.to_signal(r) for r in rows]


# The other case of an "also known in" link, as both link queries select it.
_LINK_COLUMNS = (
    models.Case.id,
    models.Case.number,
    models.Case.table_code,
    models.Case.status,
    models.CaseSubject.role,
)


def _link(
    subject_id: int, case_id: int, number: str, table: str, status: str, role: str
) -> dm.CaseLink:
    """A link from one of this case's subjects to another case (a row of `_LINK_COLUMNS`)."""
    return dm.CaseLink(
        subject_id,
        case_id,
        number,
        dm.TableCode(table),
        dm.CaseStatus(status),
        dm.SubjectRole(role),
    )


def links(session: Session, case_id: int, subjects: Sequence[dm.CaseSubject]) -> list[dm.CaseLink]:
    """Other cases that share a subject with this one, or a subject at the same address."""
    found: dict[tuple[int, int], dm.CaseLink] = {}
    ids = sorted({cs.subject.id for cs in subjects})
    if ids:
        rows = session.execute(
            select(models.CaseSubject.subject_id, *_LINK_COLUMNS)
            .join(models.Case, models.Case.id == models.CaseSubject.case_id)
            .where(models.CaseSubject.subject_id.in_(ids), models.Case.id != case_id)
        )
        for subject_id, other, number, table, status, role in rows:
            link = _link(subject_id, other, number, table, status, role)
            found.setdefault((subject_id, link.case_id), link)
    places = {
        (cs.subject.address.postcode, cs.subject.address.house_number): cs.subject.id
        for cs in subjects
        if cs.subject.address.postcode and cs.subject.address.house_number
    }
    if places:
        conditions = [
            and_(models.Subject.postcode == pc, models.Subject.house_number == hn)
            for pc, hn in places
        ]
        address_rows = session.execute(
            select(models.Subject.postcode, models.Subject.house_number, *_LINK_COLUMNS)
            .join(models.CaseSubject, models.CaseSubject.subject_id == models.Subject.id)
            .join(models.Case, models.Case.id == models.CaseSubject.case_id)
            .where(or_(*conditions), models.Case.id != case_id)
        )
        for pc, hn, other, number, table, status, role in address_rows:
            link = _link(places[(pc, hn)], other, number, table, status, role)
            found.setdefault((link.subject_id, link.case_id), link)
    return sorted(found.values(), key=lambda link: (link.number, link.subject_id))


_POSTCODE_WORDS = re.compile(r"\b(\d{4})\s+([A-Za-z]{2})\b")


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _term_condition(term: str, sqlite: bool) -> ColumnElement[bool]:
    pattern = f"%{_escape_like(term)}%"

    def contains(column: ColumnElement[str] | QueryableAttribute[str]) -> ColumnElement[bool]:
        # SQLite's LIKE already ignores ASCII case, exactly as its lower() does; ilike would
        # wrap both sides in lower() and costs ~40x at 10,000 cases. PostgreSQL needs ilike.
        if sqlite:
            return column.like(pattern, escape="\\")
        return column.ilike(pattern, escape="\\")

    subject_fields = (
        models.Subject.surname,
        models.Subject.prefix,
        models.Subject.given_names,
        models.Subject.street,
        models.Subject.postcode,
        models.Subject.city,
        models.Subject.organisation_name,
        # "1234AB" finds "1234 AB": postcodes are stored with the space.
        func.replace(models.Subject.postcode, " ", ""),
    )
    matching_subjects = (
        select(models.CaseSubject.case_id)
        .join(models.Subject, models.Subject.id == models.CaseSubject.subject_id)
        .where(or_(*(contains(f) for f in subject_fields)))
    )
    return or_(
        contains(models.Case.number),
        contains(models.Case.label),
        contains(models.Case.area),
        models.Case.id.in_(matching_subjects),
    )


def search_ids(session: Session, text: str, table: dm.TableCode | None = None) -> list[int]:
    """Ids of cases where every word of `text` occurs in number, label, area or a subject."""
    # "7811 AP" is one postcode, not two words.
    terms = _POSTCODE_WORDS.sub(r"\1\2", text).split()
    if not terms:
        return []
    sqlite = session.get_bind().dialect.name == "sqlite"
    query = select(models.Case.id).where(*(_term_condition(t, sqlite) for t in terms))
    if table is not None:
        query = query.where(models.Case.table_code == table.value)
    return list(session.scalars(query))
