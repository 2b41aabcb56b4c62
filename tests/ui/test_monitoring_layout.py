"""Monitoring view layout: month and step labels are never cut to "…", headers fit."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCharts import QBarCategoryAxis, QChart
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from casustafel.db.vault import Vault
from casustafel.ui.session import AppSession
from casustafel.ui.views.monitoring_view import MonitoringView

TODAY = dt.date(2026, 3, 1)


def _categories(chart: QChart) -> QBarCategoryAxis:
    axes = [a for a in chart.axes() if isinstance(a, QBarCategoryAxis)]
    assert len(axes) == 1
    return axes[0]


def test_labels_are_short_and_never_truncated(qtbot: QtBot, demo_vault: Vault) -> None:
    view = MonitoringView(AppSession(demo_vault), today=TODAY)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=20000):
        view.period_combo.setCurrentIndex(2)  # the whole year: twelve months
    # The chart follows the published grain (month, quarter or half year, chosen from the
    # data): every period of the year is there, with a short label that is never cut.
    periods = _categories(view.flows_chart.chart())
    labels = periods.categories()
    assert (periods.count(), labels[0]) in ((12, "jan"), (4, "K1"), (2, "H1")), labels
    assert all(len(label) <= 3 for label in labels)
    assert not periods.truncateLabels()
    assert view.flows_chart.chart().title().endswith(", 2026")
    steps = _categories(view.steps_chart.chart())
    assert not steps.truncateLabels()
    assert all(len(label) <= 26 for label in steps.categories())
    assert "8 Last onder dwangsom / bestuursdwang" in view.steps_chart.toolTip()


def test_long_column_names_wrap_in_a_taller_header(qtbot: QtBot, demo_vault: Vault) -> None:
    view = MonitoringView(AppSession(demo_vault), today=TODAY)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=20000):
        pass
    header = view.block_table.horizontalHeader()
    one_line = header.minimumHeight()
    view.block_combo.setCurrentIndex(1)  # signals by outcome: long category names
    names = [
        str(view.block_model.headerData(c, Qt.Orientation.Horizontal))
        for c in range(view.block_model.columnCount())
    ]
    assert max(len(n) for n in names) > 40
    assert header.minimumHeight() >= one_line + header.fontMetrics().height()
    for column in range(view.block_model.columnCount()):
        assert 64 <= view.block_table.columnWidth(column) <= 170
