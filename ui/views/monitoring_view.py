"""Monitoring in the app: Qt Charts of inflow and outflow, open cases, highest step, lead times.

The figures come from the anonymous statistical records through the same `build_monitoring`
as the export, loaded off the GUI thread. The "Publicatie" switch shows them as they would
be published (the same suppression: no bar for a suppressed cell, a gap in a line, and a
note naming the marks); without it the true counts are shown. Locking the vault clears all.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QRect, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casustafel.domain.model import TableCode
from casustafel.domain.monitoring import Monitoring, MonitoringRequest, Period
from casustafel.domain.suppression import ALLOWED_K, DEFAULT_K
from casustafel.i18n import _
from casustafel.services.monitoring_export import load_monitoring
from casustafel.ui.models.monitoring_models import BlockTableModel, SeriesData, chart_data
from casustafel.ui.session import AppSession
from casustafel.ui.views.block_picker import refill_block_combo, show_chosen_block
from casustafel.ui.views.monitoring_jobs import Job, Report, start_job
from casustafel.ui.worker import Worker

__all__ = ["PERIODS", "MonitoringView", "period_of"]

COLOURS = (QColor("#1F3A5F"), QColor("#6C9BC7"), QColor("#C98B2B"))
_MIN_COLUMN = 64  # px: room for "<5", "n.b." and four digits
_MAX_COLUMN = 170  # px: wider names wrap in the header (two lines)
_MANY_CATEGORIES = 8  # more labels than this are set smaller, so that each one fits
_CHART_HEIGHT = 250  # px: room for twelve step names down the left of a chart
_TITLE = "casustafel_title"
_LABEL_CHARS = 26  # a step's name on the axis; the chart's tooltip has the full names
PERIODS = (_("Eerste halfjaar"), _("Tweede halfjaar"), _("Heel jaar"))


def period_of(year: int, choice: int) -> Period:
    """The period of the view's choice: 0 first half, 1 second half, 2 the whole year."""
    if choice == 2:
        return Period.parse(f"{year}-01", f"{year}-12")
    return Period.half_year(f"{year}-{choice + 1}")


