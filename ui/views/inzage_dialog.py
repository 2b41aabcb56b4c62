"""Data subjects' rights: find one person by search, name the requester, then make the
access-request PDF (inzageverzoek), correct their data, or erase them, each on request.

There is deliberately no list of all names: the search needs a few characters of a name,
BSN, birth date or postcode and shows at most a handful of hits, each with birth date and
address so that two people with the same name can be told apart. The PDF is made on the
background worker; the suggested file name carries only the date, never a name.
Correction reuses the subject dialog with a required requester; erasure asks for
confirmation first, saying what goes and that the anonymous statistics stay. Both are
written on the worker and audited with the requester, chosen from the fixed list of
requesters: the audit log keeps only its code, never a typed name.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casustafel.db.vault import Vault
from casustafel.domain.changes import ChangeKind, OpChanges
from casustafel.domain.model import Subject
from casustafel.domain.requesters import Requester
from casustafel.i18n import _
from casustafel.services.inzage import (
    FIELD_LABELS,
    erase_subject,
    subject_for_correction,
    write_access_request_pdf,
)
from casustafel.services.subject_search import MAX_HITS, SubjectHit, search_subjects
from casustafel.ui.models.record_model import Column, RecordTableModel
from casustafel.ui.ops import CollectionOp, OpFailure, QueryOp
from casustafel.ui.session import AppSession, PersonalField
from casustafel.ui.widgets.error_banner import ErrorBanner
from casustafel.ui.widgets.requester_combo import RequesterCombo

from .subject_correction_dialog import SubjectCorrectionDialog
from .subject_edit_dialog import PRESENTATION_REFUSAL, can_open

__all__ = ["InzageDialog", "suggested_file_name"]


def suggested_file_name(today: dt.date | None = None) -> str:
    """The proposed PDF name: the date only (file names never carry personal data)."""
    return f"inzageverzoek-{(today or dt.date.today()).isoformat()}.pdf"


def _columns(session: AppSession) -> list[Column[SubjectHit]]:
    # Masked through the session, so presentation mode applies here too.
    return [
        Column(_("Naam"), lambda h: session.show(h.id, PersonalField.NAME, h.name)),
        Column(
            _("Geboortedatum"),
            lambda h: session.show(
                h.id,
                PersonalField.BIRTH_DATE,
                h.birth_date.strftime("%d-%m-%Y") if h.birth_date else "",
            ),
        ),
        Column(_("Adres"), lambda h: session.show(h.id, PersonalField.ADDRESS, h.address)),
        Column(_("Casussen"), lambda h: str(h.cases), align_right=True),
    ]


class InzageDialog(QDialog):
    """Search a subject, name the requester and write the access-request PDF in the background.

    Signals:
        produced(str): the PDF was written to this path.
        corrected(int): the subject with this id was corrected on request.
        erased(int): the subject with this id was erased on request.

    Args:
        session: the app session (the dialog closes, emptied, when it locks).
        parent: Qt parent.
    """

    produced = Signal(str)
    corrected = Signal(int)
    erased = Signal(int)

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.busy = False
        self._correcting: SubjectCorrectionDialog | None = None
        self._erasing: tuple[int, Requester] | None = None  # subject, requester; until confirmed
        self.setWindowTitle(_("Inzageverzoek"))
        self.setModal(True)
        self.resize(760, 480)
        self.model: RecordTableModel[SubjectHit] = RecordTableModel(
            _columns(session), record_id=lambda h: h.id, parent=self
        )
        self._build()
        self._connect_signals()
        self._update_enabled()

    def _build(self) -> None:
        self.banner = ErrorBanner()
        self.query = QLineEdit()
        self.query.setObjectName("filter")
        self.query.setPlaceholderText(_("Naam, BSN, geboortedatum (dd-mm-jjjj) of postcode"))
        self.search_button = QPushButton(_("&Zoeken"))
        search_row = QHBoxLayout()
        search_row.addWidget(self.query, 1)
        search_row.addWidget(self.search_button)
        self.results = QTableView()
        self.results.setModel(self.model)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.verticalHeader().hide()
        header = self.results.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.hint = QLabel(_("Zoek de betrokkene; er wordt geen lijst van alle namen getoond."))
        self.hint.setObjectName("hint")
        self.requester = RequesterCombo(_("Kies op wiens verzoek…"))
        form = QFormLayout()
        label = QLabel(_("Op verzoek &van:"))
        label.setBuddy(self.requester)
        form.addRow(label, self.requester)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.produce_button = self.buttons.addButton(
            _("&PDF maken…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.correct_button = self.buttons.addButton(
            _("&Corrigeren op verzoek…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.erase_button = self.buttons.addButton(
            _("&Wissen op verzoek…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.buttons.addButton(_("Sluiten"), QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(search_row)
        layout.addWidget(self.hint)
        layout.addWidget(self.results, 1)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.query.returnPressed.connect(self.search)
        self.search_button.clicked.connect(self.search)
        self.results.selectionModel().selectionChanged.connect(self._update_enabled)
        self.requester.requester_changed.connect(self._update_enabled)
        self.produce_button.clicked.connect(self._on_produce_button_clicked)
        self.correct_button.clicked.connect(self._on_correct_button_clicked)
        self.erase_button.clicked.connect(self._on_erase_button_clicked)
        self.buttons.rejected.connect(self.reject)
        self._session.locked.connect(self._on_session_locked)
        self._session.presentation_mode_changed.connect(self._on_presentation_mode_changed)

    # -- behaviour ---------------------------------------------------------------------------

    @property
    def chosen(self) -> SubjectHit | None:
        rows = self.results.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def _say(self, message: str) -> None:
        self.banner.say(message)

    @Slot()
    def _update_enabled(self) -> None:
        ready = self.chosen is not None and self.requester.requester() is not None and not self.busy
        self.produce_button.setEnabled(ready)
        self.erase_button.setEnabled(ready)
        # Correcting shows every field in full: never while the screen is shared.
        self.correct_button.setEnabled(ready and can_open(self._session))
        self.correct_button.setToolTip("" if can_open(self._session) else PRESENTATION_REFUSAL)

    @Slot()
    def search(self) -> None:
        """Search now (a short query, milliseconds); at most `MAX_HITS` hits."""
        self._say("")
        query = self.query.text()
        QueryOp(self, self._session, lambda vault: search_subjects(vault, query)).success(
            self._show_hits
        ).failure(self._on_search_refused).run()

    def _on_search_refused(self, failure: OpFailure) -> None:
        self.model.clear()
        self._say(failure.message)
        self._update_enabled()

    def _show_hits(self, hits: list[SubjectHit]) -> None:
        self.model.set_records(hits)
        if not hits:
            self.hint.setText(_("Niemand gevonden."))
        elif len(hits) >= MAX_HITS:
            self.hint.setText(
                _("Meer dan {n} treffers: maak de zoekopdracht preciezer.").format(n=MAX_HITS)
            )
        else:
            self.hint.setText(_("{n} gevonden. Kies de betrokkene.").format(n=len(hits)))
        if len(hits) == 1:
            self.results.selectRow(0)
        self._update_enabled()

    def produce(self, path: Path) -> None:
        """Write the access-request PDF for the chosen subject to `path` on the worker."""
        hit = self.chosen
        requester = self.requester.requester()
        if hit is None or requester is None or self.busy:
            return
        subject_id = hit.id

        def job(vault: Vault) -> str:
            write_access_request_pdf(vault, subject_id, path, on_behalf_of=requester)
            return str(path)

        self.busy = True
        self.status.setText(_("Bezig met het inzageverzoek…"))
        self._update_enabled()
        QueryOp(self, self._session, job).success(self._on_task_succeeded).failure(
            self._on_op_failed
        ).run()

    @Slot()
    def _on_produce_button_clicked(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Inzageverzoek opslaan"), suggested_file_name(), _("PDF (*.pdf)")
        )
        if name:
            self.produce(Path(name))

    @Slot(object)
    def _on_task_succeeded(self, path: str) -> None:
        self.busy = False
        self.status.setText(_("Het inzageverzoek is opgeslagen: {path}").format(path=path))
        self._update_enabled()
        self.produced.emit(path)

    def _on_op_failed(self, failure: OpFailure) -> None:
        self.busy = False
        self.status.clear()
        self._say(failure.message)
        self._update_enabled()

    # -- correction and erasure on request --------------------------------------------------

    def ask_correct(self) -> SubjectCorrectionDialog | None:
        """Open the correction dialog for the chosen subject (requester required)."""
        hit = self.chosen
        requester = self.requester.requester()
        if hit is None or requester is None or self.busy or not can_open(self._session):
            return None
        self._say("")
        subject_id = hit.id
        opened: list[SubjectCorrectionDialog] = []

        def read(vault: Vault) -> Subject:
            return subject_for_correction(vault, subject_id, on_behalf_of=requester)

        # Read (and audited) on the worker; the dialog opens when the subject arrives (at
        # once in a test without a worker, which then gets the dialog back).
        QueryOp(self, self._session, read).success(
            lambda subject: opened.append(self._open_correction(subject, requester))
        ).failure(lambda failure: self._say(failure.message)).run()
        return opened[0] if opened else None

    def _open_correction(self, subject: Subject, requester: Requester) -> SubjectCorrectionDialog:
        dialog = SubjectCorrectionDialog(self._session, subject, requester, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # A bound slot, not a lambda holding the dialog (that cycle outlives the dialog).
        self._correcting = dialog
        dialog.corrected.connect(self._on_correction_written)
        dialog.finished.connect(self._on_correction_finished)
        dialog.open()
        return dialog

    def ask_erase(self) -> QMessageBox | None:
        """Ask to confirm erasing the chosen subject; the erasure runs once confirmed."""
        hit = self.chosen
        requester = self.requester.requester()
        if hit is None or requester is None or self.busy:
            return None
        self._erasing = (hit.id, requester)
        name = self._session.show(hit.id, PersonalField.NAME, hit.name)
        box = QMessageBox(self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Wissen op verzoek"))
        box.setText(
            _("{name} wissen?\nOp verzoek van: {requester}.").format(
                name=name, requester=requester.label
            )
        )
        box.setInformativeText(
            _(
                "Alle persoonsgegevens van deze betrokkene (naam, geboortedatum, BSN, adres, "
                "telefoon) worden gewist, en de betrokkene verdwijnt uit {n} casus(sen) en uit "
                "de signalen. De casussen zelf blijven bestaan, net als de anonieme statistiek: "
                "de monitoringcijfers veranderen niet. Het wissen wordt vastgelegd in het "
                "auditlog en kan niet ongedaan worden gemaakt."
            ).format(n=hit.cases)
        )
        self.confirm_erase_button = box.addButton(
            _("&Wissen"), QMessageBox.ButtonRole.DestructiveRole
        )
        cancel = box.addButton(_("Annuleren"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        self.confirm_erase_button.clicked.connect(self._on_erase_confirmed)
        box.open()
        return box

    def erase(self, subject_id: int, requester: Requester) -> None:
        """Erase the subject on the worker (after confirmation); `erased` follows."""
        if self.busy:
            return

        def job(vault: Vault) -> int:
            erase_subject(vault, subject_id, on_behalf_of=requester)
            return subject_id

        self.busy = True
        self.status.setText(_("Bezig met wissen…"))
        self._update_enabled()
        # Open case tabs and lists show the subject gone (its cases keep their statistics).
        changes = OpChanges.of(ChangeKind.SUBJECTS, ChangeKind.CASES, subject_ids=[subject_id])
        CollectionOp(self, self._session, job, changes).success(self._on_erase_succeeded).failure(
            self._on_op_failed
        ).run()

    @Slot()
    def _on_correct_button_clicked(self) -> None:
        self.ask_correct()

    @Slot()
    def _on_erase_button_clicked(self) -> None:
        self.ask_erase()

    @Slot()
    def _on_erase_confirmed(self) -> None:
        pending, self._erasing = self._erasing, None
        if pending is not None:
            self.erase(*pending)

    @Slot(object)
    def _on_erase_succeeded(self, subject_id: int) -> None:
        self.busy = False
        self.model.set_records([h for h in self.model.records() if h.id != subject_id])
        self.status.setText(
            _("De gegevens van de betrokkene zijn gewist; de anonieme statistiek blijft.")
        )
        self._update_enabled()
        self.erased.emit(subject_id)

    @Slot(object)
    def _on_correction_written(self, changed: tuple[str, ...]) -> None:
        dialog = self._correcting
        if dialog is None:
            return
        fields = ", ".join(FIELD_LABELS.get(name, name).lower() for name in changed)
        self.status.setText(
            _("Gecorrigeerd: {fields}.").format(fields=fields)
            if changed
            else _("Niets gewijzigd: de gegevens waren al zo.")
        )
        self.corrected.emit(dialog.subject_id)
        if self.query.text().strip():
            self.search()  # the hit shows the corrected name and address

    @Slot(int)
    def _on_correction_finished(self, _result: int) -> None:
        self._correcting = None

    @Slot(bool)
    def _on_presentation_mode_changed(self, _on: bool) -> None:
        self.model.refresh()
        self._update_enabled()

    @Slot()
    def _on_session_locked(self) -> None:
        self.model.clear()
        self.query.clear()
        self.requester.clear_choice()
        self.status.clear()
        self.reject()
