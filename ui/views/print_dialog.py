"""Choose what to print of a sitting: document, variant, recipient and file.

The agenda and the besluitenlijst come as the chair's copy or the distributed copy; a
distributed copy goes to all participants, to one invited partner (only the items that
partner is needed for or took part in), or to every invited partner as a file of its own.
The action list exists only as a distributed copy. The dialog only collects the choice as
`PrintJob`s; the sittings view and meeting mode run them with `run_print_job`, on the
background worker, where the service writes each file atomically and audits the print.
File names hold the table, sitting number and a partner's catalogue code, never anything
typed about a person.

The folder: the one last printed to for this vault (`remembered_folder`), else
Documenten/Casustafel, made when first printed to so that a fresh account can print. The
memory is a QSettings entry keyed by a hash of the vault's folder, so the settings file
holds no vault name, and its value is the folder the user chose.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QStandardPaths, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from casustafel.domain import catalogue
from casustafel.errors import ValidationError
from casustafel.i18n import _
from casustafel.reports.sitting_data import Variant
from casustafel.services.sitting_print import DocumentKind, print_document
from casustafel.services.sitting_values import SittingSummary, partner_name
from casustafel.ui.ops import QueryOp
from casustafel.ui.session import AppSession

from .dialog_base import ActionDialog

if TYPE_CHECKING:
    from casustafel.db.vault import Vault

__all__ = [
    "ALL_PARTNERS",
    "EACH_PARTNER",
    "PrintDialog",
    "PrintJob",
    "default_folder",
    "remember_folder",
    "remembered_folder",
    "run_print_job",
]

ALL_PARTNERS = ""  # recipient choice: one copy for all participants
EACH_PARTNER = "*"  # recipient choice: one file per invited partner

_KINDS = (
    (DocumentKind.AGENDA, _("Agenda")),
    (DocumentKind.BESLUITENLIJST, _("Besluitenlijst")),
    (DocumentKind.ACTIELIJST, _("Actielijst per partner")),
)


@dataclass(frozen=True, slots=True)
class PrintJob:
    """One file to print: `partner` is a partner code, or None for all participants."""

    kind: DocumentKind
    variant: Variant
    path: Path
    partner: str | None = None


def run_print_job(
    parent: QWidget,
    session: AppSession,
    sitting_id: int,
    job: PrintJob,
    *,
    finished: Callable[[str], None],
    failed: Callable[[str], None],
) -> None:
    """Print `job` of sitting `sitting_id` as an operation on the worker (`ui.ops`).

    `finished` gets the file's path, `failed` the Dutch message of a refusal, both on the
    GUI thread; neither is called once `parent` is gone.
    """
    kind, variant, path, partner = job.kind, job.variant, job.path, job.partner

    # Plain values only: the job runs on the worker thread, where no Qt object (a view,
    # the session) may be used or released.
    def work(vault: Vault) -> str:
        print_document(vault, sitting_id, kind, variant, path, partner=partner)
        return str(path)

    QueryOp(parent, session, work).success(finished).failure(
        lambda failure: failed(failure.message)
    ).run()


def default_folder() -> Path:
    """Documenten/Casustafel (made when first printed to, see `PrintDialog._save`)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return (Path(found) if found else Path.home()) / "Casustafel"


def _settings_key(vault_folder: Path) -> str:
    digest = hashlib.sha256(str(vault_folder.resolve()).encode("utf-8")).hexdigest()[:16]
    return f"print_folder/{digest}"


def remembered_folder(vault_folder: Path, settings: QSettings | None = None) -> Path:
    """The folder last printed to from this vault, else the default folder."""
    value = (settings or QSettings()).value(_settings_key(vault_folder), "")
    return Path(value) if isinstance(value, str) and value else default_folder()


def remember_folder(vault_folder: Path, folder: Path, settings: QSettings | None = None) -> None:
    (settings or QSettings()).setValue(_settings_key(vault_folder), str(folder))


