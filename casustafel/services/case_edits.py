"""Editing what a case says about itself, and correcting a subject's data.

A case's own fields (lead partner, brought in by, legal ground, huur/koop, area, whether
the subject was informed and why not, summary) are facts about the case, not moves: an
edit changes the row in place, recomputes the label and the statistical record through
`moves.refresh_case_in`, and is audited as UPDATE with the names of the changed fields
only, never their values (a summary or a reason may name people).

A subject's data (name, birth date, BSN, address, phone) is edited with
`change_subject_in`, which `inzage.correct_subject` shares for corrections at a data
subject's request; the two differ only in how they are audited (UPDATE here, CORRECT
there, with on whose behalf).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields

from sqlalchemy import select

from casustafel.db import models
from casustafel.db.audit import AuditRecord
from casustafel.db.repositories.tx import Tx, utc_now
from casustafel.db.vault import Vault
from casustafel.domain import catalogue, validation
from casustafel.domain import model as dm
from casustafel.errors import NotFoundError, RuleViolation, ValidationError
from casustafel.i18n import _

from .cases import case_row, check_case_codes, refresh_label
from .moves import refresh_case_in

__all__ = [
    "CASE_FIELDS",
    "SUBJECT_FIELDS",
    "CaseEdit",
    "change_subject_in",
    "check_tenure",
    "edit_case",
    "edit_case_in",
    "edit_subject",
]

SUBJECT_FIELDS: tuple[str, ...] = models.PERSONAL_DATA_COLUMNS["subjects"]
"""The subject fields an edit or a correction may change (all of its personal data)."""

_PERSON_ONLY = frozenset({"surname", "prefix", "given_names", "birth_date", "bsn", "phone"})
_ORGANISATION_ONLY = frozenset({"organisation_name"})

_VALIDATORS: dict[str, Callable[[str], str]] = {
    "bsn": validation.validate_bsn,
    "postcode": validation.validate_postcode,
    "house_number": validation.validate_house_number,
    "phone": validation.validate_phone,
}


@dataclass(frozen=True, slots=True)
class CaseEdit:
    """The case fields to change; a field left at None stays as it is.

    Codes are those of the case's table (`lead_partner`, `brought_in_by` are partner
    codes, `legal_ground` a legal-ground code); "" clears a code. `area` is a name from
    `catalogue.area_names()` or "".
    """

    lead_partner: str | None = None
    brought_in_by: str | None = None
    legal_ground: str | None = None
    tenure: dm.Tenure | None = None
    area: str | None = None
    subject_informed: bool | None = None
    not_informed_reason: str | None = None
    summary: str | None = None


CASE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(CaseEdit))


def check_tenure(table: dm.TableCode, step: str, tenure: dm.Tenure) -> None:
    """Refuse a tenure under which the step the case stands on would not be allowed.

    The huur-only steps (WO 11, tenancy dissolution) apply only to rented homes; a case on
    such a step cannot become owner-occupied (or unknown) without first moving off it,
    otherwise the ladder's own rule would be broken after the fact.

    Raises:
        RuleViolation: with `field="tenure"`.
    """
    definition = catalogue.table_definition(table)
    if tenure is dm.Tenure.HUUR or not definition.has_steps or not step:
        return
    try:
        current = definition.step(step)
    except catalogue.CatalogueError:
        return  # an unknown step is the ladder's concern, not the tenure's
    if not current.huur_only:
        return
    if tenure is dm.Tenure.KOOP:
        message = _(
            "De casus staat op stap {step}, die alleen voor huurwoningen geldt; zet de casus "
            "eerst op een andere stap voordat u 'koopwoning' kiest."
        )
    else:
        message = _(
            "De casus staat op stap {step}, die alleen voor huurwoningen geldt; "
            "huur of koop kan daarom niet 'onbekend' worden."
        )
    raise RuleViolation(message.format(step=current.display), field="tenure")


def _clean_text(value: str) -> str:
    return " ".join(value.split())


def edit_case_in(tx: Tx, case_id: int, edit: CaseEdit, *, today: dt.date) -> tuple[str, ...]:
    """Apply `edit` inside the caller's transaction; return the names of changed fields."""
    row = case_row(tx, case_id)
    table = dm.TableCode(row.table_code)
    wanted: dict[str, object] = {}
    if edit.lead_partner is not None:
        wanted["lead_partner"] = edit.lead_partner.strip()
    if edit.brought_in_by is not None:
        wanted["brought_in_by"] = edit.brought_in_by.strip()
    if edit.legal_ground is not None:
        wanted["legal_ground"] = edit.legal_ground.strip()
    if edit.area is not None:
        wanted["area"] = edit.area.strip()
    if edit.tenure is not None:
        wanted["tenure"] = dm.Tenure(edit.tenure).value
    if edit.subject_informed is not None:
        wanted["subject_informed"] = edit.subject_informed
    if edit.not_informed_reason is not None:
        wanted["not_informed_reason"] = edit.not_informed_reason.strip()
    if edit.summary is not None:
        wanted["summary"] = edit.summary.strip()
    check_case_codes(
        catalogue.table_definition(table),
        area=str(wanted.get("area", "")),
        lead_partner=str(wanted.get("lead_partner", "")),
        brought_in_by=str(wanted.get("brought_in_by", "")),
        legal_ground=str(wanted.get("legal_ground", "")),
    )
    if "tenure" in wanted and wanted["tenure"] != row.tenure:
        check_tenure(table, row.step, dm.Tenure(str(wanted["tenure"])))
    informed = bool(wanted.get("subject_informed", row.subject_informed))
    if informed:
        # A reason for not informing means nothing once the subject was informed.
        wanted["not_informed_reason"] = ""
    elif ("subject_informed" in wanted or "not_informed_reason" in wanted) and not str(
        wanted.get("not_informed_reason", row.not_informed_reason)
    ):
        raise ValidationError(
            _("Vermeld waarom de betrokkene (nog) niet is geïnformeerd."),
            field="not_informed_reason",
        )
    changed = tuple(name for name, value in wanted.items() if getattr(row, name) != value)
    if not changed:
        return ()
    for name in changed:
        setattr(row, name, wanted[name])
    if "area" in changed:
        refresh_label(tx, row)
    # Area and lead partner type are in the statistical record; the row's derived fields
    # are refreshed the same way every move does it.
    refresh_case_in(tx, row, touched_on=today)
    tx.audit(
        AuditRecord(
            dm.AuditAction.UPDATE,
            object_kind="case",
            case_id=case_id,
            detail="fields=" + ",".join(changed),
        )
    )
    return changed


