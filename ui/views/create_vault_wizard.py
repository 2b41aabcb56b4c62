"""Creating a new vault: name and place, the user, the passphrase, and the recovery key.

The recovery key is shown once, on the last page, with a choice to print it on paper (or
save it as PDF for a printer elsewhere), and the wizard only finishes once the user
confirms it was stored. Creating the vault tunes Argon2id to about a second, so it runs on
the background worker while the wizard shows that it is busy.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import platformdirs
from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from casustafel.db.keyfile import Argon2Params, check_new_passphrase, passphrase_strength_hint
from casustafel.db.vault import VAULT_SUFFIX, Vault, VaultPaths
from casustafel.errors import CasustafelError
from casustafel.i18n import _

from ..style import icon
from ..worker import Task, TaskContext, Worker

_FORBIDDEN_IN_NAME = set('/\\:*?"<>|')


def default_folder() -> str:
    return str(Path(platformdirs.user_documents_dir()) / "Casustafel")


def _message(label: QLabel, text: str, level: str = "error") -> None:
    label.setText(text)
    label.setProperty("level", level)
    label.style().unpolish(label)
    label.style().polish(label)
    label.setVisible(bool(text))


def _message_label() -> QLabel:
    label = QLabel()
    label.setObjectName("message")
    label.setWordWrap(True)
    label.hide()
    return label


class VaultPage(QWizardPage):
    """Name and place of the vault, and who will use it."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Nieuwe kluis"))
        self.setSubTitle(
            _("Een kluis is één versleutelde map met al uw casussen. Kies een naam en een plek.")
        )
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("bijvoorbeeld Casustafel Emmen"))
        self.folder = QLineEdit(default_folder())
        browse = QPushButton(icon("open"), _("&Bladeren…"))
        browse.clicked.connect(self._on_browse_clicked)
        self.user = QLineEdit()
        self.user.setPlaceholderText(_("uw naam, zoals die in het auditlog komt"))
        self.error = _message_label()
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(_("&Naam van de kluis:"), self.name)
        form.addRow(_("&Map:"), folder_row)
        form.addRow(_("&Gebruiker:"), self.user)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        self.registerField("name*", self.name)
        self.registerField("user*", self.user)
        self.registerField("folder*", self.folder)

    @Slot()
    def _on_browse_clicked(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Map voor de kluis"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def target(self) -> Path:
        return VaultPaths.of(Path(self.folder.text().strip()) / self.name.text().strip()).folder

    def validatePage(self) -> bool:  # noqa: N802 (Qt API)
        name = self.name.text().strip()
        if not name or _FORBIDDEN_IN_NAME & set(name) or name.startswith("."):
            _message(self.error, _('Een naam mag geen / \\ : * ? " < > | bevatten.'))
            return False
        if self.target().exists():
            _message(self.error, _("Er staat al een kluis met die naam in deze map."))
            return False
        _message(self.error, "")
        return True


class PassphrasePage(QWizardPage):
    """The passphrase, twice, with a strength hint; leaving this page creates the vault."""

    def __init__(self, wizard: CreateVaultWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(_("Wachtwoord"))
        self.setSubTitle(
            _("Minstens 12 tekens. Een zin van vier of meer woorden is sterk en goed te onthouden.")
        )
        self.first = QLineEdit()
        self.second = QLineEdit()
        for field in (self.first, self.second):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setAccessibleName(_("Wachtwoord"))
        self.second.setAccessibleName(_("Wachtwoord herhalen"))
        self.hint = QLabel()
        self.hint.setObjectName("strengthHint")
        self.error = _message_label()
        form = QFormLayout()
        form.addRow(_("&Wachtwoord:"), self.first)
        form.addRow("", self.hint)
        form.addRow(_("&Herhaal:"), self.second)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.first.textChanged.connect(self._on_text_changed)
        self.second.textChanged.connect(self._on_text_changed)
        # After this page the vault exists: there is no way back.
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Kluis &maken"))

    @Slot()
    def _on_text_changed(self) -> None:
        text = self.first.text()
        self.hint.setText(passphrase_strength_hint(text) if text else "")
        if self.second.text() and not text.startswith(self.second.text()):
            _message(self.error, _("De twee wachtwoorden zijn niet gelijk."), "warning")
        else:
            _message(self.error, "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 (Qt API)
        return bool(self.first.text()) and self.first.text() == self.second.text()

    def validatePage(self) -> bool:  # noqa: N802 (Qt API)
        if self._wizard.vault is not None:
            return True
        try:
            check_new_passphrase(self.first.text())
        except CasustafelError as exc:
            _message(self.error, exc.message)
            return False
        if not self._wizard.busy:
            self._wizard.start_creating(self.first.text())
            _message(self.error, _("Bezig met het maken van de kluis…"), "info")
        return False


class RecoveryPage(QWizardPage):
    """The recovery key, shown once: print it, then confirm it was stored."""

    def __init__(self, wizard: CreateVaultWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(_("Herstelsleutel"))
        self.setSubTitle(
            _(
                "Met deze sleutel kan de kluis worden geopend als het wachtwoord kwijt is. "
                "Hij wordt maar één keer getoond. Druk hem af en geef hem aan de "
                "privacyfunctionaris voor de kluis; bewaar hem niet op deze computer."
            )
        )
        self.key_label = QLabel()
        self.key_label.setObjectName("recoveryKey")
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setWordWrap(True)
        # The audit log's verification key: on the same sheet, for the privacy officer.
        self.verification_label = QLabel()
        self.verification_label.setObjectName("hint")
        self.verification_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.verification_label.setWordWrap(True)
        self.print_button = QPushButton(icon("print"), _("&Afdrukken…"))
        self.pdf_button = QPushButton(icon("pdf"), _("Opslaan als &PDF…"))
        self.confirmed = QCheckBox(
            _("Ik heb de herstelsleutel afgedrukt of opgeschreven en veilig opgeborgen.")
        )
        self.error = _message_label()
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.key_label)
        layout.addWidget(self.verification_label)
        layout.addLayout(buttons)
        layout.addSpacing(12)
        layout.addWidget(self.confirmed)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.registerField("recovery_stored*", self.confirmed)
        self.print_button.clicked.connect(self._on_print_button_clicked)
        self.pdf_button.clicked.connect(self._on_pdf_button_clicked)

    def initializePage(self) -> None:  # noqa: N802 (Qt API)
        self.key_label.setText(self._wizard.recovery_text)
        self.verification_label.setText(
            _("Verificatiesleutel van het auditlog (alleen voor de privacyfunctionaris):")
            + "\n"
            + self._wizard.verification_text
        )

    @Slot()
    def _on_print_button_clicked(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self._wizard.print_recovery_key(printer)

    @Slot()
    def _on_pdf_button_clicked(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Herstelsleutel opslaan als PDF"), "herstelsleutel.pdf", "PDF (*.pdf)"
        )
        if path:
            self._wizard.save_recovery_pdf(Path(path))
            _message(
                self.error,
                _("Opgeslagen. Druk het af en verwijder daarna het bestand."),
                "info",
            )


class CreateVaultWizard(QWizard):
    """The three steps of making a vault; `vault` holds it, unlocked, after `accept()`.

    Args:
        worker: the app's background worker (creation tunes Argon2id for ~1 s).
        kdf_params: fixed key-derivation parameters (tests); tuned on this machine if None.
    """

    def __init__(
        self, worker: Worker, parent: QWidget | None = None, kdf_params: Argon2Params | None = None
    ) -> None:
        super().__init__(parent)
        self._worker = worker
        self._kdf_params = kdf_params
        self._task: Task | None = None
        self.vault: Vault | None = None
        self.recovery_text = ""
        self.verification_text = ""  # the sealed audit log's verification key (shown once)
        self.setWindowTitle(_("Nieuwe kluis maken"))
        self.setWindowIcon(icon("vault"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, _("&Volgende >"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("< V&orige"))  # not Alt+V twice
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Klaar"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Annuleren"))
        self.vault_page = VaultPage()
        self.passphrase_page = PassphrasePage(self)
        self.recovery_page = RecoveryPage(self)
        for page in (self.vault_page, self.passphrase_page, self.recovery_page):
            self.addPage(page)
        self.setMinimumSize(620, 440)

    @property
    def busy(self) -> bool:
        return self._task is not None

    def start_creating(self, passphrase: str) -> None:
        """Create the vault on the worker; the wizard moves on when it is done."""
        target = self.vault_page.target()
        user = self.vault_page.user.text().strip()
        params = self._kdf_params

        def create(_ctx: TaskContext) -> tuple[Vault, str]:
            return Vault.create(target, user, passphrase, params=params)

        self._task = self._worker.submit(create)
        self._task.succeeded.connect(self._on_task_succeeded)
        self._task.failed.connect(self._on_task_failed)
        self.button(QWizard.WizardButton.CommitButton).setEnabled(False)
        self.button(QWizard.WizardButton.CancelButton).setEnabled(False)

    @Slot(object)
    def _on_task_succeeded(self, result: tuple[Vault, str]) -> None:
        self._task = None
        self.vault, self.recovery_text = result
        self.verification_text = self.vault.verification_key or ""
        self.passphrase_page.first.clear()
        self.passphrase_page.second.clear()
        self.button(QWizard.WizardButton.CancelButton).setEnabled(True)
        self.next()

    @Slot(str)
    def _on_task_failed(self, message: str) -> None:
        self._task = None
        _message(self.passphrase_page.error, message)
        self.button(QWizard.WizardButton.CommitButton).setEnabled(True)
        self.button(QWizard.WizardButton.CancelButton).setEnabled(True)

    # -- the recovery key on paper -------------------------------------------------------------

    def _recovery_document(self) -> QTextDocument:
        name = self.vault.name if self.vault else ""
        today = dt.date.today().strftime("%d-%m-%Y")
        doc = QTextDocument()
        doc.setHtml(
            "<h1>"
            + _("Herstelsleutel Casustafel")
            + "</h1>"
            + "<p>"
            + _("Kluis: <b>{name}</b><br>Gemaakt op: {date}").format(name=name, date=today)
            + "</p>"
            + "<p style='font-family: monospace; font-size: 16pt; margin: 24px 0'>"
            + self.recovery_text
            + "</p>"
            + "<p>"
            + _(
                "Bewaar dit papier in de kluis van de privacyfunctionaris. Met deze sleutel kan "
                "een nieuw wachtwoord worden ingesteld: casustafel passwd KLUIS --recovery-key."
            )
            + "</p><h2>"
            + _("Verificatiesleutel van het auditlog")
            + "</h2><p style='font-family: monospace; font-size: 14pt'>"
            + self.verification_text
            + "</p><p>"
            + _(
                "Alleen voor de privacyfunctionaris: hiermee bewijst 'casustafel verify KLUIS "
                "--verificatiesleutel-bestand BESTAND' dat het auditlog niet is herschreven."
            )
            + "</p>"
        )
        doc.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, _("Herstelsleutel"))
        return doc

    def print_recovery_key(self, printer: QPrinter) -> None:
        """Print the recovery key sheet on `printer` (a real printer or a PDF file)."""
        printer.setDocName(_("Herstelsleutel"))
        self._recovery_document().print_(printer)

    def save_recovery_pdf(self, path: Path) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        self.print_recovery_key(printer)

    # -- finishing -----------------------------------------------------------------------------

    def accept(self) -> None:
        self.recovery_text = ""
        self.verification_text = ""  # the sealed audit log's verification key (shown once)
        self.recovery_page.key_label.clear()
        self.recovery_page.verification_label.clear()
        super().accept()

    def reject(self) -> None:
        if self.busy:
            return
        if self.vault is not None and not self.recovery_page.confirmed.isChecked():
            # The vault exists; leaving now would lose the only view of its recovery key.
            _message(
                self.recovery_page.error,
                _("Bevestig eerst dat u de herstelsleutel hebt bewaard."),
                "warning",
            )
            return
        if self.vault is not None:
            self.vault.lock()
            self.vault = None
        self.recovery_text = ""
        self.verification_text = ""  # the sealed audit log's verification key (shown once)
        super().reject()


__all__ = ["VAULT_SUFFIX", "CreateVaultWizard"]
