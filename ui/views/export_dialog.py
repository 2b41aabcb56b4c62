"""Export dialog: choose period, tables, k, format and file; preview what will be suppressed.

The preview is the export itself before it is written: the same `load_monitoring` and the
same suppression, shown block by block with the suppressed cells coloured by reason
(`<k`: a small count; `x`: hidden so that a small count cannot be worked out). Counting
and writing run off the GUI thread; a progress bar shows the steps. Locking the vault
closes the dialog's figures.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casustafel.domain.model import TableCode
from casustafel.domain.monitoring import Monitoring, MonitoringRequest, Period
from casustafel.domain.monitoring_grid import GRAIN_LABELS, Grain
from casustafel.domain.suppression import ALLOWED_K, DEFAULT_K, SECONDARY_MARK
from casustafel.errors import CasustafelError, ValidationError
from casustafel.i18n import _
from casustafel.services.monitoring_export import (
    ExportFormat,
    ExportResult,
    export_monitoring,
    load_monitoring,
)
from casustafel.ui.models.monitoring_models import (
    PRIMARY_COLOUR,
    SECONDARY_COLOUR,
    BlockTableModel,
)
from casustafel.ui.session import AppSession
from casustafel.ui.views.block_picker import refill_block_combo, show_chosen_block
from casustafel.ui.views.monitoring_jobs import Job, Report, start_job
from casustafel.ui.worker import Worker

__all__ = ["ExportDialog"]


class ExportDialog(QDialog):
    """Anonymised monitoring export with a preview of the suppression.

    Args:
        session: the unlocked vault.
        parent: the Qt parent.
        worker: the app's background worker; without one Qt's thread pool is used.
        today: the day the default period (the last whole half year) is chosen from.
    """

    preview_ready = Signal()
    exported = Signal(object)  # the ExportResult
    export_failed = Signal(str)

    def __init__(
        self,
        session: AppSession,
        parent: QWidget | None = None,
        *,
        worker: Worker | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Monitoringcijfers exporteren"))
        self._session = session
        self._worker = worker
        self._preview: Monitoring | None = None
        self._jobs: list[Job] = []
        self._build(today or dt.date.today())
        self._connect_signals()
        self.refresh_preview()

    def _build(self, today: dt.date) -> None:
        first = dt.date(today.year - (1 if today.month <= 6 else 0), 1 if today.month > 6 else 7, 1)
        start = first.strftime("%Y-%m")
        end = f"{first.year}-{first.month + 5:02d}"
        self.from_edit = QLineEdit(start)
        self.to_edit = QLineEdit(end)
        for edit in (self.from_edit, self.to_edit):
            edit.setPlaceholderText(_("JJJJ-MM"))
            edit.setMaxLength(7)
        self.table_checks = {t: QCheckBox(t.label) for t in TableCode}
        tables = QHBoxLayout()
        for check in self.table_checks.values():
            check.setChecked(True)
            tables.addWidget(check)
        self.area_check = QCheckBox(_("Ook per wijk of dorp"))
        self.k_combo = QComboBox()
        for k in ALLOWED_K:
            self.k_combo.addItem(str(k), k)
        self.k_combo.setCurrentIndex(ALLOWED_K.index(DEFAULT_K))
        self.grain_combo = QComboBox()
        for grain in Grain:
            self.grain_combo.addItem(GRAIN_LABELS[grain], grain)
        self.format_combo = QComboBox()
        for fmt in ExportFormat:
            self.format_combo.addItem(fmt.value.upper(), fmt)
        self.file_edit = QLineEdit()
        self.file_edit.setPlaceholderText(_("Kies een bestand…"))
        self.browse_button = QPushButton(_("Kiezen…"))
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.browse_button)
        self.force_check = QCheckBox(_("Een bestaand bestand vervangen"))
        form = QFormLayout()
        form.addRow(_("Van maand"), self.from_edit)
        form.addRow(_("Tot en met maand"), self.to_edit)
        form.addRow(_("Tafels"), tables)
        form.addRow("", self.area_check)
        form.addRow(_("Drempel k"), self.k_combo)
        form.addRow(_("Indeling"), self.grain_combo)
        form.addRow(_("Formaat"), self.format_combo)
        form.addRow(_("Bestand"), file_row)
        form.addRow("", self.force_check)

        self.block_combo = QComboBox()
        self.preview_model = BlockTableModel(self)
        self.preview_table = QTableView()
        self.preview_table.setModel(self.preview_model)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        legend = QLabel(
            _(
                "<span style='background:{p}'>&nbsp;&lt;k&nbsp;</span> klein aantal (1 tot k) "
                "&nbsp; <span style='background:{s}'>&nbsp;x&nbsp;</span> aanvullend onderdrukt, "
                "zodat een klein aantal niet is terug te rekenen. Houd de muis op een cel voor "
                "de reden."
            ).format(p=PRIMARY_COLOUR.name(), s=SECONDARY_COLOUR.name())
        )
        legend.setTextFormat(Qt.TextFormat.RichText)
        legend.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 2)
        self.progress.setValue(0)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton(
            _("Exporteren"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(_("Voorbeeld van wat wordt gepubliceerd")))
        layout.addWidget(self.block_combo)
        layout.addWidget(self.preview_table, 1)
        layout.addWidget(legend)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)
        self.resize(760, 680)

    def _connect_signals(self) -> None:
        self._session.locked.connect(self._on_session_locked)
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.buttons.rejected.connect(self.reject)
        self.block_combo.currentIndexChanged.connect(self._on_block_combo_current_index_changed)
        for edit in (self.from_edit, self.to_edit):
            edit.editingFinished.connect(self.refresh_preview)
        for check in (*self.table_checks.values(), self.area_check):
            check.toggled.connect(self._on_option_toggled)
        self.k_combo.currentIndexChanged.connect(self._on_option_changed)
        self.grain_combo.currentIndexChanged.connect(self._on_option_changed)

    # --- the request -----------------------------------------------------------------------

    def request(self) -> MonitoringRequest:
        """The request the fields describe; raises a Dutch `ValidationError` when they are wrong."""
        period = Period.parse(self.from_edit.text().strip(), self.to_edit.text().strip())
        tables = tuple(t for t, check in self.table_checks.items() if check.isChecked())
        if not tables:
            raise ValidationError(_("Kies ten minste één tafel."), field="tables")
        return MonitoringRequest(
            period,
            tables,
            self.area_check.isChecked(),
            int(self.k_combo.currentData()),
            Grain(self.grain_combo.currentData()),
        )

    @property
    def preview(self) -> Monitoring | None:
        return self._preview

    # --- preview ---------------------------------------------------------------------------

    @Slot()
    def refresh_preview(self) -> None:
        """Count and suppress the figures of the current fields in the background."""
        if self._session.is_locked:
            return
        try:
            request = self.request()
        except CasustafelError as exc:
            self.message_label.setText(exc.message)
            return
        vault = self._session.vault
        self.message_label.setText(_("Voorbeeld wordt berekend…"))

        def work(report: Report) -> Monitoring:
            report(0, 1, _("Tellen en onderdrukken"))
            return load_monitoring(vault, request)

        job = start_job(work, self._session, self._worker)
        job.succeeded.connect(self._on_preview_succeeded)
        job.failed.connect(self._on_job_failed)
        self._keep(job)

    def _keep(self, job: Job) -> None:
        self._jobs.append(job)
        job.finished.connect(lambda: self._jobs.remove(job) if job in self._jobs else None)

    @Slot(object)
    def _on_preview_succeeded(self, monitoring: Monitoring) -> None:
        try:
            current = self.request()
        except CasustafelError:
            return
        if self._session.is_locked or monitoring.request != current:
            return
        self._preview = monitoring
        small = sum(
            1
            for b in monitoring.blocks
            for row in b.cells
            for c in row
            if monitoring.value(c) == f"<{current.k}"
        )
        hidden = sum(
            1 for b in monitoring.blocks for row in b.cells for c in row
            if monitoring.value(c) == SECONDARY_MARK
        )  # fmt: skip
        self.summary_label.setText(
            _(
                "{small} cellen als '<{k}' (klein aantal) en {hidden} cellen als 'x' (aanvullend "
                "onderdrukt); {n} verschillende aantallen in totaal."
            ).format(small=small, k=current.k, hidden=hidden, n=monitoring.suppressed_count)
        )
        refill_block_combo(
            self.block_combo,
            ((f"{block.table.value}: {block.title}", block.id) for block in monitoring.blocks),
        )
        self._show_block()
        self.message_label.clear()
        self.preview_ready.emit()

    def _show_block(self) -> None:
        show_chosen_block(self.block_combo, self.preview_model, self._preview, publication=True)

    @Slot(int)
    def _on_block_combo_current_index_changed(self, _index: int) -> None:
        self._show_block()

    @Slot(bool)
    def _on_option_toggled(self, _on: bool) -> None:
        self.refresh_preview()

    @Slot(int)
    def _on_option_changed(self, _index: int) -> None:
        self.refresh_preview()

    # --- export ----------------------------------------------------------------------------

    @Slot()
    def _on_browse_button_clicked(self) -> None:
        fmt = ExportFormat(self.format_combo.currentData())
        name, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export opslaan"),
            f"monitoring.{fmt.value}",
            f"{fmt.value.upper()} (*.{fmt.value})",
        )
        if name:
            self.file_edit.setText(name)
            self.force_check.setChecked(True)  # the file dialog already asked about replacing

    @Slot()
    def _on_export_button_clicked(self) -> None:
        self.start_export()

    def start_export(self) -> None:
        """Write the export in the background; `exported` or `export_failed` follows."""
        if self._session.is_locked:
            return
        try:
            request = self.request()
        except CasustafelError as exc:
            self._fail(exc.message)
            return
        path_text = self.file_edit.text().strip()
        if not path_text:
            self._fail(_("Kies eerst een bestand."))
            return
        fmt = ExportFormat(self.format_combo.currentData())
        force = self.force_check.isChecked()
        vault = self._session.vault
        self.export_button.setEnabled(False)
        self.progress.setValue(0)
        self.message_label.setText(_("Bezig met exporteren…"))

        def work(report: Report) -> ExportResult:
            report(0, 2, _("Tellen en onderdrukken"))
            result = export_monitoring(vault, request, fmt, Path(path_text), force=force)
            report(2, 2, _("Opgeslagen"))
            return result

        job = start_job(work, self._session, self._worker)
        job.progressed.connect(self._on_job_progressed)
        job.succeeded.connect(self._on_export_succeeded)
        job.failed.connect(self._fail)
        self._keep(job)

    @Slot(int, int, str)
    def _on_job_progressed(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.message_label.setText(text)

    @Slot(object)
    def _on_export_succeeded(self, result: ExportResult) -> None:
        self.export_button.setEnabled(True)
        self.progress.setValue(self.progress.maximum())
        self.message_label.setText(
            _("Export opgeslagen ({n} onderdrukte aantallen).").format(
                n=result.monitoring.suppressed_count
            )
        )
        self.exported.emit(result)

    @Slot(str)
    def _fail(self, message: str) -> None:
        self.export_button.setEnabled(True)
        self.message_label.setText(message)
        self.export_failed.emit(message)

    @Slot(str)
    def _on_job_failed(self, message: str) -> None:
        self.message_label.setText(message)

    @Slot()
    def _on_session_locked(self) -> None:
        self._preview = None
        self.preview_model.clear()
        self.block_combo.clear()
        self.summary_label.clear()
        self.message_label.setText(_("De kluis is vergrendeld."))
        self.export_button.setEnabled(False)