def edit_case(
    vault: Vault, case_id: int, edit: CaseEdit, *, today: dt.date | None = None
) -> tuple[str, ...]:
    """Change a case's own fields in one audited transaction; return the changed fields.

    Nothing is written (or audited) when nothing changes.

    Raises:
        NotFoundError: no such case.
        ValidationError: an unknown code or area, or no reason for not informing the subject.
        RuleViolation: a tenure that the step the case stands on does not allow.
    """
    with vault.unit_of_work() as tx:
        return edit_case_in(tx, case_id, edit, today=today or utc_now().date())


# --- subjects ---------------------------------------------------------------------------------


def _subject_row(tx: Tx, subject_id: int) -> models.Subject:
    row = tx.session.get(models.Subject, subject_id)
    if row is None:
        raise NotFoundError(_("Betrokkene {id} bestaat niet (meer).").format(id=subject_id))
    return row


def _normalise(name: str, value: str | dt.date | None, today: dt.date) -> str | dt.date | None:
    if name not in SUBJECT_FIELDS:
        raise ValidationError(_("Onbekend veld: {name}.").format(name=name), field=name)
    if name == "birth_date":
        return validation.validate_birth_date(value, today=today) if value else None
    text = str(value or "")
    if text.strip() and name in _VALIDATORS:
        return _VALIDATORS[name](text)
    return _clean_text(text)


