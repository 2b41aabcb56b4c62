"""`casustafel agenda`, `decisions` and `ics` through a real process: files, messages, exits."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pypdf
import pytest

from casustafel.db.keyfile import FLOOR_PARAMS
from casustafel.db.vault import Vault
from casustafel.services import sitting_records, sittings
from casustafel.services.sitting_values import AgreementDraft, ItemRecord
from tests.cli.test_vault_commands import run_cli, with_passphrase
from tests.conftest import TEST_PASSPHRASE, TEST_USER
from tests.services.sitting_fixtures import PERSONAL_STRINGS, SITTING_DAY, TODAY, seed


@pytest.fixture(scope="module")
def sitting_vault(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    path = tmp_path_factory.mktemp("cli") / "tafel.casustafel"
    vault, _recovery = Vault.create(path, TEST_USER, TEST_PASSPHRASE, params=FLOOR_PARAMS)
    try:
        seeded = seed(vault)
        sittings.compose_agenda(vault, seeded.sitting_id, TODAY)
        for entry in sittings.agenda(vault, seeded.sitting_id):
            due = SITTING_DAY + dt.timedelta(days=7)
            sitting_records.save_item_record(
                vault,
                entry.id,
                ItemRecord(
                    decision="Plan van aanpak vastgesteld.",
                    partners_present=("politie",),
                    agreements=(AgreementDraft("Huisbezoek", "politie", due),),
                ),
            )
    finally:
        vault.lock()
    return path, seeded.sitting_id


def _text(path: Path) -> str:
    reader = pypdf.PdfReader(path)
    meta = " ".join(str(v) for v in (reader.metadata or {}).values())
    return "\n".join(p.extract_text() for p in reader.pages) + meta


@pytest.mark.slow
def test_agenda_next_distributed_has_no_personal_data(
    sitting_vault: tuple[Path, int], tmp_path: Path
) -> None:
    vault, _sitting = sitting_vault
    out = tmp_path / "agenda.pdf"
    result = run_cli(
        "agenda",
        str(vault),
        "--table",
        "WO",
        "--sitting",
        "next",
        "--variant",
        "verspreid",
        "-o",
        str(out),
        env=with_passphrase(TEST_PASSPHRASE),
    )
    assert result.returncode == 0, result.stderr
    assert "verspreidversie" in result.stdout
    text = _text(out)
    assert "WO-" in text
    assert [s for s in PERSONAL_STRINGS if s in text] == []


@pytest.mark.slow
def test_agenda_chair_copy_warns_and_partner_copy_needs_distributed(
    sitting_vault: tuple[Path, int], tmp_path: Path
) -> None:
    vault, sitting = sitting_vault
    env = with_passphrase(TEST_PASSPHRASE)
    out = tmp_path / "vz.pdf"
    result = run_cli(
        "agenda",
        str(vault),
        "--table",
        "WO",
        "--sitting",
        str(sitting),
        "--variant",
        "voorzitter",
        "-o",
        str(out),
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "persoonsgegevens" in result.stdout
    assert "Kloosterveen" in _text(out).replace("\n", "")
    again = run_cli(
        "agenda", str(vault), "--table", "WO", "--variant", "voorzitter", "-o", str(out), env=env
    )
    assert again.returncode == 7 and "--force" in again.stderr
    partner = run_cli(
        "agenda",
        str(vault),
        "--table",
        "WO",
        "--variant",
        "voorzitter",
        "--partner",
        "politie",
        "-o",
        str(tmp_path / "p.pdf"),
        env=env,
    )
    assert partner.returncode == 2 and "verspreid" in partner.stderr


@pytest.mark.slow
def test_agenda_wrong_table_and_missing_sitting(
    sitting_vault: tuple[Path, int], tmp_path: Path
) -> None:
    vault, sitting = sitting_vault
    env = with_passphrase(TEST_PASSPHRASE)
    wrong = run_cli(
        "agenda",
        str(vault),
        "--table",
        "OM",
        "--sitting",
        str(sitting),
        "--variant",
        "verspreid",
        "-o",
        str(tmp_path / "x.pdf"),
        env=env,
    )
    assert wrong.returncode == 2 and "Woonoverlast" in wrong.stderr
    none = run_cli(
        "agenda",
        str(vault),
        "--table",
        "MH",
        "--variant",
        "verspreid",
        "-o",
        str(tmp_path / "y.pdf"),
        env=env,
    )
    assert none.returncode == 2
    assert (
        none.stderr.strip() == "casustafel: Er is geen volgende zitting van Mensenhandel gepland."
    )
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "y.pdf").exists()


@pytest.mark.slow
def test_decisions_and_action_list(sitting_vault: tuple[Path, int], tmp_path: Path) -> None:
    vault, sitting = sitting_vault
    env = with_passphrase(TEST_PASSPHRASE)
    out = tmp_path / "besluiten.pdf"
    result = run_cli(
        "decisions",
        str(vault),
        "--sitting",
        str(sitting),
        "--variant",
        "verspreid",
        "--partner",
        "politie",
        "-o",
        str(out),
        env=env,
    )
    assert result.returncode == 0, result.stderr
    text = _text(out)
    assert "Plan van aanpak vastgesteld." in text and "Politie (wijkagent)" in text
    assert [s for s in PERSONAL_STRINGS if s in text] == []
    actions = tmp_path / "acties.pdf"
    result = run_cli(
        "decisions",
        str(vault),
        "--sitting",
        str(sitting),
        "--variant",
        "verspreid",
        "--actions",
        "-o",
        str(actions),
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "Actielijst" in _text(actions)
    unknown = run_cli(
        "decisions",
        str(vault),
        "--sitting",
        "999",
        "--variant",
        "verspreid",
        "-o",
        str(tmp_path / "z.pdf"),
        env=env,
    )
    assert unknown.returncode == 2 and "Zitting 999 bestaat niet" in unknown.stderr


def test_ics_has_the_sittings_and_no_case_data(
    sitting_vault: tuple[Path, int], tmp_path: Path
) -> None:
    vault, _sitting = sitting_vault
    out = tmp_path / "zittingen.ics"
    result = run_cli(
        "ics", str(vault), "--table", "WO", "-o", str(out), env=with_passphrase(TEST_PASSPHRASE)
    )
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.count("BEGIN:VEVENT") == 1
    assert f"DTSTART;TZID=Europe/Amsterdam:{SITTING_DAY:%Y%m%d}T093000" in text
    assert re.search(r"[A-Z]{2}-\d{4}-\d{4}", text) is None  # no case number
    assert "J.W." not in text
    assert [s for s in PERSONAL_STRINGS if s in text] == []
