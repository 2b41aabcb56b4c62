"""Monitoring view and its models: model tester, publication switch, lock clears all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from casustafel.db.vault import Vault
from casustafel.domain.model import StatKind, StatRecord, TableCode
from casustafel.domain.monitoring import MonitoringRequest, Period, build_monitoring
from casustafel.domain.monitoring_grid import Grain
from casustafel.ui.models.monitoring_models import BlockTableModel, chart_data
from casustafel.ui.session import AppSession
from casustafel.ui.views.monitoring_view import MonitoringView
from casustafel.ui.worker import Worker

TODAY = dt.date(2026, 3, 1)  # the view starts on the first half of 2026


def _records() -> list[StatRecord]:
    rows = [("2026-01", None)] * 12 + [("2026-02", "2026-03")] * 2 + [("2026-04", "2026-05")] * 7
    return [
        StatRecord(StatKind.CASE, TableCode.WO, "Emmerhout", m, c, highest_step="ONDERZOEK")
        for m, c in rows
    ]


def test_block_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    monitoring = build_monitoring(_records(), MonitoringRequest(Period.half_year("2026-1")))
    for publication in (True, False):
        model = BlockTableModel()
        model.set_block(monitoring, monitoring.blocks[0], publication=publication)
        qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    model.clear()
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]


def test_publication_shows_marks_and_raw_mode_the_counts() -> None:
    request = MonitoringRequest(Period.half_year("2026-1"))
    monitoring = build_monitoring(_records(), request, fixed=Grain.MONTH)
    flows = next(b for b in monitoring.blocks if b.id == "WO.stromen")
    model = BlockTableModel()
    model.set_block(monitoring, flows, publication=True)
    feb_closed = model.index(1, 2)  # two cases were closed in March, none in February
    mar_closed = model.index(2, 2)
    assert mar_closed.data() == "<5"
    assert "Klein aantal" in mar_closed.data(Qt.ItemDataRole.ToolTipRole)
    assert feb_closed.data() == "0"
    model.set_block(monitoring, flows, publication=False)
    assert mar_closed.data() == "2"
    published = chart_data(monitoring, TableCode.WO, publication=True)
    closed = published["flows"][2]
    assert closed.values[2] is None and closed.marks[2] == "<5"
    raw = chart_data(monitoring, TableCode.WO, publication=False)
    assert raw["flows"][2].values[2] == 2.0


def _shown(view: MonitoringView) -> object:
    return view.monitoring


@pytest.fixture
def worker() -> Iterator[Worker]:
    made = Worker()
    yield made
    made.shutdown()


def test_view_loads_off_the_gui_thread_and_clears_on_lock(
    qtbot: QtBot, demo_vault: Vault, worker: Worker
) -> None:
    session = AppSession(demo_vault)
    with qtbot.waitSignal(worker.submit(lambda _c: None).finished, timeout=5000):
        pass
    view = MonitoringView(session, worker=worker, today=TODAY)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=20000):
        pass
    assert view.monitoring is not None
    assert view.flows_chart.chart().series()
    # The periods as published (months, quarters or the half year) and the period total.
    flows = next(b for b in view.monitoring.blocks if b.id == "WO.stromen")
    assert view.block_model.rowCount() == len(flows.rows)
    texts = [
        view.block_model.index(r, c).data()
        for r in range(view.block_model.rowCount())
        for c in range(view.block_model.columnCount())
    ]
    assert not any(t.isdigit() and 0 < int(t) < 5 for t in texts)
    view.publication_check.setChecked(False)
    assert "werkelijke aantallen" in view.note_label.text()
    session.lock()
    assert _shown(view) is None
    assert view.block_model.rowCount() == 0
    assert not view.flows_chart.chart().series()


def test_view_without_worker_uses_the_thread_pool(qtbot: QtBot, demo_vault: Vault) -> None:
    session = AppSession(demo_vault)
    view = MonitoringView(session, today=TODAY)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=20000):
        pass
    assert view.monitoring is not None and view.monitoring.request.period.start == "2026-01"
    with qtbot.waitSignal(view.loaded, timeout=20000):
        view.table_combo.setCurrentIndex(2)
    assert view.table is TableCode.MH
    session.lock()


def test_a_pool_job_reaches_slots_connected_after_it_started(qtbot: QtBot, vault: Vault) -> None:
    # Without a worker the job runs on Qt's pool; it may only start once the caller has
    # connected (a view connects right after start_job returns). Before, a fast job could
    # finish first and its result was lost: the view kept saying "Cijfers worden geteld".
    import time

    from casustafel.ui.views.monitoring_jobs import start_job

    job = start_job(lambda report: 42, AppSession(vault), None)
    time.sleep(0.3)  # long enough for a pool thread to have run and emitted
    with qtbot.waitSignal(job.succeeded, timeout=10_000) as got:
        pass
    assert got.args == [42]
