"""Monitoring export on real vaults: recount, canary, atomic files, refusal, audit, CLI."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

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
    TableCode,
)
from casustafel.domain.monitoring import MonitoringRequest, Period, build_monitoring
from casustafel.domain.statistics import compute_signal_stat
from casustafel.errors import RefusedError
from casustafel.services import cases
from casustafel.services.demo import DemoOptions, fill_demo
from casustafel.services.monitoring_export import (
    ExportFormat,
    export_monitoring,
    load_stat_records,
)
from casustafel.services.statistics import compute_for_case
from tests.builders import build_case
from tests.cli.test_vault_commands import run_cli, with_passphrase
from tests.conftest import TEST_PASSPHRASE

YEAR = MonitoringRequest(Period.parse("2025-12", "2026-11"), by_area=True)
CANARIES = {
    "surname": "Zwanenburgerhoeve",
    "given": "Quirijntje",
    "bsn": "111222333",
    "street": "Kwikstaartpadje",
    "postcode": "7811 QX",
}
BIRTH = dt.date(1971, 3, 17)


def _canary_case(vault: Vault, table: TableCode, day: dt.date) -> int:
    subject = NewSubject(
        kind=SubjectKind.PERSOON,
        role=SubjectRole.VEROORZAKER,
        person=Person(
            surname=CANARIES["surname"],
            given_names=CANARIES["given"],
            birth_date=BIRTH,
            bsn=CANARIES["bsn"],
        ),
        address=Address(CANARIES["street"], "93", CANARIES["postcode"], "Emmen"),
    )
    return build_case(vault, subject, table=table, registered_on=day, area="Angelslo")


def _contents(path: Path) -> str:
    data = path.read_bytes()
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return data.decode("utf-8", "replace")


@pytest.mark.slow
@pytest.mark.parametrize("seed", [2, 5])
def test_published_figures_equal_a_recount_from_the_case_histories(vault: Vault, seed: int) -> None:
    fill_demo(vault, DemoOptions(cases=80, seed=seed))
    stored = load_stat_records(vault)
    with vault.unit_of_work() as uow:
        recount = [
            compute_for_case(uow.session, row) for row in uow.session.scalars(select(models.Case))
        ]
        from casustafel.db.repositories import convert

        recount += [
            compute_signal_stat(convert.to_signal(row))
            for row in uow.session.scalars(select(models.Signal))
        ]
    assert len([r for r in stored if r.kind == "case"]) >= 80
    from_store = build_monitoring(stored, YEAR)
    from_history = build_monitoring(recount, YEAR)
    case_figures = {k: v for k, v in from_history.protection.values.items() if k[1] != "sig"}
    assert {k: from_store.protection.values[k] for k in case_figures} == case_figures
    assert from_store.protection.values[("WO:2026-H1", "new", "totaal")] > 0


# Edge records around the period 2026-01..2026-06: (kind, table, registered, closed, counts).
EDGES = [
    ("signal", "WO", "2025-12", None, False),
    ("signal", "WO", "2026-01", None, True),
    ("signal", "WO", "2026-06", None, True),
    ("signal", "WO", "2026-07", None, False),
    ("case", "WO", "2025-06", "2025-12", False),  # closed before the period
    ("case", "WO", "2025-06", "2026-01", True),  # open at its start, closed in it
    ("case", "WO", "2025-06", None, True),  # open throughout
    ("case", "WO", "2026-06", None, True),
    ("case", "WO", "2026-07", None, False),  # registered after it
    ("case", "WO", "2026-02", "2025-11", True),  # closed "before" registration: in 2026-02
    ("case", "OM", "2026-03", None, False),  # a table not asked for
]


@pytest.mark.slow
@pytest.mark.parametrize("by_area", [False, True])
def test_reading_only_the_period_gives_the_same_figures(vault: Vault, by_area: bool) -> None:
    fill_demo(vault, DemoOptions(cases=60, seed=4))
    with vault.unit_of_work() as uow:
        for kind, table, registered, closed, _counts in EDGES:
            uow.session.add(
                models.StatRecord(
                    kind=kind,
                    table_code=table,
                    area="Emmerhout",
                    registered_month=registered,
                    closed_month=closed,
                    highest_step="MELDING" if closed else "",
                    outcome="onduidelijk" if closed else "",
                )
            )
    every = load_stat_records(vault)
    for request in (
        MonitoringRequest(Period.parse("2026-01", "2026-06"), (TableCode.WO,), by_area),
        MonitoringRequest(Period.parse("2025-07", "2026-06"), by_area=by_area),
    ):
        some = load_stat_records(vault, request)
        assert len(some) < len(every)
        whole, part = build_monitoring(every, request), build_monitoring(some, request)
        assert part.system.values == whole.system.values
        assert part.protection.marks == whole.protection.marks
        assert [b.cells for b in part.blocks] == [b.cells for b in whole.blocks]
    # The edge records themselves: read exactly when they count in the period.
    request = MonitoringRequest(Period.parse("2026-01", "2026-06"), (TableCode.WO,), by_area)
    read = {
        (r.kind.value, r.table.value, r.registered_month, r.closed_month)
        for r in load_stat_records(vault, request)
    }
    for kind, table, registered, closed, counts in EDGES:
        assert ((kind, table, registered, closed) in read) is counts


def test_canary_nothing_personal_in_any_export(vault: Vault, tmp_path: Path) -> None:
    numbers = []
    for index, table in enumerate(TableCode):
        for month in range(1, 7):
            case_id = _canary_case(vault, table, dt.date(2026, month, 3 + index))
            numbers.append(cases.get_case_file(vault, case_id).header.number)
    forbidden = [
        *CANARIES.values(),
        CANARIES["postcode"].replace(" ", ""),
        "17-03-1971",
        "1971-03-17",
        *numbers,
    ]
    request = MonitoringRequest(Period.parse("2026-01", "2026-06"), by_area=True)
    for fmt in ExportFormat:
        result = export_monitoring(vault, request, fmt, tmp_path / f"export.{fmt.value}")
        written = [result.path] + ([result.manifest_path] if result.manifest_path else [])
        for path in written:
            text = _contents(path)
            assert "WO" in text
            for value in forbidden:
                assert value not in text, (fmt, value)
    # One case per table per month: every monthly count of new cases is hidden.
    document = json.loads((tmp_path / "export.json").read_text(encoding="utf-8"))
    flows = next(b for b in document["blokken"] if b["id"] == "WO.stromen")
    assert all(row[1] in ("<5", "x") for row in flows["cellen"][:-1])
    published = [v for b in document["blokken"] for row in b["cellen"] for v in row]
    assert not any(isinstance(v, int) and 0 < v < 5 for v in published)


def test_existing_file_is_not_replaced_without_force(vault: Vault, tmp_path: Path) -> None:
    _canary_case(vault, TableCode.WO, dt.date(2026, 2, 2))
    target = tmp_path / "cijfers.csv"
    target.write_text("oud", encoding="utf-8")
    request = MonitoringRequest(Period.parse("2026-01", "2026-06"))
    with pytest.raises(RefusedError, match="--force"):
        export_monitoring(vault, request, ExportFormat.CSV, target)
    assert target.read_text(encoding="utf-8") == "oud"
    result = export_monitoring(vault, request, ExportFormat.CSV, target, force=True)
    assert target.read_bytes().startswith("\ufefftafel;indicator".encode())
    assert result.manifest_path == tmp_path / "cijfers.manifest.json"
    manifest = json.loads(result.manifest_path.read_text(encoding="utf-8"))
    assert manifest["k"] == 5 and manifest["periode"] == {"van": "2026-01", "tot_en_met": "2026-06"}
    assert manifest["onderdrukte_cellen"] > 0
    assert "stromen" in manifest["definities"]
    with vault.unit_of_work() as uow:
        entry = uow.session.scalars(
            select(models.AuditEntry).order_by(models.AuditEntry.id.desc())
        ).first()
        assert entry is not None and entry.action == "export"
        assert f"sha256={result.sha256}" in entry.detail
        assert "from=2026-01 to=2026-06" in entry.detail


def test_xlsx_has_figures_and_manifest_sheets(vault: Vault, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    _canary_case(vault, TableCode.OM, dt.date(2026, 3, 3))
    request = MonitoringRequest(Period.parse("2026-01", "2026-06"), tables=(TableCode.OM,))
    result = export_monitoring(vault, request, ExportFormat.XLSX, tmp_path / "m.xlsx")
    book = load_workbook(result.path)
    assert book.sheetnames == ["Cijfers", "Manifest"]
    values = [c.value for row in book["Cijfers"].iter_rows() for c in row if c.value is not None]
    assert "<5" in values
    assert not any(isinstance(v, int) and 0 < v < 5 for v in values)


@pytest.mark.slow
def test_cli_export_and_its_errors(vault_path: Path, vault: Vault, tmp_path: Path) -> None:
    _canary_case(vault, TableCode.WO, dt.date(2026, 1, 9))
    vault.lock()
    out = tmp_path / "uit.json"
    env = with_passphrase(TEST_PASSPHRASE)
    base = ["export", str(vault_path), "--from", "2026-01", "--to", "2026-06"]
    done = run_cli(*base, "--format", "json", "-o", str(out), env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Export geschreven: ")
    again = run_cli(*base, "--format", "json", "-o", str(out), env=env)
    assert again.returncode == 7 and "--force" in again.stderr
    bad = run_cli(*base, "--tables", "WO,XX", "--format", "csv", "-o", str(out), env=env)
    assert (bad.returncode, bad.stderr) == (
        6,
        "casustafel: Onbekende tafel: XX (kies uit WO, OM, MH).\n",
    )
    wrong = run_cli(
        *base,
        "--format",
        "csv",
        "-o",
        str(tmp_path / "a.csv"),
        env=with_passphrase("fout fout fout fout"),
    )
    assert wrong.returncode == 3
