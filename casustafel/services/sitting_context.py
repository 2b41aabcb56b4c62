"""The case context meeting mode shows beside an item: step, open work and the last decision.

One read per item the chair opens: the case's current step (or active routes), its open
interventions and open agreements with partner and due date, and the last decision taken on
it at a closed sitting (not counting items marked "niet besproken"). Audited as a READ of the
case, like opening its file. The subjects come along only so the screen can mask free text
while presenting; the values carry no other personal data.
"""

from __future__ import annotations

from sqlalchemy import select

from casustafel.db import models
from casustafel.db.audit import AuditRecord
from casustafel.db.repositories import cases as case_repo
from casustafel.db.vault import Vault
from casustafel.domain import catalogue
from casustafel.domain.catalogue_model import CatalogueError
from casustafel.domain.model import AuditAction, CaseStatus, InterventionStatus, TableCode
from casustafel.errors import NotFoundError
from casustafel.i18n import _

from .sitting_facts import OPEN_AGREEMENT
from .sitting_store import sitting_number
from .sitting_values import CaseContext, ContextLine, SittingStatus, partner_name

__all__ = ["case_context"]

_OPEN = (InterventionStatus.GEPLAND.value, InterventionStatus.LOPEND.value)


def _step_text(table: TableCode, step: str) -> str:
    definition = catalogue.table_definition(table)
    if not step:
        return "—"
    if not definition.has_steps:  # MH: the active routes, joined by "+"
        names = []
        for code in step.split("+"):
            try:
                names.append(definition.route(code).label)
            except CatalogueError:
                names.append(code)
        return ", ".join(names)
    try:
        return definition.step(step).display
    except CatalogueError:
        return step


def _intervention_name(table: TableCode, code: str) -> str:
    try:
        return catalogue.table_definition(table).intervention(code).label
    except CatalogueError:
        return code


def case_context(vault: Vault, case_id: int) -> CaseContext:
    """The context of case `case_id` for the chair; audited as READ.

    Raises:
        NotFoundError: The case does not exist (any more).
    """
    with vault.unit_of_work() as tx:
        case = tx.session.get(models.Case, case_id)
        if case is None:
            raise NotFoundError(_("Casus {id} bestaat niet (meer).").format(id=case_id))
        table = TableCode(case.table_code)
        interventions = tuple(
            ContextLine(
                _intervention_name(table, row.type_code),
                partner_name(table, row.partner),
                row.due_date,
            )
            for row in tx.session.scalars(
                select(models.Intervention)
                .where(
                    models.Intervention.case_id == case_id, models.Intervention.status.in_(_OPEN)
                )
                .order_by(models.Intervention.due_date, models.Intervention.id)
            )
        )
        agreements = tuple(
            ContextLine(row.what, partner_name(table, row.partner), row.due_date)
            for row in tx.session.scalars(
                select(models.Agreement)
                .where(
                    models.Agreement.case_id == case_id,
                    models.Agreement.status == OPEN_AGREEMENT,
                )
                .order_by(models.Agreement.due_date, models.Agreement.id)
            )
        )
        last = tx.session.execute(
            select(models.AgendaItem.decision, models.Sitting)
            .join(models.Sitting, models.Sitting.id == models.AgendaItem.sitting_id)
            .where(
                models.AgendaItem.case_id == case_id,
                models.Sitting.status == SittingStatus.GESLOTEN.value,
                models.AgendaItem.not_discussed.is_(False),
                models.AgendaItem.decision != "",
            )
            # The newest sitting, and within it the newest entry (a correction).
            .order_by(models.Sitting.starts_at.desc(), models.AgendaItem.id.desc())
            .limit(1)
        ).first()
        subjects = tuple(case_repo.case_subjects(tx.session, case_id))
        tx.audit(
            AuditRecord(AuditAction.READ, object_kind="case", case_id=case_id, detail="context")
        )
        return CaseContext(
            case_id=case_id,
            step=_step_text(table, case.step),
            status=CaseStatus(case.status).label,
            interventions=interventions,
            agreements=agreements,
            last_decision=last[0] if last else "",
            last_decided_on=last[1].starts_at.date() if last else None,
            last_sitting_number=sitting_number(last[1]) if last else "",
            subjects=subjects,
        )
