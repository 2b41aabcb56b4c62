"""Print a sitting's agenda, besluitenlijst and action list from the vault; every print audited.

The documents are filled from the vault in one transaction: sitting facts, the agenda or the
effective decisions, and a `CaseDossier` per case. Dossiers are built for both variants: the
chair's copy prints them, the distributed copy uses them only to refuse a question or decision
that names a subject (`check_public_text`) and never prints them. The PDF is written atomically
before the transaction commits, so a print that failed leaves no audit entry and no file, and a
print that succeeded is always in the audit log (PRINT, with variant and partner).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path

from sqlalchemy import select

from casustafel.db import models
from casustafel.db.audit import AuditRecord
from casustafel.db.repositories import cases as case_repo
from casustafel.db.repositories.tx import Tx
from casustafel.db.vault import Vault
from casustafel.domain import catalogue
from casustafel.domain.identifiers import identity_of
from casustafel.domain.model import AuditAction, CaseStatus, EventKind, SubjectKind, TableCode
from casustafel.errors import ValidationError
from casustafel.i18n import _
from casustafel.reports.agenda import (
    AgendaCaseItem,
    AgendaDocument,
    AgendaSection,
    FreeItem,
    item_numbers,
    write_agenda,
)
from casustafel.reports.decisions import (
    DecisionItem,
    DecisionsDocument,
    write_action_list,
    write_decisions,
)
from casustafel.reports.sitting_data import (
    Agreement,
    CaseDossier,
    HistoryLine,
    InterventionLine,
    SittingInfo,
    SubjectLine,
    Variant,
)

from .sitting_facts import OPEN_AGREEMENT
from .sitting_store import entries_in, loads, sitting_number, sitting_row
from .sitting_values import AgendaEntry, ItemKind, partner_code, partner_name

__all__ = ["DocumentKind", "agenda_document", "decisions_document", "print_document"]

_HISTORY_LIMIT = 6


class DocumentKind(StrEnum):
    AGENDA = "agenda"
    BESLUITENLIJST = "besluitenlijst"
    ACTIELIJST = "actielijst"


NOT_DISCUSSED = _("Niet besproken; doorgeschoven naar de volgende zitting.")


def _sitting_info(tx: Tx, row: models.Sitting) -> SittingInfo:
    table = TableCode(row.table_code)
    same_table = select(models.Sitting).where(models.Sitting.table_code == row.table_code)
    previous = tx.session.scalars(
        same_table.where(models.Sitting.starts_at < row.starts_at)
        .order_by(models.Sitting.starts_at.desc())
        .limit(1)
    ).first()
    following = tx.session.scalars(
        same_table.where(models.Sitting.starts_at > row.starts_at)
        .order_by(models.Sitting.starts_at)
        .limit(1)
    ).first()
    return SittingInfo(
        table=table,
        number=sitting_number(row),
        date=row.starts_at.date(),
        start=row.starts_at.time(),
        place=row.place,
        chair=row.chair,
        minute_taker=row.minute_taker,
        invited_partners=tuple(partner_name(table, p) for p in loads(row.invited_partners)),
        previous_number=sitting_number(previous) if previous else "",
        previous_date=previous.starts_at.date() if previous else None,
        next_date=following.starts_at.date() if following else None,
        next_start=following.starts_at.time() if following else None,
    )


def _step_text(table: TableCode, code: str) -> str:
    definition = catalogue.table_definition(table)
    if not code or not definition.has_steps:
        return code
    return definition.step(code).display


def _history_text(table: TableCode, kind: EventKind, reason: str, src: str, dst: str) -> str:
    if kind is EventKind.STAP or (kind is EventKind.REGISTRATIE and dst):
        moved = (
            f"{_step_text(table, src)} → {_step_text(table, dst)}"
            if src
            else _step_text(table, dst)
        )
        return f"{_('Stap')}: {moved}" + (f" ({reason})" if reason else "")
    return f"{kind.value.replace('_', ' ').capitalize()}" + (f": {reason}" if reason else "")


def _dossier(tx: Tx, case: models.Case) -> CaseDossier:
    table = TableCode(case.table_code)
    definition = catalogue.table_definition(table)
    subjects = []
    for link in case_repo.case_subjects(tx.session, case.id):
        s = link.subject
        address = ""
        if s.address.street or s.address.postcode:
            street = f"{s.address.street} {s.address.house_number}".strip()
            address = ", ".join(
                p for p in (street, f"{s.address.postcode} {s.address.city}".strip()) if p
            )
        name = s.display_name if s.kind is not SubjectKind.ADRES else _("(adres)")
        subjects.append(
            SubjectLine(
                name=name,
                role=link.role.value,
                birth_date=s.person.birth_date,
                bsn=s.person.bsn,
                address=address,
                phone=s.person.phone,
                identity=identity_of(s),
            )
        )
    events = case_repo.events(tx.session, case.id)
    history = tuple(
        HistoryLine(e.occurred_on, _history_text(table, e.kind, e.reason, e.from_step, e.to_step))
        for e in sorted(events, key=lambda e: (e.occurred_on, e.id), reverse=True)[:_HISTORY_LIMIT]
    )
    types = {t.code: t.label for t in definition.interventions}
    interventions = tuple(
        InterventionLine(
            types.get(i.type_code, i.type_code),
            partner_name(table, i.partner),
            i.status.value,
            i.due_date,
        )
        for i in case_repo.interventions(tx.session, case.id)
        if i.status.is_open
    )
    agreements = tuple(
        Agreement(a.what, partner_name(table, a.partner), a.due_date, a.condition)
        for a in tx.session.scalars(
            select(models.Agreement)
            .where(models.Agreement.case_id == case.id, models.Agreement.status == OPEN_AGREEMENT)
            .order_by(models.Agreement.due_date, models.Agreement.id)
        )
    )
    return CaseDossier(
        case_number=case.number,
        status=CaseStatus(case.status).label,
        step=_step_text(table, case.step),
        lead_partner=partner_name(table, case.lead_partner),
        registered_on=case.registered_on,
        tenure=case.tenure if table is TableCode.WO else "",
        subjects=tuple(subjects),
        history=history,
        interventions=interventions,
        agreements=agreements,
    )


def _dossiers(tx: Tx, entries: Sequence[AgendaEntry]) -> dict[str, CaseDossier]:
    found: dict[str, CaseDossier] = {}
    for entry in entries:
        case = tx.session.get(models.Case, entry.case_id) if entry.case_id else None
        if case is not None and case.number not in found:
            found[case.number] = _dossier(tx, case)
    return found


def _agenda_in(tx: Tx, sitting_id: int) -> tuple[AgendaDocument, list[AgendaEntry]]:
    row = sitting_row(tx, sitting_id)
    table = TableCode(row.table_code)
    entries = entries_in(tx, sitting_id)
    items: list[AgendaCaseItem | FreeItem] = []
    for e in entries:
        section = AgendaSection(e.section)
        if e.kind is ItemKind.CASE:
            needed = tuple(partner_name(table, p) for p in e.partners_needed)
            items.append(AgendaCaseItem(section, e.case_number, e.label, e.question, needed))
        else:
            items.append(FreeItem(section, e.title, e.question))
    document = AgendaDocument(_sitting_info(tx, row), tuple(items), _dossiers(tx, entries))
    return document, entries


def agenda_document(vault: Vault, sitting_id: int) -> AgendaDocument:
    """The agenda of a sitting as the report builders take it (read only, not audited)."""
    with vault.unit_of_work() as tx:
        return _agenda_in(tx, sitting_id)[0]


def _decision_item(
    table: TableCode, e: AgendaEntry, from_step: str, number: str = ""
) -> DecisionItem:
    def name(code: str) -> str:
        return partner_name(table, code)

    step_change = ""
    # Doorgeschoven: said so, and no step change (i11b).
    decision = NOT_DISCUSSED if e.record.not_discussed else e.record.decision
    if e.record.step_change_to and not e.record.not_discussed:
        source = f"{_step_text(table, from_step)} " if from_step else ""
        step_change = f"{source}→ {_step_text(table, e.record.step_change_to)}"
    return DecisionItem(
        case_number=e.case_number,
        label=e.label,
        title=e.title,
        decision=decision,
        step_change=step_change,
        agreements=tuple(
            Agreement(a.what, name(a.partner), a.due, a.condition)
            for a in e.agreements
            if a.status != "vervallen"
        ),
        returns_on=e.record.returns_on,
        returns_note=e.record.returns_note,
        partners_present=tuple(name(p) for p in e.record.partners_present),
        number=number,
    )


def _decisions_in(tx: Tx, sitting_id: int) -> tuple[DecisionsDocument, list[AgendaEntry]]:
    row = sitting_row(tx, sitting_id)
    table = TableCode(row.table_code)
    entries = entries_in(tx, sitting_id)
    # Once closed, the step a change started from is the one in its escalation event.
    event_ids = [e.step_event_id for e in entries if e.step_event_id is not None]
    sources = dict(
        tx.session.execute(
            select(models.CaseEvent.id, models.CaseEvent.from_step).where(
                models.CaseEvent.id.in_(event_ids)
            )
        ).all()
    )
    # Numbered as on the agenda: the frame's order, then the place within the section.
    ordered = sorted(entries, key=lambda e: list(AgendaSection).index(AgendaSection(e.section)))
    numbers = item_numbers([e.section for e in ordered])
    items = tuple(
        _decision_item(
            table,
            e,
            sources.get(e.step_event_id, "") if e.step_event_id else e.case_step,
            number,
        )
        for number, e in zip(numbers, ordered, strict=True)
    )
    present: list[str] = []
    for item in items:
        present.extend(p for p in item.partners_present if p not in present)
    document = DecisionsDocument(
        _sitting_info(tx, row), items, tuple(present), _dossiers(tx, entries)
    )
    return document, entries


def decisions_document(vault: Vault, sitting_id: int) -> DecisionsDocument:
    """The besluitenlijst of a sitting as the report builders take it (read only)."""
    with vault.unit_of_work() as tx:
        return _decisions_in(tx, sitting_id)[0]


def print_document(
    vault: Vault,
    sitting_id: int,
    kind: DocumentKind,
    variant: Variant,
    path: Path,
    *,
    partner: str | None = None,
    printed_on: dt.date | None = None,
) -> Path:
    """Print the agenda, besluitenlijst or action list of a sitting to `path`, audited as PRINT.

    Args:
        partner: A partner code or name: its own copy (distributed variant only).
        printed_on: Print date in the footer (default today).

    Raises:
        ValidationError: Partner copy of the chair's version, unknown partner, or a question
            or decision that names a subject of its case.
        OutputError: The file could not be written; nothing is audited then.
    """
    variant = Variant(variant)
    printed_on = printed_on or dt.date.today()
    if kind is DocumentKind.ACTIELIJST and variant is Variant.VOORZITTER:
        raise ValidationError(_("De actielijst bestaat alleen als verspreidversie."), "variant")
    with vault.unit_of_work() as tx:
        table = TableCode(sitting_row(tx, sitting_id).table_code)
        who = partner_name(table, partner_code(table, partner)) if partner else None
        if kind is DocumentKind.AGENDA:
            agenda_doc, entries = _agenda_in(tx, sitting_id)
            write_agenda(path, agenda_doc, variant, printed_on=printed_on, partner=who)
        else:
            decisions_doc, entries = _decisions_in(tx, sitting_id)
            if kind is DocumentKind.ACTIELIJST:
                write_action_list(path, decisions_doc, printed_on=printed_on, partner=who)
            else:
                write_decisions(path, decisions_doc, variant, printed_on=printed_on, partner=who)
        detail = f"variant={variant.value}"
        if partner:
            detail += f";partner={partner_code(table, partner)}"
        tx.audit(
            AuditRecord(
                AuditAction.PRINT, object_kind=kind.value, object_id=sitting_id, detail=detail
            )
        )
        if variant is Variant.VOORZITTER:
            # The chair's copy shows each case's subjects: log the print per case as well.
            for case_id in sorted({e.case_id for e in entries if e.case_id is not None}):
                tx.audit(
                    AuditRecord(
                        AuditAction.PRINT,
                        object_kind=kind.value,
                        case_id=case_id,
                        object_id=sitting_id,
                        detail=detail,
                    )
                )
        return path