class MonitoringView(QWidget):
    """Charts and tables of the monitoring figures of one table.

    Args:
        session: the unlocked vault; the view clears itself when it locks.
        parent: the Qt parent.
        worker: the app's background worker; without one Qt's thread pool is used.
        today: the day the default period is chosen from (tests pass their own).
    """

    loaded = Signal()  # new figures are on screen

    def __init__(
        self,
        session: AppSession,
        parent: QWidget | None = None,
        *,
        worker: Worker | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._worker = worker
        self._monitoring: Monitoring | None = None
        self._job: Job | None = None
        self._build(today or dt.date.today())
        self._connect_signals()
        self.reload()

    # --- layout ----------------------------------------------------------------------------

    def _build(self, today: dt.date) -> None:
        self.table_combo = QComboBox()
        for table in TableCode:
            self.table_combo.addItem(table.label, table)
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(today.year)
        self.period_combo = QComboBox()
        self.period_combo.addItems(list(PERIODS))
        self.period_combo.setCurrentIndex(0 if today.month <= 6 else 1)
        self.k_combo = QComboBox()
        for k in ALLOWED_K:
            self.k_combo.addItem(f"k = {k}", k)
        self.k_combo.setCurrentIndex(ALLOWED_K.index(DEFAULT_K))
        self.publication_check = QCheckBox(_("Publicatie (kleine aantallen onderdrukt)"))
        self.publication_check.setChecked(True)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        controls = QHBoxLayout()
        for label, widget in (
            (_("Tafel"), self.table_combo),
            (_("Jaar"), self.year_spin),
            (_("Periode"), self.period_combo),
            (_("Drempel"), self.k_combo),
        ):
            caption = QLabel(label)
            caption.setBuddy(widget)
            controls.addWidget(caption)
            controls.addWidget(widget)
        controls.addWidget(self.publication_check)
        controls.addStretch(1)
        self.export_button = QPushButton(_("E&xporteren…"))
        self.report_button = QPushButton(_("&Rapport maken…"))
        controls.addWidget(self.export_button)
        controls.addWidget(self.report_button)

        self.flows_chart = self._chart_view(_("Instroom en uitstroom"))
        self.open_chart = self._chart_view(_("Open zaken aan het eind van de periode"))
        self.steps_chart = self._chart_view(_("Afgesloten zaken naar hoogste trede"))
        self.lead_chart = self._chart_view(_("Doorlooptijden (mediaan, dagen)"))
        grid = QGridLayout()
        grid.addWidget(self.flows_chart, 0, 0)
        grid.addWidget(self.open_chart, 0, 1)
        grid.addWidget(self.steps_chart, 1, 0)
        grid.addWidget(self.lead_chart, 1, 1)

        self.block_combo = QComboBox()
        self.block_model = BlockTableModel(self)
        self.block_table = QTableView()
        self.block_table.setModel(self.block_model)
        header = self.block_table.horizontalHeader()
        # Long category names wrap onto a second line instead of being cut off.
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        header.setMinimumSectionSize(_MIN_COLUMN)
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.status_label)
        layout.addLayout(grid, 3)
        layout.addWidget(self.note_label)
        layout.addWidget(self.block_combo)
        layout.addWidget(self.block_table, 2)

    @staticmethod
    def _chart_view(title: str) -> QChartView:
        chart = QChart()
        chart.setTitle(title)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        view = QChartView(chart)
        view.setProperty(_TITLE, title)  # the title without the year `_show` appends
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(_CHART_HEIGHT)
        return view

    def _connect_signals(self) -> None:
        self._session.locked.connect(self._on_session_locked)
        for combo in (self.table_combo, self.period_combo, self.k_combo):
            combo.currentIndexChanged.connect(self._on_request_changed)
        self.year_spin.valueChanged.connect(self._on_request_changed)
        self.publication_check.toggled.connect(self._on_publication_check_toggled)
        self.block_combo.currentIndexChanged.connect(self._on_block_combo_current_index_changed)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.report_button.clicked.connect(self._on_report_button_clicked)

    @Slot()
    def _on_export_button_clicked(self) -> None:
        from casustafel.ui.views.export_dialog import ExportDialog

        if not self._session.is_locked:
            ExportDialog(self._session, self, worker=self._worker).open()

    @Slot()
    def _on_report_button_clicked(self) -> None:
        from casustafel.ui.views.report_dialog import ReportDialog

        if not self._session.is_locked:
            ReportDialog(self._session, self, worker=self._worker).open()

    # --- state -----------------------------------------------------------------------------

    @property
    def monitoring(self) -> Monitoring | None:
        return self._monitoring

    @property
    def publication(self) -> bool:
        return self.publication_check.isChecked()

    @property
    def table(self) -> TableCode:
        # Qt hands a StrEnum back as its plain string value.
        return TableCode(self.table_combo.currentData())

    def request(self) -> MonitoringRequest:
        period = period_of(self.year_spin.value(), self.period_combo.currentIndex())
        return MonitoringRequest(period, tuple(TableCode), False, int(self.k_combo.currentData()))

    def reload(self) -> None:
        """Count the figures of the chosen period again, in the background."""
        if self._session.is_locked:
            return
        request = self.request()
        vault = self._session.vault

        def work(report: Report) -> Monitoring:
            report(0, 1, _("Cijfers tellen"))
            return load_monitoring(vault, request)

        self.status_label.setText(_("Cijfers worden geteld…"))
        self._job = start_job(work, self._session, self._worker)
        self._job.succeeded.connect(self._on_job_succeeded)
        self._job.failed.connect(self._on_job_failed)

    @Slot(object)
    def _on_job_succeeded(self, monitoring: Monitoring) -> None:
        if self._session.is_locked or monitoring.request != self.request():
            return  # locked meanwhile, or an older request finished after a newer one
        self._monitoring = monitoring
        self.status_label.setText(
            _("{period}: {n} aantallen onderdrukt bij publicatie.").format(
                period=monitoring.request.period, n=monitoring.suppressed_count
            )
            + "".join(f" {note}" for note in monitoring.notes if note.startswith(self.table.label))
        )
        self._show()
        self.loaded.emit()

    @Slot(str)
    def _on_job_failed(self, message: str) -> None:
        if not self._session.is_locked:
            self.status_label.setText(message)

    @Slot()
    def _on_request_changed(self) -> None:
        self.reload()

    @Slot(bool)
    def _on_publication_check_toggled(self, _on: bool) -> None:
        self._show()

    @Slot(int)
    def _on_block_combo_current_index_changed(self, _index: int) -> None:
        self._show_block()

    @Slot()
    def _on_session_locked(self) -> None:
        self._monitoring = None
        self._job = None
        self.block_model.clear()
        self.block_combo.clear()
        for view in (self.flows_chart, self.open_chart, self.steps_chart, self.lead_chart):
            view.chart().removeAllSeries()
            for axis in view.chart().axes():
                view.chart().removeAxis(axis)
        self.status_label.setText(_("De kluis is vergrendeld."))
        self.note_label.clear()

    # --- drawing ---------------------------------------------------------------------------

    def _show(self) -> None:
        monitoring = self._monitoring
        if monitoring is None:
            return
        data = chart_data(monitoring, self.table, publication=self.publication)
        k = monitoring.request.k
        months, year = _short_months(data["months"])
        for view in (self.flows_chart, self.open_chart, self.lead_chart):
            title = str(view.property(_TITLE))
            view.chart().setTitle(f"{title}, {year}" if year else title)
        _bars(self.flows_chart.chart(), months, data["flows"], k)
        _lines(self.open_chart.chart(), months, data["open"], k)
        steps = [_elide(label) for label in data["step_labels"]]
        _bars(self.steps_chart.chart(), steps, [data["steps"]], k, horizontal=True)
        self.steps_chart.setToolTip("\n".join(data["step_labels"]))
        _lines(self.lead_chart.chart(), months, data["lead"], k)
        every = [*data["flows"], *data["open"], data["steps"]]
        hidden = sum(1 for s in every for m in s.marks if m in (f"<{k}", "x"))
        self.note_label.setText(
            _(
                "{n} onderdrukte waarden zijn niet getekend (geen staaf, een onderbroken lijn): "
                "'<{k}' is een aantal van 1 tot {k}, 'x' is aanvullend onderdrukt."
            ).format(n=hidden, k=k)
            if self.publication
            else _("Geen publicatie: de werkelijke aantallen, alleen voor intern gebruik.")
        )
        refill_block_combo(
            self.block_combo,
            ((block.title, block.id) for block in monitoring.blocks if block.table is self.table),
        )
        self._show_block()

    def _show_block(self) -> None:
        show_chosen_block(
            self.block_combo, self.block_model, self._monitoring, publication=self.publication
        )
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Columns as wide as their header and figures, capped so a long name wraps instead."""
        table = self.block_table
        table.resizeColumnsToContents()
        header = table.horizontalHeader()
        metrics = header.fontMetrics()
        flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        lines = 1
        for column in range(self.block_model.columnCount()):
            width = min(table.columnWidth(column), _MAX_COLUMN)
            table.setColumnWidth(column, width)
            name = str(self.block_model.headerData(column, Qt.Orientation.Horizontal))
            text = metrics.boundingRect(QRect(0, 0, width - 8, 400), flags, name)
            lines = max(lines, min(3, round(text.height() / metrics.height())))
        # Qt sizes the header for one line; the table honours its minimum height.
        header.setMinimumHeight(lines * metrics.height() + 8)


def _short_months(labels: list[str]) -> tuple[list[str], str]:
    """Month labels without their year ("jan") and that year, when they share one.

    Twelve labels like "jan 26" don't fit under a half-width chart and Qt shows "…"; the
    short names do, and the year goes into the chart's title instead.
    """
    years = {label.rpartition(" ")[2] for label in labels}
    if len(years) != 1 or not all(" " in label for label in labels):
        return labels, ""
    return [label.rpartition(" ")[0] for label in labels], f"20{years.pop()}"


def _elide(label: str) -> str:
    return label if len(label) <= _LABEL_CHARS else label[: _LABEL_CHARS - 1].rstrip() + "…"


def _axis_top(series: list[SeriesData], k: int) -> float:
    top = max((v for s in series for v in s.values if v is not None), default=0.0)
    step = k
    while top / step > 5:
        step *= 2
    return max(step, -(-top // step) * step)


def _reset(chart: QChart) -> None:
    chart.removeAllSeries()
    for axis in chart.axes():
        chart.removeAxis(axis)


def _category_axis(categories: list[str], *, stacked: bool = False) -> QBarCategoryAxis:
    """An axis that never cuts its labels to "…" (Qt hides one that overlaps its neighbour).

    Args:
        categories: the labels.
        stacked: the labels run down the side; many of them are set smaller to fit.
    """
    axis = QBarCategoryAxis()
    axis.append(categories)
    axis.setTruncateLabels(False)
    if stacked and len(categories) > _MANY_CATEGORIES and axis.labelsFont().pointSizeF() > 0:
        small = QFont(axis.labelsFont())
        small.setPointSizeF(small.pointSizeF() * 0.75)
        axis.setLabelsFont(small)
    return axis


def _bars(
    chart: QChart,
    categories: list[str],
    series: list[SeriesData],
    k: int,
    *,
    horizontal: bool = False,
) -> None:
    """Bars per category; a value not published gets no bar (0 height, its mark as label)."""
    _reset(chart)
    bars = QHorizontalBarSeries() if horizontal else QBarSeries()
    for index, one in enumerate(series):
        bar_set = QBarSet(one.name)
        bar_set.setColor(COLOURS[index % len(COLOURS)])
        bar_set.append([v if v is not None else 0.0 for v in one.values])
        bars.append(bar_set)
    chart.addSeries(bars)
    category_axis = _category_axis(categories, stacked=horizontal)
    value_axis = QValueAxis()
    value_axis.setRange(0, _axis_top(series, k))
    value_axis.setLabelFormat("%d")
    if horizontal:
        chart.addAxis(category_axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(value_axis, Qt.AlignmentFlag.AlignBottom)
        chart.legend().hide()
    else:
        chart.addAxis(category_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(value_axis, Qt.AlignmentFlag.AlignLeft)
        chart.legend().show()
    bars.attachAxis(category_axis)
    bars.attachAxis(value_axis)


def _lines(chart: QChart, categories: list[str], series: list[SeriesData], k: int) -> None:
    """A line per series, broken where a value is not published; points as dots."""
    _reset(chart)
    category_axis = _category_axis(categories)
    value_axis = QValueAxis()
    value_axis.setRange(0, _axis_top(series, k))
    value_axis.setLabelFormat("%d")
    chart.addAxis(category_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(value_axis, Qt.AlignmentFlag.AlignLeft)
    for index, one in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        dots = QScatterSeries()
        dots.setName(one.name)
        dots.setColor(colour)
        dots.setMarkerSize(7)
        segment: QLineSeries | None = None
        parts: list[Any] = [dots]
        for i, value in enumerate(one.values):
            if value is None:
                segment = None
                continue
            dots.append(i, value)
            if segment is None:
                segment = QLineSeries()
                segment.setColor(colour)
                parts.append(segment)
            segment.append(i, value)
        for part in parts:
            chart.addSeries(part)
            part.attachAxis(category_axis)
            part.attachAxis(value_axis)
        for part in parts[1:]:
            for marker in chart.legend().markers(part):
                marker.setVisible(False)