def _check_whole(tx: Tx, row: models.Subject, changed: tuple[str, ...]) -> None:
    """Rules over the subject as a whole after the change (the same as at intake)."""
    kind = dm.SubjectKind(row.kind)
    for name in changed:
        if not getattr(row, name):
            continue
        if (name in _PERSON_ONLY and kind is not dm.SubjectKind.PERSOON) or (
            name in _ORGANISATION_ONLY and kind is not dm.SubjectKind.ORGANISATIE
        ):
            raise ValidationError(
                _("Dit veld hoort niet bij een betrokkene van deze soort."), field=name
            )
    if kind is dm.SubjectKind.PERSOON and not (row.surname or row.bsn):
        raise ValidationError(_("Vul de achternaam of het BSN in."), field="surname")
    if kind is dm.SubjectKind.ORGANISATIE and not row.organisation_name:
        raise ValidationError(_("Vul de naam van de organisatie in."), field="organisation_name")
    if kind is dm.SubjectKind.ADRES and not (row.postcode and row.house_number):
        raise ValidationError(
            _("Een adres heeft een postcode en een huisnummer."),
            field="postcode" if not row.postcode else "house_number",
        )
    if "bsn" in changed and row.bsn:
        other = tx.session.scalar(
            select(models.Subject.id).where(
                models.Subject.bsn == row.bsn,
                models.Subject.kind == dm.SubjectKind.PERSOON.value,
                models.Subject.id != row.id,
            )
        )
        if other is not None:
            # Two persons with one BSN would be one person twice: matching relies on it.
            raise ValidationError(
                _("Dit BSN hoort al bij een andere persoon in de kluis."), field="bsn"
            )


def change_subject_in(
    tx: Tx,
    subject_id: int,
    changes: Mapping[str, str | dt.date | None],
    *,
    today: dt.date | None = None,
) -> tuple[str, ...]:
    """Validate and apply `changes` to a subject in the caller's transaction; no audit.

    Fields are those of `SUBJECT_FIELDS`; BSN (elfproef), postcode, house number and phone
    are validated and normalised, a birth date must be plausible, other text loses
    surplus spaces. The labels of every case the subject belongs to are recomputed.

    Returns:
        The names of the fields whose value changed, in the order of `changes`.

    Raises:
        NotFoundError: no such subject.
        ValidationError: an unknown field or an invalid value (`field` names it).
    """
    now = utc_now()
    clean = {name: _normalise(name, value, today or now.date()) for name, value in changes.items()}
    row = _subject_row(tx, subject_id)
    changed = tuple(name for name, value in clean.items() if getattr(row, name) != value)
    if not changed:
        return ()
    for name in changed:
        setattr(row, name, clean[name])
    _check_whole(tx, row, changed)
    row.updated_at = now
    tx.session.flush()
    case_ids = tx.session.scalars(
        select(models.CaseSubject.case_id)
        .where(models.CaseSubject.subject_id == subject_id)
        .distinct()
    )
    for case_id in sorted(case_ids):
        refresh_label(tx, case_row(tx, case_id))
    return changed


def edit_subject(
    vault: Vault,
    subject_id: int,
    changes: Mapping[str, str | dt.date | None],
    *,
    case_id: int | None = None,
    today: dt.date | None = None,
) -> tuple[str, ...]:
    """Edit a subject's data (correcting a typo); return the changed fields.

    Audited as UPDATE with the field names only, and the case it was edited from
    (`case_id`) for context. A correction at the data subject's request goes through
    `inzage.correct_subject` instead, which records on whose behalf.

    Raises:
        NotFoundError: no such subject.
        ValidationError: an unknown field or an invalid value (`field` names it).
    """
    with vault.unit_of_work() as tx:
        changed = change_subject_in(tx, subject_id, changes, today=today)
        if changed:
            tx.audit(
                AuditRecord(
                    dm.AuditAction.UPDATE,
                    object_kind="subject",
                    case_id=case_id,
                    subject_id=subject_id,
                    detail="fields=" + ",".join(changed),
                )
            )
        return changed
