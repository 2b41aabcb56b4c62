"""The vault's schema: SQLAlchemy 2 typed ORM. Portable SQL only (PostgreSQL is on the roadmap).

Live ORM objects stay inside `casustafel.db`: repositories hand out frozen domain values.
Every column that can hold personal data is listed in `PERSONAL_DATA_COLUMNS`, which the
destruction and access-request code use so that nothing is forgotten when a column is added.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class VaultMeta(Base):
    """Small key/value facts about the vault: its name, user, audit chain head, settings."""

    __tablename__ = "vault_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class Subject(Base):
    """A person, address or organisation; may belong to several cases and tables."""

    __tablename__ = "subjects"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    surname: Mapped[str] = mapped_column(String(200), default="")
    prefix: Mapped[str] = mapped_column(String(40), default="")
    given_names: Mapped[str] = mapped_column(String(200), default="")
    birth_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    bsn: Mapped[str] = mapped_column(String(9), default="", index=True)
    phone: Mapped[str] = mapped_column(String(40), default="")
    street: Mapped[str] = mapped_column(String(200), default="")
    house_number: Mapped[str] = mapped_column(String(20), default="")
    postcode: Mapped[str] = mapped_column(String(7), default="", index=True)
    city: Mapped[str] = mapped_column(String(100), default="")
    organisation_name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (UniqueConstraint("table_code", "year", "seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    table_code: Mapped[str] = mapped_column(String(2), index=True)
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(24), index=True)
    step: Mapped[str] = mapped_column(String(24), default="")
    tenure: Mapped[str] = mapped_column(String(10), default="onbekend")
    area: Mapped[str] = mapped_column(String(80), default="")
    label: Mapped[str] = mapped_column(String(80), default="")
    lead_partner: Mapped[str] = mapped_column(String(80), default="")
    brought_in_by: Mapped[str] = mapped_column(String(80), default="")
    legal_ground: Mapped[str] = mapped_column(String(120), default="")
    subject_informed: Mapped[bool] = mapped_column(Boolean, default=False)
    not_informed_reason: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    registered_on: Mapped[dt.date] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    close_reason: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(String(60), default="")
    handed_over_to: Mapped[str] = mapped_column(String(80), default="")
    flagged_for_discussion: Mapped[bool] = mapped_column(Boolean, default=False)
    # A proposal for the next sitting (sittings issue): "" | opschaling | afschaling |
    # afsluiting, with the proposed step for escalation and de-escalation.
    proposal: Mapped[str] = mapped_column(String(16), default="")
    proposal_step: Mapped[str] = mapped_column(String(24), default="")
    comensha_registered: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    comensha_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    comensha_partner: Mapped[str] = mapped_column(String(80), default="")
    next_due: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    last_activity: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    retention_hold_reason: Mapped[str] = mapped_column(Text, default="")
    stat_record_id: Mapped[int | None] = mapped_column(
        ForeignKey("stat_records.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)

    subjects: Mapped[list[CaseSubject]] = relationship(
        back_populates="case", cascade="all, delete-orphan"
    )


class CaseSubject(Base):
    __tablename__ = "case_subjects"
    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    subject_id: Mapped[int] = mapped_column(
        ForeignKey("subjects.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    # The day this part in the case ended (moved out, tenancy ended); None: current.
    ended_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True, default=None)
    case: Mapped[Case] = relationship(back_populates="subjects")
    subject: Mapped[Subject] = relationship()


class Signal(Base):
    """A signal waiting for (or after) weighing at a table."""

    __tablename__ = "signals"
    id: Mapped[int] = mapped_column(primary_key=True)
    table_code: Mapped[str] = mapped_column(String(2), index=True)
    received_on: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(120), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    subject_id: Mapped[int | None] = mapped_column(
        ForeignKey("subjects.id", ondelete="SET NULL"), nullable=True, index=True
    )
    area: Mapped[str] = mapped_column(String(80), default="")
    status: Mapped[str] = mapped_column(String(20), index=True)
    weighing_outcome: Mapped[str] = mapped_column(String(60), default="")
    weighing_reason: Mapped[str] = mapped_column(Text, default="")
    weighed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="SET NULL"), nullable=True, index=True
    )
    destroy_after: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    import_batch: Mapped[str] = mapped_column(String(40), default="")
    stat_record_id: Mapped[int | None] = mapped_column(
        ForeignKey("stat_records.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class CaseEvent(Base):
    """Append-only history: a correction is a new row pointing to the one it corrects."""

    __tablename__ = "case_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    recorded_by: Mapped[str] = mapped_column(String(120), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    from_step: Mapped[str] = mapped_column(String(24), default="")
    to_step: Mapped[str] = mapped_column(String(24), default="")
    from_status: Mapped[str] = mapped_column(String(24), default="")
    to_status: Mapped[str] = mapped_column(String(24), default="")
    route: Mapped[str] = mapped_column(String(16), default="")
    motivation: Mapped[str] = mapped_column(Text, default="")
    decision_reference: Mapped[str] = mapped_column(String(120), default="")
    outcome: Mapped[str] = mapped_column(String(60), default="")
    counterpart: Mapped[str] = mapped_column(String(120), default="")
    sitting_id: Mapped[int | None] = mapped_column(
        ForeignKey("sittings.id", ondelete="SET NULL"), nullable=True
    )
    corrects_event_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_events.id", ondelete="SET NULL"), nullable=True
    )


class Intervention(Base):
    __tablename__ = "interventions"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    type_code: Mapped[str] = mapped_column(String(60))
    domain: Mapped[str] = mapped_column(String(20))
    partner: Mapped[str] = mapped_column(String(80), default="")
    start_date: Mapped[dt.date] = mapped_column(Date)
    due_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True, index=True)
    status: Mapped[str] = mapped_column(String(12))
    outcome: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Note(Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    written_at: Mapped[dt.datetime] = mapped_column(DateTime)
    author: Mapped[str] = mapped_column(String(120), default="")
    text: Mapped[str] = mapped_column(Text, default="")


class StatRecord(Base):
    """Anonymous statistics; no foreign key points from here to a case or a person."""

    __tablename__ = "stat_records"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), index=True)
    table_code: Mapped[str] = mapped_column(String(2), index=True)
    area: Mapped[str] = mapped_column(String(80), default="")
    registered_month: Mapped[str] = mapped_column(String(7), index=True)
    closed_month: Mapped[str | None] = mapped_column(String(7), nullable=True)
    lead_time_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    weighing_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    first_discussion_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    highest_step: Mapped[str] = mapped_column(String(24), default="")
    routes: Mapped[str] = mapped_column(String(60), default="")  # comma-separated
    intervention_types: Mapped[str] = mapped_column(Text, default="")  # comma-separated
    outcome: Mapped[str] = mapped_column(String(60), default="")
    lead_partner_type: Mapped[str] = mapped_column(String(40), default="")


class Sitting(Base):
    __tablename__ = "sittings"
    __table_args__ = (UniqueConstraint("table_code", "year", "seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    table_code: Mapped[str] = mapped_column(String(2), index=True)
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=120)
    place: Mapped[str] = mapped_column(String(120), default="")
    chair: Mapped[str] = mapped_column(String(120), default="")
    minute_taker: Mapped[str] = mapped_column(String(120), default="")
    invited_partners: Mapped[str] = mapped_column(Text, default="")  # JSON list
    status: Mapped[str] = mapped_column(String(12), default="gepland")
    current_item_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    elapsed_seconds: Mapped[int] = mapped_column(Integer, default=0)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    # Revision 0004_i11: why a planned sitting was cancelled (status "geannuleerd").
    cancel_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Attendance is ticked once per sitting; an item may override it (attendance_own).
    partners_present: Mapped[str] = mapped_column(Text, default="")  # JSON list


class AgendaItem(Base):
    __tablename__ = "agenda_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    sitting_id: Mapped[int] = mapped_column(
        ForeignKey("sittings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    section: Mapped[str] = mapped_column(String(24))
    kind: Mapped[str] = mapped_column(String(8))  # frame | case | free
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="SET NULL"), nullable=True, index=True
    )
    title: Mapped[str] = mapped_column(String(200), default="")
    question: Mapped[str] = mapped_column(Text, default="")
    partners_needed: Mapped[str] = mapped_column(Text, default="")  # JSON list
    proposal_reason: Mapped[str] = mapped_column(String(40), default="")
    partners_present: Mapped[str] = mapped_column(Text, default="")  # JSON list
    decision: Mapped[str] = mapped_column(Text, default="")
    step_change_to: Mapped[str] = mapped_column(String(24), default="")
    returns_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    returns_note: Mapped[str] = mapped_column(Text, default="")
    # Steps 7-10 need a motivation and the external decision's reference (ladder rules).
    step_motivation: Mapped[str] = mapped_column(Text, default="")
    step_reference: Mapped[str] = mapped_column(String(120), default="")
    # The escalation event the step change became when the sitting was closed.
    step_event_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    elapsed_seconds: Mapped[int] = mapped_column(Integer, default=0)
    # Revision 0004_i11: the chair's time budget for the item (None: the section's default).
    planned_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    corrects_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL"), nullable=True
    )
    # True: partners_present is this item's own list; False: the sitting's attendance holds.
    attendance_own: Mapped[bool] = mapped_column(Boolean, default=False)
    # "Niet besproken / doorgeschoven": the case returns on the next proposal.
    not_discussed: Mapped[bool] = mapped_column(Boolean, default=False)


class Agreement(Base):
    """An agreement made at a sitting: what, which partner, due date, on what condition."""

    __tablename__ = "agreements"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), nullable=True, index=True
    )
    sitting_id: Mapped[int | None] = mapped_column(
        ForeignKey("sittings.id", ondelete="SET NULL"), nullable=True, index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL"), nullable=True
    )
    what: Mapped[str] = mapped_column(Text, default="")
    partner: Mapped[str] = mapped_column(String(80), default="")
    due_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True, index=True)
    condition: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default="open")
    done_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class AuditEntry(Base):
    """NEN 7513-style log: who, when, what action, which case/subject by id; no content.

    Each entry's `entry_hash` covers the previous entry's hash, so editing or removing
    an entry breaks the chain (checked by `casustafel verify`).
    """

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    user: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(20), index=True)
    object_kind: Mapped[str] = mapped_column(String(20), default="")
    case_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    subject_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    object_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    on_behalf_of: Mapped[str] = mapped_column(String(120), default="")
    detail: Mapped[str] = mapped_column(String(400), default="")  # codes and parameters only
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))


class AuditSeal(Base):
    """One forward-secure seal over the audit log (revision 0004_i15_audit_seal).

    Made in every writing transaction with that moment's sealing key, which is then
    replaced by its hash (see `casustafel.db.audit_seal`). Holds only ids, hashes and a time.
    """

    __tablename__ = "audit_seals"
    epoch: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    sealed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    last_entry_id: Mapped[int] = mapped_column(Integer)
    head_hash: Mapped[str] = mapped_column(String(64))
    anchor_id: Mapped[int] = mapped_column(Integer)
    anchor_hash: Mapped[str] = mapped_column(String(64))
    tag: Mapped[str] = mapped_column(String(64))


Index("ix_cases_table_status", Case.table_code, Case.status)
# Revision 0002: what "Mijn werk" and the agenda composition ask for on every refresh.
Index("ix_interventions_status_due", Intervention.status, Intervention.due_date)
Index("ix_agreements_status_due", Agreement.status, Agreement.due_date)
Index("ix_case_events_sitting", CaseEvent.sitting_id)
# Revision 0003: "Mijn werk" reads only these columns, so it never visits the wide case rows.
Index("ix_cases_followup", Case.table_code, Case.status, Case.last_activity, Case.number)
Index(
    "ix_interventions_followup",
    Intervention.status,
    Intervention.due_date,
    Intervention.case_id,
    Intervention.type_code,
)

# Columns that may hold personal data, per table. Destruction, the access request and the
# plain-text tests use this one list.
PERSONAL_DATA_COLUMNS: dict[str, tuple[str, ...]] = {
    "subjects": (
        "surname",
        "prefix",
        "given_names",
        "birth_date",
        "bsn",
        "phone",
        "street",
        "house_number",
        "postcode",
        "city",
        "organisation_name",
    ),
    "cases": ("label", "summary", "not_informed_reason", "close_reason", "retention_hold_reason"),
    "signals": ("description", "weighing_reason", "source"),
    "case_events": ("reason", "motivation"),
    "interventions": ("description", "outcome"),
    "notes": ("text",),
    "agenda_items": (
        "title",
        "question",
        "decision",
        "returns_note",
        "step_motivation",
    ),
    "agreements": ("what", "condition"),
}
