"""Case use cases: register a case, list cases, read a case file, search, add subjects.

Each public function is one transaction (`vault.unit_of_work()`); the `*_in` variants do
the same work inside a transaction the caller holds, so that the importer and the demo
generator can write many records per transaction. Reading a case file is audited as READ,
a search as SEARCH (without the search text: it may be a name).
"""

from __future__ import annotations

import datetime as dt

from casustafel.db import models
from casustafel.db.audit import AuditRecord
from casustafel.db.repositories import cases as case_repo
from casustafel.db.repositories import convert
from casustafel.db.repositories import subjects as subject_repo
from casustafel.db.repositories.tx import Tx, utc_now
from casustafel.db.vault import Vault
from casustafel.domain import catalogue, lifecycle, names, validation
from casustafel.domain import model as dm
from casustafel.domain.catalogue import TableDefinition
from casustafel.domain.routes import active_routes
from casustafel.errors import NotFoundError, ValidationError
from casustafel.i18n import _

from . import statistics

__all__ = [
    "LABEL_ROLES",
    "add_subject",
    "add_subject_in",
    "case_row",
    "check_case_codes",
    "get_case_file",
    "list_case_summaries",
    "refresh_label",
    "register_case",
    "register_case_in",
    "search_cases",
]

# Whose initials make up a case label, in this order; a melder (the reporter) never does.
LABEL_ROLES: tuple[dm.SubjectRole, ...] = (
    dm.SubjectRole.VEROORZAKER,
    dm.SubjectRole.VERDACHTE,
    dm.SubjectRole.SLACHTOFFER,
    dm.SubjectRole.HUURDER,
    dm.SubjectRole.BEWONER,
    dm.SubjectRole.EIGENAAR,
    dm.SubjectRole.BETROKKENE,
)


def case_row(tx: Tx, case_id: int) -> models.Case:
    """The case row, or `NotFoundError` with a Dutch message."""
    row = case_repo.get_row(tx.session, case_id)
    if row is None:
        raise NotFoundError(_("Casus {id} bestaat niet (meer).").format(id=case_id))
    return row


def check_case_codes(
    definition: TableDefinition,
    *,
    area: str,
    lead_partner: str,
    brought_in_by: str,
    legal_ground: str,
) -> None:
    """Refuse codes that the table's catalogue or the list of areas does not know."""
    if area and area not in catalogue.area_names():
        raise ValidationError(_("Onbekende wijk of dorp: {area}.").format(area=area), field="area")
    for field, code in (("lead_partner", lead_partner), ("brought_in_by", brought_in_by)):
        if code and code not in {p.code for p in definition.partners}:
            raise ValidationError(
                _("De tafel {table} kent geen partner {code}.").format(
                    table=definition.name, code=code
                ),
                field=field,
            )
    if legal_ground and legal_ground not in {g.code for g in definition.legal_grounds}:
        raise ValidationError(
            _("De tafel {table} kent geen grondslag {code}.").format(
                table=definition.name, code=legal_ground
            ),
            field="legal_ground",
        )


def refresh_label(tx: Tx, row: models.Case) -> None:
    """Recompute the case label (initials and area) from its persons."""
    order = {role: i for i, role in enumerate(LABEL_ROLES)}
    persons = sorted(
        (
            (order[cs.role], cs.subject.id, cs.subject.person)
            for cs in case_repo.case_subjects(tx.session, row.id)
            if cs.subject.kind is dm.SubjectKind.PERSOON and cs.role in order and cs.current
        ),
        key=lambda item: (item[0], item[1]),
    )
    unique: dict[int, dm.Person] = {}
    for _rank, subject_id, person in persons:
        unique.setdefault(subject_id, person)
    row.label = names.case_label(list(unique.values()), row.area)[:80]


def _link_subject(tx: Tx, case_id: int, subject: dm.NewSubject, now: dt.datetime) -> int:
    normalised = subject_repo.normalise_subject(subject)
    stored, _new = subject_repo.find_or_create(tx.session, normalised, now)
    key = (case_id, stored.id, normalised.role.value)
    if tx.session.get(models.CaseSubject, key) is None:
        tx.session.add(
            models.CaseSubject(case_id=case_id, subject_id=stored.id, role=normalised.role.value)
        )
        tx.session.flush()
    return stored.id


