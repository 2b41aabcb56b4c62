"""Finding one data subject by search, for an access request: never a list of everyone.

The privacy officer types part of a name, a BSN, a birth date (dd-mm-jjjj) or a postcode
and gets at most `MAX_HITS` matching subjects. An empty or too short search is refused, so
the dialog can never show every person in the vault. The search is audited like the case
search: the number of hits only, because the search text may be a name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from casustafel.db import models
from casustafel.db.audit import AuditRecord
from casustafel.db.vault import Vault
from casustafel.domain.model import AuditAction, SubjectKind
from casustafel.errors import ValidationError
from casustafel.i18n import _

__all__ = ["MAX_HITS", "MIN_CHARS", "SubjectHit", "search_subjects"]

MAX_HITS = 25
MIN_CHARS = 3

_POSTCODE_WORDS = re.compile(r"\b(\d{4})\s+([A-Za-z]{2})\b")
_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")


@dataclass(frozen=True, slots=True)
class SubjectHit:
    """One found subject: enough to tell two people with the same name apart."""

    id: int
    kind: SubjectKind
    name: str
    birth_date: dt.date | None
    address: str
    cases: int


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _term(term: str) -> ColumnElement[bool]:
    match = _DATE.match(term)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return models.Subject.birth_date == dt.date(year, month, day)
        except ValueError:
            raise ValidationError(
                _("{text} is geen geldige datum.").format(text=term), field="query"
            ) from None
    pattern = f"%{_escape_like(term)}%"
    fields = (
        models.Subject.surname,
        models.Subject.prefix,
        models.Subject.given_names,
        models.Subject.organisation_name,
        models.Subject.street,
        models.Subject.city,
        func.replace(models.Subject.postcode, " ", ""),
    )
    return or_(models.Subject.bsn == term, *(f.ilike(pattern, escape="\\") for f in fields))


def _name(row: models.Subject) -> str:
    if row.kind == SubjectKind.ORGANISATIE.value:
        return row.organisation_name
    if row.kind == SubjectKind.ADRES.value:
        return f"{row.street} {row.house_number}".strip()
    return " ".join(p for p in (row.given_names, row.prefix, row.surname) if p)


def search_subjects(vault: Vault, text: str) -> list[SubjectHit]:
    """Subjects where every word of `text` occurs in a name, the address, BSN or birth date.

    Raises:
        ValidationError: the search is shorter than `MIN_CHARS` characters (no "show all").
    """
    terms = _POSTCODE_WORDS.sub(r"\1\2", text).split()
    if len("".join(terms)) < MIN_CHARS:
        raise ValidationError(
            _("Typ minstens {n} tekens van een naam, BSN, geboortedatum of postcode.").format(
                n=MIN_CHARS
            ),
            field="query",
        )
    case_count = (
        select(func.count(models.CaseSubject.case_id))
        .where(models.CaseSubject.subject_id == models.Subject.id)
        .scalar_subquery()
    )
    query = (
        select(models.Subject, case_count)
        .where(*(_term(t) for t in terms))
        .order_by(models.Subject.surname, models.Subject.given_names, models.Subject.id)
        .limit(MAX_HITS)
    )
    with vault.unit_of_work() as uow:
        hits = [
            SubjectHit(
                row.id,
                SubjectKind(row.kind),
                _name(row),
                row.birth_date,
                " ".join(p for p in (row.street, row.house_number, row.postcode) if p),
                int(count or 0),
            )
            for row, count in uow.session.execute(query)
        ]
        uow.audit(
            AuditRecord(AuditAction.SEARCH, object_kind="subject", detail=f"treffers={len(hits)}")
        )
    return hits
