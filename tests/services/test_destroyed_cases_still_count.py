"""Destroyed cases still count: export and half-year figures are unchanged by destruction."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from casustafel.db import models
from casustafel.db.vault import Vault
from casustafel.domain.monitoring import MonitoringRequest, Period
from casustafel.services.demo import DemoOptions, fill_demo
from casustafel.services.halfyear_report import write_halfyear_report
from casustafel.services.monitoring_export import ExportFormat, export_monitoring
from casustafel.services.retention import destroy, destruction_list

# Far enough ahead that every case the demo closed is past its retention.
LATER = dt.date(2030, 1, 1)
REQUEST = MonitoringRequest(Period.parse("2024-01", "2026-10"))
BY_AREA = MonitoringRequest(Period.parse("2025-01", "2025-12"), by_area=True)


def _count(vault: Vault, model: type[models.Base]) -> int:
    with vault.unit_of_work() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)


def _figures(path: Path) -> object:
    document = json.loads(path.read_text(encoding="utf-8"))
    return document["blokken"]


@pytest.mark.slow
def test_export_and_report_figures_survive_destruction(vault: Vault, tmp_path: Path) -> None:
    fill_demo(vault, DemoOptions(cases=150, seed=11))
    before = export_monitoring(vault, REQUEST, ExportFormat.JSON, tmp_path / "voor.json")
    areas_before = export_monitoring(vault, BY_AREA, ExportFormat.JSON, tmp_path / "voor-g.json")
    report_before = write_halfyear_report(vault, "2025-2", tmp_path / "voor.pdf")
    cases_before = _count(vault, models.Case)
    stats_before = _count(vault, models.StatRecord)

    due = destruction_list(vault, today=LATER).due
    done = destroy(vault, due, today=LATER)

    # Destruction really happened: case rows and their people are gone, the records stay.
    assert len(done.case_ids) >= 50
    assert _count(vault, models.Case) == cases_before - len(done.case_ids)
    assert _count(vault, models.StatRecord) == stats_before
    after = export_monitoring(vault, REQUEST, ExportFormat.JSON, tmp_path / "na.json")
    areas_after = export_monitoring(vault, BY_AREA, ExportFormat.JSON, tmp_path / "na-g.json")
    report_after = write_halfyear_report(vault, "2025-2", tmp_path / "na.pdf")
    assert _figures(after.path) == _figures(before.path)
    assert _figures(areas_after.path) == _figures(areas_before.path)
    assert after.monitoring.protection.values == before.monitoring.protection.values
    assert after.monitoring.protection.marks == before.monitoring.protection.marks
    assert report_after.monitoring.protection.values == report_before.monitoring.protection.values
    assert before.monitoring.protection.values[("WO:2025-H1", "closed", "totaal")] > 0