def register_case_in(tx: Tx, new: dm.NewCase, *, now: dt.datetime | None = None) -> int:
    """Register `new` inside the caller's transaction; return the new case's id."""
    now = now or utc_now()
    table = dm.TableCode(new.table)
    definition = catalogue.table_definition(table)
    registered_on = validation.validate_event_date(
        new.registered_on, today=now.date(), max_years_ahead=0, field="registered_on"
    )
    check_case_codes(
        definition,
        area=new.area,
        lead_partner=new.lead_partner,
        brought_in_by=new.brought_in_by,
        legal_ground=new.legal_ground,
    )
    transition = lifecycle.register_case(
        table,
        on=registered_on,
        recorded_by=tx.user,
        start_step=new.start_step,
        reason=new.reason,
    )
    seq = case_repo.next_seq(tx.session, table, registered_on.year)
    row = models.Case(
        number=case_repo.format_number(table, registered_on.year, seq),
        table_code=table.value,
        year=registered_on.year,
        seq=seq,
        status=transition.status.value,
        step=transition.event.to_step,
        tenure=dm.Tenure(new.tenure).value,
        area=new.area,
        label="",
        lead_partner=new.lead_partner,
        brought_in_by=new.brought_in_by,
        legal_ground=new.legal_ground,
        subject_informed=new.subject_informed,
        not_informed_reason=new.not_informed_reason.strip(),
        summary=new.summary.strip(),
        registered_on=registered_on,
        last_activity=registered_on,
        created_at=now,
    )
    tx.session.add(row)
    tx.session.flush()
    case_repo.append_event(tx.session, row.id, transition.event, now)
    for subject in new.subjects:
        _link_subject(tx, row.id, subject, now)
    refresh_label(tx, row)
    statistics.refresh_case(tx.session, row)
    tx.audit(AuditRecord(dm.AuditAction.CREATE, object_kind="case", case_id=row.id))
    return row.id


def register_case(vault: Vault, new: dm.NewCase) -> int:
    """Register a new case with its subjects; return its id.

    The number is the next free one of the table in the year of registration
    (`WO-2026-0042`). Subjects are matched to stored persons (same BSN, or same name and
    date of birth), addresses (same postcode and house number) and organisations (same
    name) before a new one is made.

    Raises:
        ValidationError: a field breaks a rule (message names it in `field`).
    """
    with vault.unit_of_work() as tx:
        return register_case_in(tx, new)


def add_subject_in(tx: Tx, case_id: int, subject: dm.NewSubject) -> int:
    """Link `subject` (matched or new) to the case in the caller's transaction."""
    now = utc_now()
    row = case_row(tx, case_id)
    subject_id = _link_subject(tx, case_id, subject, now)
    refresh_label(tx, row)
    row.last_activity = max(row.last_activity or now.date(), now.date())
    tx.audit(
        AuditRecord(
            dm.AuditAction.UPDATE,
            object_kind="case_subject",
            case_id=case_id,
            subject_id=subject_id,
        )
    )
    return subject_id


def add_subject(vault: Vault, case_id: int, subject: dm.NewSubject) -> int:
    """Add a subject with its role to a case; return the subject's id."""
    with vault.unit_of_work() as tx:
        return add_subject_in(tx, case_id, subject)


def list_case_summaries(
    vault: Vault, table: dm.TableCode | None = None, status: dm.CaseStatus | None = None
) -> list[dm.CaseSummary]:
    """The case list (no personal data beyond the label), newest first, in one query."""
    with vault.unit_of_work() as tx:
        return case_repo.summaries(tx.session, table=table, status=status)


def get_case_file(vault: Vault, case_id: int) -> dm.CaseFile:
    """Everything about one case, for the case-file screen; audited as READ."""
    with vault.unit_of_work() as tx:
        row = case_row(tx, case_id)
        subjects = case_repo.case_subjects(tx.session, case_id)
        history = case_repo.events(tx.session, case_id)
        routes: tuple[dm.MhRoute, ...] = ()
        if row.table_code == dm.TableCode.MH.value:
            active = active_routes(history)
            routes = tuple(r for r in dm.MhRoute if r in active)
        case_file = dm.CaseFile(
            header=convert.to_header(row),
            subjects=tuple(subjects),
            events=tuple(history),
            interventions=tuple(case_repo.interventions(tx.session, case_id)),
            notes=tuple(case_repo.notes(tx.session, case_id)),
            signals=tuple(case_repo.signals(tx.session, case_id)),
            links=tuple(case_repo.links(tx.session, case_id, subjects)),
            active_routes=routes,
            list_row=case_repo.summaries(tx.session, case_ids=[case_id])[0],
        )
        tx.audit(AuditRecord(dm.AuditAction.READ, object_kind="case", case_id=case_id))
        return case_file


def search_cases(
    vault: Vault, text: str, table: dm.TableCode | None = None
) -> list[dm.CaseSummary]:
    """Cases where every word of `text` occurs in number, label, area, names or address.

    Audited as SEARCH with the number of hits only: the search text may be a name.
    """
    with vault.unit_of_work() as tx:
        ids = case_repo.search_ids(tx.session, text, table)
        found = case_repo.summaries(tx.session, case_ids=ids) if ids else []
        tx.audit(
            AuditRecord(dm.AuditAction.SEARCH, object_kind="case", detail=f"treffers={len(found)}")
        )
        return found
