"""Editing a case's own fields and a subject's data on real vaults: rules, label, stats, audit."""

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
    StatRecord,
    SubjectKind,
    SubjectRole,
    TableCode,
    Tenure,
)
from casustafel.errors import NotFoundError, RuleViolation, ValidationError
from casustafel.services import cases, moves, statistics
from casustafel.services.case_edits import CaseEdit, check_tenure, edit_case, edit_subject
from casustafel.services.inzage import correct_subject

from .helpers import REG, make_case

TODAY = dt.date(2026, 3, 2)


def audit_entries(vault: Vault) -> list[models.AuditEntry]:
    with vault.unit_of_work() as uow:
        rows = list(uow.session.scalars(select(models.AuditEntry).order_by(models.AuditEntry.id)))
        uow.session.expunge_all()
    return rows


def last_change(vault: Vault) -> models.AuditEntry:
    """The newest audit entry that is not a read (reading a case file is audited too)."""
    return [e for e in audit_entries(vault) if e.action != "read"][-1]


def case_values(vault: Vault, case_id: int) -> tuple[models.Case, StatRecord]:
    with vault.unit_of_work() as uow:
        row = uow.session.get(models.Case, case_id)
        assert row is not None
        record = statistics.stored_record(uow.session, row.stat_record_id)
        recount = statistics.compute_for_case(uow.session, row)
        assert record is not None
        assert record == recount  # the stored record always equals a recount
        uow.session.expunge(row)
    return row, record


def subject_id_of(vault: Vault, case_id: int) -> int:
    return cases.get_case_file(vault, case_id).subjects[0].subject.id


def test_edit_changes_fields_refreshes_label_and_stat_record(vault: Vault) -> None:
    case_id = make_case(vault, lead_partner="gemeente")
    before, record = case_values(vault, case_id)
    assert before.label == "J.d.V. (Emmerhout)"
    assert record.area == "Emmerhout" and record.lead_partner_type == "gemeente"

    changed = edit_case(
        vault,
        case_id,
        CaseEdit(
            lead_partner="politie",
            brought_in_by="lefier",
            legal_ground="apv_2_45",
            area="Angelslo",
            summary="  Overlast van harde muziek  ",
            subject_informed=False,
            not_informed_reason="Lopend politieonderzoek",
        ),
        today=TODAY,
    )
    assert changed == (
        "lead_partner",
        "brought_in_by",
        "legal_ground",
        "area",
        "not_informed_reason",
        "summary",
    )
    after, record = case_values(vault, case_id)
    assert (after.lead_partner, after.brought_in_by, after.legal_ground) == (
        "politie",
        "lefier",
        "apv_2_45",
    )
    assert after.area == "Angelslo" and after.label == "J.d.V. (Angelslo)"
    assert after.summary == "Overlast van harde muziek"
    assert after.not_informed_reason == "Lopend politieonderzoek"
    assert after.last_activity == TODAY
    assert record.area == "Angelslo" and record.lead_partner_type == "politie"
    assert (after.status, after.step) == (before.status, before.step)  # an edit is not a move


def test_edit_is_audited_as_update_with_field_names_only(vault: Vault) -> None:
    case_id = make_case(vault)
    secret = "Zorgmijdende buurman Keesjanszoon"
    edit_case(vault, case_id, CaseEdit(summary=secret, area="Bargeres"), today=TODAY)
    entry = last_change(vault)
    assert (entry.action, entry.object_kind, entry.case_id) == ("update", "case", case_id)
    assert entry.detail == "fields=area,summary"
    dumped = " ".join(
        str(getattr(e, c)) for e in audit_entries(vault) for c in ("detail", "on_behalf_of")
    )
    assert "Keesjanszoon" not in dumped and "Bargeres" not in dumped


def test_nothing_changed_writes_and_audits_nothing(vault: Vault) -> None:
    case_id = make_case(vault)
    count = len(audit_entries(vault))
    assert edit_case(vault, case_id, CaseEdit(area="Emmerhout", lead_partner="gemeente")) == ()
    assert edit_case(vault, case_id, CaseEdit()) == ()
    assert len(audit_entries(vault)) == count


