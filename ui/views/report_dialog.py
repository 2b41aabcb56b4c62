"""Half-year report dialog: choose the half year, write the interpretation per table, print.

The report is written off the GUI thread by `write_halfyear_report` (the same use case as
`casustafel report`), with a progress bar over its steps. The interpretation text is
checked there for identifying data; a refusal is shown in the dialog, with the table and
the kind of data, never the text.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from casustafel.domain.model import TableCode
from casustafel.domain.suppression import ALLOWED_K, DEFAULT_K
from casustafel.i18n import _
from casustafel.services.halfyear_report import HalfYearResult, write_halfyear_report
from casustafel.ui.session import AppSession
from casustafel.ui.views.monitoring_jobs import Job, Report, start_job
from casustafel.ui.worker import Worker

__all__ = ["ReportDialog"]


class ReportDialog(QDialog):
    """The council's half-year report, made from the Monitoring view.

    Args:
        session: the unlocked vault.
        parent: the Qt parent.
        worker: the app's background worker; without one Qt's thread pool is used.
        today: the day the default half year (the last whole one) is chosen from.
    """

    written = Signal(object)  # the HalfYearResult
    write_failed = Signal(str)

    def __init__(
        self,
        session: AppSession,
        parent: QWidget | None = None,
        *,
        worker: Worker | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Halfjaarrapportage maken"))
        self._session = session
        self._worker = worker
        self._job: Job | None = None
        day = today or dt.date.today()
        last_year, last_half = (day.year, 1) if day.month > 6 else (day.year - 1, 2)
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(last_year)
        self.half_combo = QComboBox()
        self.half_combo.addItems([_("eerste halfjaar"), _("tweede halfjaar")])
        self.half_combo.setCurrentIndex(last_half - 1)
        self.k_combo = QComboBox()
        for k in ALLOWED_K:
            self.k_combo.addItem(f"k = {k}", k)
        self.k_combo.setCurrentIndex(ALLOWED_K.index(DEFAULT_K))
        self.path_edit = QLineEdit(str(Path.home() / "halfjaarrapportage.pdf"))
        self.browse_button = QPushButton(_("&Bladeren…"))
        self.texts: dict[TableCode, QPlainTextEdit] = {}
        form = QFormLayout()
        when = QHBoxLayout()
        when.addWidget(self.year_spin)
        when.addWidget(self.half_combo)
        when.addWidget(self.k_combo)
        form.addRow(_("Halfjaar"), when)
        for table in TableCode:
            edit = QPlainTextEdit()
            edit.setPlaceholderText(
                _("Duiding bij {table}: wat zeggen de cijfers? Noem geen personen.").format(
                    table=table.label.lower()
                )
            )
            edit.setFixedHeight(70)
            self.texts[table] = edit
            form.addRow(_("Duiding {table}").format(table=table.label), edit)
        where = QHBoxLayout()
        where.addWidget(self.path_edit, 1)
        where.addWidget(self.browse_button)
        form.addRow(_("Bestand"), where)
        self.progress = QProgressBar()
        self.progress.setRange(0, 5)
        self.progress.setValue(0)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.write_button = self.buttons.addButton(
            _("Rapport &maken"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status_label)
        layout.addWidget(self.buttons)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        self.write_button.clicked.connect(self._on_write_button_clicked)
        self.buttons.rejected.connect(self.reject)
        self._session.locked.connect(self.reject)

    @property
    def half(self) -> str:
        return f"{self.year_spin.value()}-{self.half_combo.currentIndex() + 1}"

    def interpretations(self) -> dict[TableCode, str]:
        return {table: edit.toPlainText() for table, edit in self.texts.items()}

    @Slot()
    def _on_browse_button_clicked(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Rapport opslaan"), self.path_edit.text(), _("PDF (*.pdf)")
        )
        if name:
            self.path_edit.setText(name)

    @Slot()
    def _on_write_button_clicked(self) -> None:
        if self._session.is_locked:
            return
        vault = self._session.vault
        half, path = self.half, Path(self.path_edit.text().strip())
        k, texts = int(self.k_combo.currentData()), self.interpretations()

        def work(report: Report) -> HalfYearResult:
            return write_halfyear_report(
                vault, half, path, k=k, force=True, progress=report, interpretations=texts
            )

        self.write_button.setEnabled(False)
        self.progress.setValue(0)
        self.status_label.setText(_("Rapport wordt gemaakt…"))
        self._job = start_job(work, self._session, self._worker)
        self._job.progressed.connect(self._on_job_progressed)
        self._job.succeeded.connect(self._on_job_succeeded)
        self._job.failed.connect(self._on_job_failed)

    @Slot(int, int, str)
    def _on_job_progressed(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.status_label.setText(text)

    @Slot(object)
    def _on_job_succeeded(self, result: HalfYearResult) -> None:
        self.write_button.setEnabled(True)
        self.progress.setValue(self.progress.maximum())
        self.status_label.setText(
            _("Rapport geschreven: {name}.").format(name=result.path.name)
            + "".join(f"\n{note}" for note in result.monitoring.notes)
        )
        self.written.emit(result)

    @Slot(str)
    def _on_job_failed(self, message: str) -> None:
        self.write_button.setEnabled(True)
        self.status_label.setText(message)
        self.write_failed.emit(message)