class PrintDialog(ActionDialog):
    """Ask for the document, variant, recipient and file of a print of `sitting`.

    Connect to `jobs_chosen(tuple[PrintJob, ...])` rather than to `accepted` with a
    closure over the dialog: such a closure keeps a deleted dialog reachable from Python
    and crashed when the collector reached it.

    Args:
        session: the app session (the dialog closes when the vault locks).
        sitting: the sitting to print from.
        kind: the document to preselect.
        parent: Qt parent.
        folder: where files go by default (the user's documents folder).
    """

    jobs_chosen = Signal(object)  # tuple[PrintJob, ...], emitted once on accept

    def __init__(
        self,
        session: AppSession,
        sitting: SittingSummary,
        kind: DocumentKind = DocumentKind.AGENDA,
        parent: QWidget | None = None,
        *,
        folder: Path | None = None,
    ) -> None:
        super().__init__(
            session, _("Afdrukken — zitting {number}").format(number=sitting.number), parent
        )
        self._sitting = sitting
        self._confirmed_overwrite: Path | None = None
        self.save_button.setText(_("&Afdrukken"))
        self.kind_combo = QComboBox(self)
        for value, text in _KINDS:
            self.kind_combo.addItem(text, value.value)
        self.variant_combo = QComboBox(self)
        self.variant_combo.addItem(Variant.VERSPREID.label, Variant.VERSPREID.value)
        self.variant_combo.addItem(Variant.VOORZITTER.label, Variant.VOORZITTER.value)
        self.recipient_combo = QComboBox(self)
        self.recipient_combo.addItem(_("Alle deelnemers"), ALL_PARTNERS)
        if sitting.invited_partners:
            self.recipient_combo.addItem(_("Elke partner een eigen exemplaar"), EACH_PARTNER)
        for code in sitting.invited_partners:
            self.recipient_combo.addItem(partner_name(sitting.table, code), code)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setObjectName("muted")
        self.path_edit = QLineEdit(self)
        self.browse_button = QPushButton(_("&Bladeren…"), self)
        path_row = QWidget(self)
        row = QHBoxLayout(path_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        path_row.setFocusProxy(self.path_edit)
        self.add_row(_("&Document:"), self.kind_combo)
        self._variant_label = self.add_row(_("&Versie:"), self.variant_combo, "variant")
        self._recipient_label = self.add_row(_("Voo&r:"), self.recipient_combo, "partner")
        self.add_row(_("Be&stand:"), path_row, "path")
        self.form.addRow("", self.note)
        self._folder = folder or default_folder()
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind.value)))
        for combo in (self.kind_combo, self.variant_combo, self.recipient_combo):
            combo.currentIndexChanged.connect(self._on_choice_changed)
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        self._on_choice_changed()

    # -- the choice --------------------------------------------------------------------------

    @property
    def kind(self) -> DocumentKind:
        return DocumentKind(str(self.kind_combo.currentData()))

    @property
    def variant(self) -> Variant:
        if self.kind is DocumentKind.ACTIELIJST:
            return Variant.VERSPREID
        return Variant(str(self.variant_combo.currentData()))

    @property
    def recipient(self) -> str:
        """A partner code, `ALL_PARTNERS` or `EACH_PARTNER` (distributed copies only)."""
        if self.variant is Variant.VOORZITTER:
            return ALL_PARTNERS
        return str(self.recipient_combo.currentData())

    def _file_name(self, partner: str | None) -> str:
        s = self._sitting
        parts = [self.kind.value, s.table.value, s.number]
        if self.kind is not DocumentKind.ACTIELIJST:
            parts.append(self.variant.value)
        if partner is not None:
            parts.append(self._partner_slug(partner))
        return "-".join(parts) + ".pdf"

    def _partner_slug(self, partner: str) -> str:
        # A catalogue code is an organisation; a free name typed as a guest could be a
        # person's, so it becomes its position in the list instead.
        codes = {p.code for p in catalogue.table_definition(self._sitting.table).partners}
        if partner in codes:
            return re.sub(r"[^a-z0-9]+", "-", partner.lower()).strip("-") or "partner"
        return f"partner{self._sitting.invited_partners.index(partner) + 1}"

    def jobs(self) -> tuple[PrintJob, ...]:
        """The files this choice prints, in order."""
        path = Path(self.path_edit.text().strip()).expanduser()
        recipient = self.recipient
        if recipient == EACH_PARTNER:
            return tuple(
                PrintJob(self.kind, self.variant, path.parent / self._file_name(code), code)
                for code in self._sitting.invited_partners
            )
        return (PrintJob(self.kind, self.variant, path, recipient or None),)

    # -- slots -------------------------------------------------------------------------------

    @Slot()
    def _on_choice_changed(self) -> None:
        action_list = self.kind is DocumentKind.ACTIELIJST
        self.form.setRowVisible(self._variant_label, not action_list)
        self.form.setRowVisible(self._recipient_label, self.variant is Variant.VERSPREID)
        if self.variant is Variant.VOORZITTER:
            note = _("De voorzittersversie bevat persoonsgegevens: alleen voor de voorzitter.")
        elif self.recipient == EACH_PARTNER:
            note = _("Eén bestand per uitgenodigde partner, met alleen de punten voor die partner.")
        elif self.recipient:
            note = _("Alleen de punten waarvoor deze partner nodig is of afspraken heeft.")
        else:
            note = _("Zonder namen, BSN, geboortedata of adressen.")
        self.note.setText(note)
        current = self.path_edit.text().strip()
        folder = Path(current).expanduser().parent if current else self._folder
        partner = self.recipient if self.recipient not in (ALL_PARTNERS, EACH_PARTNER) else None
        self.path_edit.setText(str(folder / self._file_name(partner)))

    @Slot()
    def _on_browse_button_clicked(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Opslaan als"), self.path_edit.text(), _("PDF (*.pdf)")
        )
        if name:
            self.path_edit.setText(name)
            self._confirmed_overwrite = Path(name)  # the file dialog asked already

    def _save(self) -> None:
        jobs = self.jobs()
        first = jobs[0].path
        if not first.name or first.suffix.lower() != ".pdf":
            raise ValidationError(_("Kies een bestandsnaam die eindigt op .pdf."), field="path")
        if first.parent == self._folder:
            # The proposed folder may not exist yet on a fresh account; if it cannot be
            # made, the check below names it.
            with contextlib.suppress(OSError):
                first.parent.mkdir(parents=True, exist_ok=True)
        if not first.parent.is_dir():
            raise ValidationError(
                _("De map {folder} bestaat niet.").format(folder=first.parent), "path"
            )
        existing = [job.path for job in jobs if job.path.exists()]
        if existing and self._confirmed_overwrite != first:
            self._confirmed_overwrite = first
            raise ValidationError(
                _("{name} bestaat al. Klik nogmaals op Afdrukken om het te vervangen.").format(
                    name=existing[0].name
                ),
                field="path",
            )
        self.jobs_chosen.emit(jobs)