def test_koop_refused_on_a_huur_only_step(vault: Vault) -> None:
    case_id = make_case(vault, tenure=Tenure.HUUR)
    moves.move_step(vault, case_id, "ONTBINDING", on=REG, reason="Huurachterstand en overlast")
    with pytest.raises(RuleViolation) as refused:
        edit_case(vault, case_id, CaseEdit(tenure=Tenure.KOOP))
    assert refused.value.field == "tenure"
    assert refused.value.message == (
        "De casus staat op stap 11 Ontbinding huur, die alleen voor huurwoningen geldt; zet "
        "de casus eerst op een andere stap voordat u 'koopwoning' kiest."
    )
    with pytest.raises(RuleViolation, match="niet 'onbekend' worden"):
        edit_case(vault, case_id, CaseEdit(tenure=Tenure.ONBEKEND))
    assert case_values(vault, case_id)[0].tenure == "huur"  # nothing written
    # Once the case is off the huur-only step, koop is allowed.
    moves.move_step(vault, case_id, "CASUSTAFEL", on=REG, reason="Huurder vertrokken, koper")
    assert edit_case(vault, case_id, CaseEdit(tenure=Tenure.KOOP)) == ("tenure",)


def test_tenure_rule_only_where_the_table_has_huur_only_steps() -> None:
    check_tenure(TableCode.WO, "CASUSTAFEL", Tenure.KOOP)
    check_tenure(TableCode.MH, "zorg+straf", Tenure.KOOP)
    check_tenure(TableCode.WO, "ONTBINDING", Tenure.HUUR)
    with pytest.raises(RuleViolation):
        check_tenure(TableCode.WO, "ONTBINDING", Tenure.KOOP)


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (CaseEdit(lead_partner="bestaatniet"), "lead_partner"),
        (CaseEdit(brought_in_by="riec"), "brought_in_by"),  # an OM partner, not a WO one
        (CaseEdit(legal_ground="opiumwet_13b_x"), "legal_ground"),
        (CaseEdit(area="Atlantis"), "area"),
        (CaseEdit(subject_informed=False, not_informed_reason="  "), "not_informed_reason"),
    ],
)
def test_refusals_name_their_field_and_write_nothing(
    vault: Vault, edit: CaseEdit, field: str
) -> None:
    case_id = make_case(vault)
    count = len(audit_entries(vault))
    with pytest.raises(ValidationError) as refused:
        edit_case(vault, case_id, edit)
    assert refused.value.field == field and refused.value.message
    assert len(audit_entries(vault)) == count
    assert case_values(vault, case_id)[0].area == "Emmerhout"


def test_informing_the_subject_clears_the_reason(vault: Vault) -> None:
    case_id = make_case(vault)
    edit_case(vault, case_id, CaseEdit(subject_informed=False, not_informed_reason="Gevaar"))
    assert edit_case(vault, case_id, CaseEdit(subject_informed=True)) == (
        "subject_informed",
        "not_informed_reason",
    )
    row = case_values(vault, case_id)[0]
    assert row.subject_informed and row.not_informed_reason == ""


def test_unknown_case(vault: Vault) -> None:
    with pytest.raises(NotFoundError):
        edit_case(vault, 999, CaseEdit(summary="x"))


# --- subjects ---------------------------------------------------------------------------------


