"""Half-year report on real vaults: canary, no small figure anywhere, same suppression as export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from casustafel.db import models
from casustafel.db.vault import Vault
from casustafel.domain.model import TableCode
from casustafel.domain.monitoring import MonitoringRequest, Period
from casustafel.errors import RefusedError, ValidationError
from casustafel.services.demo import DemoOptions, fill_demo
from casustafel.services.halfyear_report import write_halfyear_report
from casustafel.services.monitoring_export import load_monitoring

from .halfyear_helpers import BIRTH_TEXTS, CANARIES, canary_case, pdf_text, small_figures


def test_scan_finds_small_figures_and_ignores_labels() -> None:
    # The scan itself must be able to fail, or the tests below prove nothing.
    assert small_figures("Signalen\n26\n3\n<5\n12\n", 5) == [3]
    assert small_figures("steeg van 41 naar 4 nieuwe zaken (+3%).", 5) == [4]
    assert small_figures("1 Onderzoek\n10-07-2026\n157,5\npagina 2 van 3\n<5\n1.234", 5) == []
    assert small_figures("2. Woonoverlast\nelk aantal van 1 tot k wordt", 5) == []


@pytest.fixture
def canary_vault(vault: Vault) -> tuple[Vault, list[str]]:
    fill_demo(vault, DemoOptions(cases=60, seed=4))
    for index, table in enumerate(TableCode):
        for month in range(1, 7):
            canary_case(vault, table, dt.date(2026, month, 3 + index))
    with vault.unit_of_work() as uow:
        numbers = list(uow.session.scalars(select(models.Case.number)))
    return vault, numbers


@pytest.mark.slow
@pytest.mark.parametrize("k", [5, 10])
def test_canary_nothing_personal_and_no_small_figure(
    canary_vault: tuple[Vault, list[str]], tmp_path: Path, k: int
) -> None:
    vault, numbers = canary_vault
    out = tmp_path / "halfjaar.pdf"
    result = write_halfyear_report(vault, "2026-1", out, k=k, today=dt.date(2026, 7, 10))
    text, meta = pdf_text(out)
    assert "Woonoverlast" in text and f"<{k}" in text  # the text was really read back
    forbidden = [
        *CANARIES.values(),
        CANARIES["postcode"].replace(" ", ""),
        *BIRTH_TEXTS,
        *numbers,
    ]
    assert len(numbers) >= 78
    for value in forbidden:
        assert value not in text, value
        assert value not in meta, value
    assert small_figures(text, k) == []
    assert result.monitoring.suppressed_count > 0


@pytest.mark.slow
def test_report_uses_the_export_suppression(vault: Vault, tmp_path: Path) -> None:
    fill_demo(vault, DemoOptions(cases=120, seed=7))
    result = write_halfyear_report(vault, "2026-1", tmp_path / "r.pdf")
    export = load_monitoring(vault, MonitoringRequest(Period.half_year("2026-1")))
    assert result.monitoring.protection.marks == export.protection.marks
    assert result.monitoring.protection.values == export.protection.values
    text, _meta = pdf_text(result.path)
    # Every published period total of the flows appears as printed in the report.
    flows = next(b for b in export.blocks if b.id == "WO.stromen")
    for cell in flows.cells[-1][:3]:
        value = export.value(cell)
        assert f"\n{value}\n" in text.replace(".", "") or str(value) in text


def test_existing_file_kept_without_force_and_export_audited(vault: Vault, tmp_path: Path) -> None:
    canary_case(vault, TableCode.WO, dt.date(2026, 2, 2))
    out = tmp_path / "raad.pdf"
    out.write_bytes(b"oud")
    with pytest.raises(RefusedError, match="--force"):
        write_halfyear_report(vault, "2026-1", out)
    assert out.read_bytes() == b"oud"
    with pytest.raises(ValidationError):
        write_halfyear_report(vault, "2026-3", tmp_path / "x.pdf")
    with pytest.raises(ValidationError):
        write_halfyear_report(vault, "2026-1", tmp_path / "x.pdf", k=7)
    assert not (tmp_path / "x.pdf").exists()
    result = write_halfyear_report(vault, "2026-1", out, force=True)
    assert out.read_bytes().startswith(b"%PDF")
    with vault.unit_of_work() as uow:
        entry = uow.session.scalars(
            select(models.AuditEntry).order_by(models.AuditEntry.id.desc())
        ).first()
        assert entry is not None and entry.action == "export"
        assert entry.object_kind == "halfjaarrapport"
        assert f"sha256={result.sha256}" in entry.detail
        assert "half=2026-1 from=2026-01 to=2026-06" in entry.detail
        assert "k=5" in entry.detail
