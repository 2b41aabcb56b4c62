"""Betrokkenen on an existing case: add, end and remove; audited; statistics unchanged."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from casustafel.db import models
from casustafel.db.vault import Vault
from casustafel.domain.model import (
    Address,
    NewSubject,
    Person,
    SubjectKind,
    SubjectRole,
)
from casustafel.errors import SubjectConflictError, ValidationError
from casustafel.services import cases
from casustafel.services.case_subjects import (
    add_case_subject,
    end_case_subject,
    remove_case_subject,
)
from tests.services.helpers import make_case


def _stats(vault: Vault) -> list[tuple[object, ...]]:
    with vault.unit_of_work() as tx:
        rows = tx.session.scalars(select(models.StatRecord).order_by(models.StatRecord.id))
        return [
            tuple(getattr(r, c.name) for c in models.StatRecord.__table__.columns) for r in rows
        ]


def _audit(vault: Vault) -> list[tuple[str, str, int | None, str]]:
    with vault.unit_of_work() as tx:
        rows = tx.session.scalars(
            select(models.AuditEntry).where(models.AuditEntry.object_kind == "case_subject")
        )
        return [(r.action, r.object_kind, r.subject_id, r.detail) for r in rows]


def test_add_end_and_remove_a_betrokkene(vault: Vault) -> None:
    case_id = make_case(vault)  # Jan de Vries, veroorzaker
    before = _stats(vault)
    neighbour = NewSubject(
        SubjectKind.PERSOON,
        SubjectRole.MELDER,
        Person("Smit", "", "Ans", dt.date(1975, 4, 1)),
        Address(),
    )
    ans = add_case_subject(vault, case_id, neighbour)
    landlord = add_case_subject(
        vault, case_id, NewSubject(SubjectKind.ORGANISATIE, SubjectRole.EIGENAAR,
                                   organisation_name="Lefier")
    )  # fmt: skip
    subjects = cases.get_case_file(vault, case_id).subjects
    assert {(cs.subject.id, cs.role) for cs in subjects} >= {
        (ans, SubjectRole.MELDER),
        (landlord, SubjectRole.EIGENAAR),
    }
    jan = next(cs.subject.id for cs in subjects if cs.role is SubjectRole.VEROORZAKER)
    with pytest.raises(ValidationError):
        end_case_subject(
            vault, case_id, jan, SubjectRole.VEROORZAKER, on=dt.date.today(), reason=" "
        )
    end_case_subject(
        vault, case_id, jan, SubjectRole.VEROORZAKER, on=dt.date.today(), reason="Verhuisd"
    )
    remove_case_subject(vault, case_id, landlord, SubjectRole.EIGENAAR, reason="Verkeerde casus")
    case_file = cases.get_case_file(vault, case_id)
    roles = {(cs.subject.id, cs.role): cs.ended_on for cs in case_file.subjects}
    assert roles[(jan, SubjectRole.VEROORZAKER)] == dt.date.today()  # ended, kept
    assert (landlord, SubjectRole.EIGENAAR) not in roles  # removed
    assert "J.d.V." not in case_file.header.label  # the label names current persons only
    assert any("Verhuisd" in n.text for n in case_file.notes)
    assert _audit(vault) == [
        ("update", "case_subject", ans, ""),
        ("update", "case_subject", landlord, ""),
        ("update", "case_subject", jan, "einde rol=veroorzaker"),
        ("delete", "case_subject", landlord, "rol=eigenaar"),
    ]
    assert _stats(vault) == before  # monitoring figures do not move


def test_adding_a_conflicting_person_is_refused(vault: Vault) -> None:
    case_id = make_case(vault)
    known = NewSubject(
        SubjectKind.PERSOON, person=Person("Boer", "de", "Piet", dt.date(1985, 3, 12), "111222333")
    )
    add_case_subject(vault, case_id, known)
    other = NewSubject(SubjectKind.PERSOON, person=Person("Jansen", "", "Anna", None, "111222333"))
    with pytest.raises(SubjectConflictError):
        add_case_subject(vault, case_id, other)
