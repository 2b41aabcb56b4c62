"""Printing sittings from a vault with distinctive subjects: no personal data leaves in the
distributed copies or any metadata, the chair's copy has the summaries, every print is audited."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import select

from casustafel.db import models
from casustafel.db.vault import Vault
from casustafel.errors import ValidationError
from casustafel.reports.sitting_data import Variant
from casustafel.services import sitting_records, sittings
from casustafel.services.sitting_print import DocumentKind, print_document
from casustafel.services.sitting_values import AgreementDraft, ItemRecord

from .sitting_fixtures import PERSONAL_STRINGS, SITTING_DAY, TODAY, Seeded, seed


def _read(path: Path) -> tuple[str, str]:
    reader = pypdf.PdfReader(path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    meta = " ".join(str(v) for v in (reader.metadata or {}).values())
    return text, meta


def _leaks(text: str) -> list[str]:
    # Also with all whitespace removed: extraction may break a name over two lines.
    squeezed = re.sub(r"\s+", "", text).casefold()
    return [
        s
        for s in PERSONAL_STRINGS
        if s.casefold() in text.casefold() or re.sub(r"\s+", "", s).casefold() in squeezed
    ]


def _recorded(vault: Vault) -> Seeded:
    seeded = seed(vault)
    sittings.compose_agenda(vault, seeded.sitting_id, TODAY)
    sittings.add_free_item(vault, seeded.sitting_id, "trends", "Meer meldingen in Emmerhout")
    due = SITTING_DAY + dt.timedelta(days=10)
    for entry in sittings.agenda(vault, seeded.sitting_id):
        if entry.case_id is None:
            continue
        sitting_records.save_item_record(
            vault,
            entry.id,
            ItemRecord(
                partners_present=("politie", "lefier"),
                decision=f"Besluit over {entry.case_number}: plan van aanpak vastgesteld.",
                agreements=(
                    AgreementDraft("Huisbezoek afleggen", "politie", due, "samen"),
                    AgreementDraft("Huurwaarschuwing overwegen", "lefier", due),
                ),
                returns_on=SITTING_DAY + dt.timedelta(days=28),
            ),
        )
    return seeded


def _prints(vault: Vault) -> list[tuple[str, str, str]]:
    with vault.unit_of_work() as tx:
        rows = tx.session.execute(
            select(
                models.AuditEntry.object_kind, models.AuditEntry.detail, models.AuditEntry.case_id
            )
            .where(models.AuditEntry.action == "print")
            .order_by(models.AuditEntry.id)
        ).all()
    return [(kind, detail, str(case_id)) for kind, detail, case_id in rows]


def test_every_distributed_copy_and_every_metadata_is_free_of_personal_data(
    vault: Vault, tmp_path: Path
) -> None:
    seeded = _recorded(vault)
    outputs: dict[str, Path] = {}
    for kind in DocumentKind:
        for variant in Variant:
            if kind is DocumentKind.ACTIELIJST and variant is Variant.VOORZITTER:
                continue
            for partner in (None, "lefier") if variant is Variant.VERSPREID else (None,):
                name = f"{kind.value}-{variant.value}-{partner or 'alle'}.pdf"
                outputs[name] = print_document(
                    vault, seeded.sitting_id, kind, variant, tmp_path / name, partner=partner
                )
    for name, path in outputs.items():
        text, meta = _read(path)
        assert _leaks(meta) == [], name
        if "voorzitter" in name:
            continue
        assert _leaks(text) == [], name
        assert "WO-" in text, name
    agenda_text, _meta = _read(outputs["agenda-verspreid-alle.pdf"])
    for expected in (
        "Q.v.d.K. (Angelslo)",
        "5 Waarschuwing",
        "Vraag aan de tafel",
        "Politie (wijkagent)",
        "Meer meldingen in Emmerhout",
        "Vertrouwelijk",
    ):
        assert expected in agenda_text
    decisions_text, _meta = _read(outputs["besluitenlijst-verspreid-alle.pdf"])
    assert "plan van aanpak vastgesteld" in decisions_text
    assert "Huisbezoek afleggen" in decisions_text


def test_chair_copies_hold_the_case_summaries(vault: Vault, tmp_path: Path) -> None:
    seeded = _recorded(vault)
    agenda = print_document(
        vault, seeded.sitting_id, DocumentKind.AGENDA, Variant.VOORZITTER, tmp_path / "a.pdf"
    )
    text, meta = _read(agenda)
    squeezed = re.sub(r"\s+", "", text)
    for expected in (
        "Kloosterveen",
        "123456782",
        "Zwaluwstaartlaan",
        "Betrokkenen",
        "Voorzittersversie",
    ):
        assert expected in squeezed
    assert _leaks(meta) == []
    decisions = print_document(
        vault,
        seeded.sitting_id,
        DocumentKind.BESLUITENLIJST,
        Variant.VOORZITTER,
        tmp_path / "b.pdf",
    )
    assert "Kloosterveen" in re.sub(r"\s+", "", _read(decisions)[0])


def test_partner_copy_has_only_its_items(vault: Vault, tmp_path: Path) -> None:
    seeded = seed(vault)
    sittings.compose_agenda(vault, seeded.sitting_id, TODAY)
    first, *rest = sittings.agenda(vault, seeded.sitting_id)
    sittings.update_item(vault, first.id, partners_needed=["GGZ Drenthe"])
    path = print_document(
        vault,
        seeded.sitting_id,
        DocumentKind.AGENDA,
        Variant.VERSPREID,
        tmp_path / "ggz.pdf",
        partner="ggz",
    )
    text, _meta = _read(path)
    assert first.case_number in text
    assert all(e.case_number not in text for e in rest)
    assert "GGZ Drenthe" in text


def test_prints_are_audited_with_variant_and_partner(vault: Vault, tmp_path: Path) -> None:
    seeded = _recorded(vault)
    print_document(
        vault,
        seeded.sitting_id,
        DocumentKind.AGENDA,
        Variant.VERSPREID,
        tmp_path / "a.pdf",
        partner="Politie (wijkagent)",
    )
    print_document(
        vault,
        seeded.sitting_id,
        DocumentKind.BESLUITENLIJST,
        Variant.VOORZITTER,
        tmp_path / "b.pdf",
    )
    prints = _prints(vault)
    assert prints[0] == ("agenda", "variant=verspreid;partner=politie", "None")
    assert prints[1] == ("besluitenlijst", "variant=voorzitter", "None")
    # The chair's copy is logged per case as well, since it shows the subjects.
    per_case = {int(c) for k, d, c in prints[2:] if k == "besluitenlijst"}
    assert per_case == {seeded.new_case, seeded.escalate_case, seeded.flagged_case}


def test_a_question_naming_a_subject_is_refused_and_nothing_is_printed(
    vault: Vault, tmp_path: Path
) -> None:
    seeded = seed(vault)
    sittings.compose_agenda(vault, seeded.sitting_id, TODAY)
    entry = next(
        e for e in sittings.agenda(vault, seeded.sitting_id) if e.case_id == seeded.new_case
    )
    sittings.update_item(vault, entry.id, question="Gaat het wel met Kloosterveen?")
    target = tmp_path / "agenda.pdf"
    with pytest.raises(ValidationError, match="noemt een naam"):
        print_document(vault, seeded.sitting_id, DocumentKind.AGENDA, Variant.VERSPREID, target)
    assert not target.exists()
    assert _prints(vault) == []
    with pytest.raises(ValidationError, match="verspreidversie"):
        print_document(
            vault,
            seeded.sitting_id,
            DocumentKind.AGENDA,
            Variant.VOORZITTER,
            target,
            partner="politie",
        )
