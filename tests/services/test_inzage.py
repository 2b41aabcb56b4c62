"""Access requests, correction and erasure on real vaults, read back from the PDF."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from casustafel.db import models
from casustafel.db.audit import AuditRecord
from casustafel.db.vault import Vault
from casustafel.domain.model import AuditAction, TableCode
from casustafel.domain.requesters import Requester
from casustafel.errors import NotFoundError, ValidationError
from casustafel.services.inzage import (
    correct_subject,
    erase_subject,
    gather_access_report,
    subject_for_correction,
    write_access_request_pdf,
)

from .retention_data import BSN, SECRETS, STREET, SURNAME, make_case, make_loose_signal


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages)


def last_entry(vault: Vault) -> models.AuditEntry:
    with vault.unit_of_work() as uow:
        entry = uow.session.scalars(
            select(models.AuditEntry).order_by(models.AuditEntry.id.desc())
        ).first()
    assert entry is not None
    return entry


def test_access_request_holds_everything_about_the_person(vault: Vault, tmp_path: Path) -> None:
    made = make_case(vault)
    with vault.unit_of_work() as uow:
        uow.audit(AuditRecord(AuditAction.READ, "case", case_id=made.case_id))
    out = tmp_path / "inzage.pdf"
    report = write_access_request_pdf(
        vault, made.subject_id, out, on_behalf_of=Requester.TOEZICHTHOUDER
    )
    text = " ".join(pdf_text(out).split())
    for secret in (*SECRETS, BSN, "03-02-1971", "7811 AB"):
        assert secret in text, secret
    assert "Gedeeldveld" not in text  # another subject of the case: only the role is shown
    assert "melder" in text
    assert len(report.cases) == 1 and report.audit
    assert any(line.action == "read" for line in report.audit)
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert SURNAME not in str(reader.metadata) and BSN not in str(reader.metadata)
    entry = last_entry(vault)
    assert (entry.action, entry.object_kind, entry.subject_id) == (
        "export",
        "inzage",
        made.subject_id,
    )
    assert entry.on_behalf_of == "toezichthouder" and SURNAME not in entry.detail


def test_access_request_refuses_a_free_text_requester_before_writing(
    vault: Vault, tmp_path: Path
) -> None:
    made = make_case(vault)
    out = tmp_path / "inzage.pdf"
    with pytest.raises(ValidationError) as refused:
        write_access_request_pdf(vault, made.subject_id, out, on_behalf_of="mr. Jansen")
    assert refused.value.field == "on_behalf_of" and "Jansen" not in refused.value.message
    assert "gemachtigde" in refused.value.message  # the message lists the codes
    assert not out.exists()
    # By default the subject asked: the access request is their right.
    write_access_request_pdf(vault, made.subject_id, out)
    assert last_entry(vault).on_behalf_of == "betrokkene"


def test_access_request_respects_the_tables_the_user_may_see(vault: Vault) -> None:
    made = make_case(vault)
    report = gather_access_report(vault, made.subject_id, tables={TableCode.OM})
    assert report.cases == () and report.signals == ()
    assert any(value == SURNAME for _label, value in report.personal)


def test_access_request_for_a_signal_only_subject(vault: Vault) -> None:
    _signal, subject = make_loose_signal(vault, weighed_on=dt.date(2025, 1, 1))
    report = gather_access_report(vault, subject)
    assert report.cases == () and "Losmeldingtekst" in str(report.signals)


def test_unknown_subject(vault: Vault, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        write_access_request_pdf(vault, 999, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_correction_is_validated_and_recorded(vault: Vault) -> None:
    made = make_case(vault)
    with pytest.raises(ValidationError):
        correct_subject(vault, made.subject_id, {"bsn": "123456789"}, on_behalf_of="betrokkene")
    with pytest.raises(ValidationError):
        correct_subject(vault, made.subject_id, {"surname": "X"}, on_behalf_of=" ")
    with pytest.raises(ValidationError) as refused:  # free text is no requester
        correct_subject(
            vault, made.subject_id, {"surname": "X"}, on_behalf_of="betrokkene, brief 12-11"
        )
    assert refused.value.field == "on_behalf_of" and "brief" not in refused.value.message
    changed = correct_subject(
        vault,
        made.subject_id,
        {"street": "Nieuwe Straat", "postcode": "7812cd", "city": "Emmen"},
        on_behalf_of="de betrokkene ZELF",  # a label, typed in any case, is its code
    )
    assert changed == ("street", "postcode")
    with vault.unit_of_work() as uow:
        row = uow.session.get(models.Subject, made.subject_id)
        assert row is not None and row.postcode == "7812 CD" and row.street == "Nieuwe Straat"
    entry = last_entry(vault)
    assert (entry.action, entry.subject_id, entry.detail) == (
        "correct",
        made.subject_id,
        "fields=street,postcode",
    )
    assert entry.on_behalf_of == "betrokkene" and STREET not in entry.detail


def test_subject_for_correction_is_an_audited_read_on_request(vault: Vault) -> None:
    made = make_case(vault)
    with pytest.raises(ValidationError):
        subject_for_correction(vault, made.subject_id, on_behalf_of="  ")
    with pytest.raises(ValidationError):
        subject_for_correction(vault, made.subject_id, on_behalf_of="advocaat")
    subject = subject_for_correction(vault, made.subject_id, on_behalf_of="gemachtigde")
    assert subject.id == made.subject_id and subject.person.surname == SURNAME
    assert subject.person.bsn == BSN and subject.address.street == STREET
    entry = last_entry(vault)
    assert (entry.action, entry.object_kind, entry.subject_id, entry.on_behalf_of) == (
        "read",
        "subject",
        made.subject_id,
        "gemachtigde",
    )
    assert entry.detail == ""
    with pytest.raises(NotFoundError):
        subject_for_correction(vault, made.subject_id + 999, on_behalf_of=Requester.GEMACHTIGDE)


def test_erasure_removes_the_person_and_keeps_the_case(vault: Vault) -> None:
    made = make_case(vault)
    with pytest.raises(ValidationError):
        erase_subject(vault, made.subject_id, on_behalf_of="")
    assert erase_subject(vault, made.subject_id, on_behalf_of=Requester.RECHTER) == 1
    with vault.unit_of_work() as uow:
        assert uow.session.get(models.Subject, made.subject_id) is None
        assert uow.session.get(models.Case, made.case_id) is not None
        signal = uow.session.get(models.Signal, made.signal_id)
        assert signal is not None and signal.subject_id is None
    entry = last_entry(vault)
    assert (entry.action, entry.subject_id, entry.on_behalf_of) == (
        "erase",
        made.subject_id,
        "rechter",
    )