def test_subject_edit_validates_normalises_and_relabels_every_case(vault: Vault) -> None:
    first = make_case(vault)
    second = make_case(vault)  # the same person (same name and birth date) is matched
    subject_id = subject_id_of(vault, first)
    assert subject_id == subject_id_of(vault, second)
    changed = edit_subject(
        vault,
        subject_id,
        {
            "given_names": " Johan ",
            "prefix": "van der",
            "surname": "Velde",
            "bsn": "1112.22.333",
            "postcode": "7811ap",
            "house_number": "12 a",
            "phone": "06 1234 5678",
            "birth_date": "01-01-1980",
        },
        case_id=first,
    )
    assert changed == ("given_names", "prefix", "surname", "bsn", "house_number", "phone")
    person = cases.get_case_file(vault, first).subjects[0].subject
    assert person.person.bsn == "111222333" and person.address.postcode == "7811 AP"
    assert person.display_name == "Johan van der Velde"
    for case_id in (first, second):
        assert case_values(vault, case_id)[0].label == "J.v.d.V. (Emmerhout)"
    entry = last_change(vault)
    assert (entry.action, entry.object_kind, entry.subject_id, entry.case_id) == (
        "update",
        "subject",
        subject_id,
        first,
    )
    assert entry.on_behalf_of == ""
    assert entry.detail == "fields=given_names,prefix,surname,bsn,house_number,phone"
    for value in ("Johan", "Velde", "111222333", "7811", "1234"):
        assert value not in entry.detail


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"bsn": "123456789"}, "bsn"),  # fails the elfproef
        ({"postcode": "7811 SA"}, "postcode"),
        ({"postcode": "781 AP"}, "postcode"),
        ({"house_number": "twaalf"}, "house_number"),
        ({"birth_date": "31-02-1980"}, "birth_date"),
        ({"birth_date": dt.date(2099, 1, 1)}, "birth_date"),
        ({"phone": "12"}, "phone"),
        ({"surname": "", "bsn": ""}, "surname"),
        ({"organisation_name": "Stichting X"}, "organisation_name"),
        ({"shoe_size": "44"}, "shoe_size"),
    ],
)
def test_subject_edit_refusals(
    vault: Vault, changes: dict[str, str | dt.date | None], field: str
) -> None:
    case_id = make_case(vault)
    subject_id = subject_id_of(vault, case_id)
    count = len(audit_entries(vault))
    with pytest.raises(ValidationError) as refused:
        edit_subject(vault, subject_id, changes)
    assert refused.value.field == field
    for value in changes.values():
        if isinstance(value, str) and len(value) > 3:
            assert value not in refused.value.message  # messages never repeat the value
    assert len(audit_entries(vault)) == count
    assert cases.get_case_file(vault, case_id).subjects[0].subject.person.surname == "Vries"


def test_a_bsn_of_another_person_is_refused(vault: Vault) -> None:
    case_id = make_case(vault)
    other = cases.add_subject(
        vault,
        case_id,
        NewSubject(
            kind=SubjectKind.PERSOON,
            role=SubjectRole.MELDER,
            person=Person(surname="Bakker", bsn="111222333"),
        ),
    )
    subject_id = subject_id_of(vault, case_id)
    assert other != subject_id
    with pytest.raises(ValidationError, match="andere persoon") as refused:
        edit_subject(vault, subject_id, {"bsn": "111 222 333"})
    assert refused.value.field == "bsn"


def test_address_subject_keeps_postcode_and_house_number(vault: Vault) -> None:
    case_id = make_case(vault)
    address_id = cases.add_subject(
        vault,
        case_id,
        NewSubject(
            kind=SubjectKind.ADRES,
            address=Address(street="Kerkstraat", house_number="3", postcode="7811 AB"),
        ),
    )
    with pytest.raises(ValidationError) as refused:
        edit_subject(vault, address_id, {"house_number": ""})
    assert refused.value.field == "house_number"
    with pytest.raises(ValidationError):
        edit_subject(vault, address_id, {"surname": "Jansen"})
    assert edit_subject(vault, address_id, {"street": "Kerkstraat Oost"}) == ("street",)


def test_unknown_subject(vault: Vault) -> None:
    with pytest.raises(NotFoundError):
        edit_subject(vault, 4242, {"surname": "X"})


def test_correction_on_request_shares_the_rules_and_relabels(vault: Vault) -> None:
    case_id = make_case(vault)
    subject_id = subject_id_of(vault, case_id)
    with pytest.raises(ValidationError):
        correct_subject(vault, subject_id, {"bsn": "123456789"}, on_behalf_of="betrokkene")
    assert correct_subject(vault, subject_id, {"surname": "Graaf"}, on_behalf_of="betrokkene") == (
        "surname",
    )
    assert case_values(vault, case_id)[0].label == "J.d.G. (Emmerhout)"
    entry = last_change(vault)
    assert (entry.action, entry.on_behalf_of, entry.detail) == (
        "correct",
        "betrokkene",
        "fields=surname",
    )
