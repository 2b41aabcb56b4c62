"""After every use case that acts on request, the audit log holds requester codes only.

Issue 2 says the audit log holds no free-text content; issue 6 asks for "on whose request"
with correction and erasure. Both hold when what a user typed as the requester (perhaps a
lawyer's name) is refused or turned into a code before it reaches the log.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from casustafel.db import models
from casustafel.db.vault import Vault
from casustafel.domain.requesters import Requester, is_requester_code
from casustafel.errors import ValidationError
from casustafel.services.audit_log import AuditFilter, check_chain, query_log, write_audit_pdf
from casustafel.services.inzage import (
    correct_subject,
    erase_subject,
    subject_for_correction,
    write_access_request_pdf,
)
from casustafel.services.retention import hold_case, release_hold

from .retention_data import make_case
from .test_inzage import pdf_text

LAWYER = "Mr. Hendrika Wolkenschuiver"


def _requesters(vault: Vault) -> list[tuple[str, str]]:
    with vault.unit_of_work() as uow:
        return [
            (action, who)
            for action, who in uow.session.execute(
                select(models.AuditEntry.action, models.AuditEntry.on_behalf_of).order_by(
                    models.AuditEntry.id
                )
            )
        ]


def _every_use_case_on_request(vault: Vault, tmp_path: Path, requester: Requester | str) -> None:
    made = make_case(vault)
    write_access_request_pdf(
        vault, made.subject_id, tmp_path / "inzage.pdf", on_behalf_of=requester
    )
    subject_for_correction(vault, made.subject_id, on_behalf_of=requester)
    correct_subject(vault, made.subject_id, {"city": "Assen"}, on_behalf_of=requester)
    hold_case(vault, made.case_id, f"Bezwaar ingediend door {LAWYER}", on_behalf_of=requester)
    release_hold(vault, made.case_id)
    hold_case(vault, made.case_id, "Onderzoek loopt")  # on nobody's request
    erase_subject(vault, made.shared_subject_id, on_behalf_of=requester)


@pytest.mark.parametrize("requester", [Requester.GEMACHTIGDE, "Advocaat of andere gemachtigde"])
def test_the_log_holds_only_codes_after_access_correction_hold_and_erasure(
    vault: Vault, tmp_path: Path, requester: Requester | str
) -> None:
    _every_use_case_on_request(vault, tmp_path, requester)
    entries = _requesters(vault)
    assert {action for action, _who in entries} >= {"export", "read", "correct", "update", "erase"}
    assert all(who == "" or is_requester_code(who) for _action, who in entries)
    on_request = [(a, w) for a, w in entries if w]
    assert on_request == [
        ("export", "gemachtigde"),
        ("read", "gemachtigde"),
        ("correct", "gemachtigde"),
        ("update", "gemachtigde"),
        ("erase", "gemachtigde"),
    ]
    with vault.unit_of_work() as uow:
        every_cell = " ".join(
            f"{e.user} {e.object_kind} {e.on_behalf_of} {e.detail}"
            for e in uow.session.scalars(select(models.AuditEntry))
        )
    assert "Wolkenschuiver" not in every_cell  # the hold's reason stays with the case
    assert check_chain(vault, record_read=False).ok


def test_a_typed_name_is_refused_everywhere_and_leaves_no_trace(
    vault: Vault, tmp_path: Path
) -> None:
    made = make_case(vault)
    before = _requesters(vault)
    attempts: list[Callable[[], object]] = [
        lambda: write_access_request_pdf(
            vault, made.subject_id, tmp_path / "x.pdf", on_behalf_of=LAWYER
        ),
        lambda: subject_for_correction(vault, made.subject_id, on_behalf_of=LAWYER),
        lambda: correct_subject(vault, made.subject_id, {"city": "Assen"}, on_behalf_of=LAWYER),
        lambda: hold_case(vault, made.case_id, "Bezwaar", on_behalf_of=LAWYER),
        lambda: erase_subject(vault, made.subject_id, on_behalf_of=LAWYER),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert refused.value.field == "on_behalf_of"
        assert "Wolkenschuiver" not in refused.value.message
    assert _requesters(vault) == before
    assert not (tmp_path / "x.pdf").exists()


def test_the_viewer_filters_on_a_requester_and_the_pdfs_show_its_label(
    vault: Vault, tmp_path: Path
) -> None:
    made = make_case(vault)
    inzage = tmp_path / "inzage.pdf"
    correct_subject(vault, made.subject_id, {"city": "Assen"}, on_behalf_of=Requester.RECHTER)
    write_access_request_pdf(vault, made.subject_id, inzage, on_behalf_of=Requester.TOEZICHTHOUDER)
    lines = query_log(vault, AuditFilter(requesters=frozenset({"rechter"})))
    assert [(line.action, line.on_behalf_of_label) for line in lines] == [
        ("correct", "Rechterlijke uitspraak")
    ]
    assert (
        "op verzoek van rechterlijke uitspraak"
        in AuditFilter(requesters=frozenset({"rechter"})).describe()
    )
    assert " ".join(pdf_text(inzage).split()).count("Rechterlijke uitspraak") == 1
    audit_pdf = tmp_path / "audit.pdf"
    write_audit_pdf(vault, audit_pdf, AuditFilter(subject_id=made.subject_id))
    text = " ".join(pdf_text(audit_pdf).split())
    assert "Rechterlijke uitspraak" in text and "Toezichthouder (Autoriteit" in text
