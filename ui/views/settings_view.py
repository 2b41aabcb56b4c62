"""The settings dialog: auto-lock, small-count threshold, retention per table, backups, holidays.

Everything here lives in the vault's `Settings` (saved with `vault.save_settings`, which is
audited); a changed retention term goes through `set_retention_policy`, which checks the
range and writes old and new months to the audit log. The backup part lists the automatic
backups already in the chosen folder with their dates, so the user sees they are being made.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from casustafel.db.vault import Vault
from casustafel.domain.catalogue import table_definition
from casustafel.domain.changes import ChangeKind, OpChanges
from casustafel.domain.model import TableCode
from casustafel.domain.settings import RetentionPolicy, Settings
from casustafel.errors import CasustafelError
from casustafel.i18n import _
from casustafel.services.backup_rotation import BackupInfo, list_backups
from casustafel.services.retention import set_retention_policy
from casustafel.ui.models.record_model import Column, RecordTableModel
from casustafel.ui.ops import CollectionOp
from casustafel.ui.session import AppSession
from casustafel.ui.widgets.error_banner import ErrorBanner

__all__ = ["SettingsDialog", "backup_columns"]

_SLOT_LABELS = {"recent": _("recent"), "dag": _("dagkopie"), "week": _("weekkopie")}
_TERMS = (
    ("signal_not_taken_up_months", _("Niet opgepakt (signaal of casus)"), 1, 120),
    ("closed_case_months", _("Casus na afsluiten"), 1, 240),
    ("audit_log_months", _("Auditlog"), 12, 240),
)


def backup_columns() -> list[Column[BackupInfo]]:
    """Date, kind and size of each automatic backup (file names hold no case data)."""
    return [
        Column(
            _("Gemaakt op"),
            lambda b: b.created_at.strftime("%d-%m-%Y %H:%M"),
            sort_key=lambda b: b.created_at,
        ),
        Column(_("Soort"), lambda b: _SLOT_LABELS.get(b.slot, b.slot)),
        Column(
            _("Grootte"),
            lambda b: f"{b.size / 1_048_576:.1f} MB",
            sort_key=lambda b: b.size,
            align_right=True,
        ),
    ]


class SettingsDialog(QDialog):
    """Edit the vault's settings; `Opslaan` saves them (audited) and closes.

    Signals:
        settings_saved(Settings): saved; the shell applies e.g. the auto-lock minutes.
        recovery_key_replaced(): a confirmed new recovery key is installed; the old one
            no longer works.

    Args:
        session: the app session (closes when it locks).
        parent: Qt parent.
    """

    settings_saved = Signal(object)
    recovery_key_replaced = Signal()

    def __init__(
        self,
        session: AppSession,
        parent: QWidget | None = None,
        *,
        original: Settings,
    ) -> None:
        """`original` is the vault's stored settings, read by the caller on the worker."""
        super().__init__(parent)
        self._session = session
        self.setWindowTitle(_("Instellingen"))
        self.setModal(True)
        self.resize(640, 520)
        self._original = original
        self.backups: RecordTableModel[BackupInfo] = RecordTableModel(
            backup_columns(), record_id=lambda b: hash(b.path), parent=self
        )
        self._build()
        self._connect_signals()
        self._load(self._original)

    # -- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = ErrorBanner()
        self.tabs = QTabWidget()
        self.tabs.addTab(self._general_tab(), _("Algemeen"))
        self.tabs.addTab(self._retention_tab(), _("Bewaartermijnen"))
        self.tabs.addTab(self._backup_tab(), _("Reservekopieën"))
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(
            _("Opslaan"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(_("Annuleren"), QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        # Enter saves. Set once the button is inside this dialog (before, Qt has no dialog to
        # tell), and no other button may take Enter over (it made a new recovery key).
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        self.save_button.setDefault(True)

    def _general_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.auto_lock = QSpinBox()
        self.auto_lock.setRange(2, 15)
        self.auto_lock.setSuffix(_(" minuten"))
        form.addRow(_("Automatisch &vergrendelen na:"), self.auto_lock)
        self.meeting_lock = QSpinBox()
        self.meeting_lock.setRange(5, 60)
        self.meeting_lock.setSuffix(_(" minuten"))
        self.meeting_lock.setToolTip(
            _("Aan tafel wordt lang geluisterd zonder de laptop aan te raken.")
        )
        form.addRow(_("In de verga&dermodus na:"), self.meeting_lock)
        self.suppression_k = QComboBox()
        for k in (5, 10):
            self.suppression_k.addItem(_("kleiner dan {k} verbergen").format(k=k), k)
        form.addRow(_("&Kleine aantallen (monitoring):"), self.suppression_k)
        self.good_friday = QCheckBox(_("Goede Vrijdag"))
        self.liberation_day = QCheckBox(_("Bevrijdingsdag (5 mei), ook buiten lustrumjaren"))
        holidays = QVBoxLayout()
        holidays.addWidget(self.good_friday)
        holidays.addWidget(self.liberation_day)
        note = QLabel(_("Tellen als vrije dag bij termijnen in werkdagen."))
        note.setObjectName("hint")
        holidays.addWidget(note)
        form.addRow(_("Extra feestdagen:"), holidays)
        self.recovery_button = QPushButton(_("Nieuwe &herstelsleutel maken…"))
        form.addRow(_("Herstelsleutel:"), self.recovery_button)
        return page

    def _retention_tab(self) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        grid.addWidget(QLabel(_("Bewaartermijn in maanden")), 0, 0)
        self.terms: dict[tuple[str, str], QSpinBox] = {}
        for column, table in enumerate(TableCode, start=1):
            heading = QLabel(table.label)
            heading.setStyleSheet("font-weight: 600;")
            grid.addWidget(heading, 0, column)
        for row, (name, label, low, high) in enumerate(_TERMS, start=1):
            grid.addWidget(QLabel(label), row, 0)
            for column, table in enumerate(TableCode, start=1):
                box = QSpinBox()
                box.setRange(low, high)
                box.setSuffix(_(" mnd"))
                box.setAccessibleName(f"{label} {table.label}")
                grid.addWidget(box, row, column)
                self.terms[(table.value, name)] = box
        note = QLabel(
            _("Wijzigingen worden in het auditlog vastgelegd met de oude en nieuwe termijn.")
        )
        note.setObjectName("hint")
        note.setWordWrap(True)
        grid.addWidget(note, len(_TERMS) + 1, 0, 1, 4)
        grid.addWidget(QLabel(_("Termijn per uitkomst (gaat voor de termijnen hierboven):")),
                       len(_TERMS) + 2, 0, 1, 4)  # fmt: skip
        grid.addWidget(self._outcome_table(), len(_TERMS) + 3, 0, 1, 4)
        grid.setRowStretch(len(_TERMS) + 3, 1)
        return page

    def _outcome_table(self) -> QTableWidget:
        """One row per table and outcome; "standaard" follows the table's terms above."""
        rows = [
            (table, outcome)
            for table in TableCode
            for outcome in {
                o.code: o
                for o in (
                    *table_definition(table).weighing_outcomes,
                    *table_definition(table).closing_outcomes,
                )
            }.values()
        ]
        view = QTableWidget(len(rows), 3)
        view.setHorizontalHeaderLabels([_("Tafel"), _("Uitkomst"), _("Termijn")])
        view.verticalHeader().hide()
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = view.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.outcome_terms: dict[tuple[str, str], QSpinBox] = {}
        for row, (table, outcome) in enumerate(rows):
            marked = _("  (niet opgepakt)") if outcome.destroy_after_months is not None else ""
            view.setItem(row, 0, QTableWidgetItem(table.value))
            view.setItem(row, 1, QTableWidgetItem(outcome.label + marked))
            box = QSpinBox()
            box.setRange(0, 240)
            box.setSpecialValueText(_("standaard"))
            box.setSuffix(_(" mnd"))
            box.setAccessibleName(f"{outcome.label} {table.label}")
            view.setCellWidget(row, 2, box)
            self.outcome_terms[(table.value, outcome.code)] = box
        view.setMinimumHeight(120)
        return view

    def _backup_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        form = QFormLayout()
        self.backup_folder = QLineEdit()
        self.backup_folder.setPlaceholderText(_("Geen map: geen automatische reservekopieën"))
        self.browse_button = QPushButton(_("&Bladeren…"))
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.backup_folder, 1)
        folder_row.addWidget(self.browse_button)
        form.addRow(_("Map:"), folder_row)
        self.backups_to_keep = QSpinBox()
        self.backups_to_keep.setRange(1, 50)
        form.addRow(_("&Aantal recente kopieën bewaren:"), self.backups_to_keep)
        layout.addLayout(form)
        box = QGroupBox(_("Aanwezige automatische reservekopieën"))
        box_layout = QVBoxLayout(box)
        self.backup_table = QTableView()
        self.backup_table.setModel(self.backups)
        self.backup_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.backup_table.verticalHeader().hide()
        self.backup_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.backup_count = QLabel()
        box_layout.addWidget(self.backup_table)
        box_layout.addWidget(self.backup_count)
        layout.addWidget(box, 1)
        return page

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        self.recovery_button.clicked.connect(self._on_recovery_button_clicked)
        self.backup_folder.editingFinished.connect(self.refresh_backups)
        self._session.locked.connect(self._on_session_locked)

    # -- behaviour ---------------------------------------------------------------------------

    def _load(self, settings: Settings) -> None:
        self.auto_lock.setValue(settings.auto_lock_minutes)
        self.meeting_lock.setValue(settings.meeting_lock_minutes)
        self.suppression_k.setCurrentIndex(self.suppression_k.findData(settings.suppression_k))
        self.good_friday.setChecked(settings.good_friday_is_holiday)
        self.liberation_day.setChecked(settings.liberation_day_is_holiday)
        for (table, name), box in self.terms.items():
            policy = settings.retention.get(table, RetentionPolicy())
            box.setValue(getattr(policy, name))
        for (table, code), box in self.outcome_terms.items():
            policy = settings.retention.get(table, RetentionPolicy())
            box.setValue(policy.outcome_months.get(code, 0))
        self.backup_folder.setText(settings.backup_folder)
        self.backups_to_keep.setValue(settings.backups_to_keep)
        self.refresh_backups()

    @Slot()
    def refresh_backups(self) -> None:
        """List the automatic backups in the folder now shown (newest first)."""
        folder = self.backup_folder.text().strip()
        found = list_backups(Path(folder), self._session.vault_name) if folder else []
        self.backups.set_records(found)
        if not folder:
            self.backup_count.setText(_("Kies een map om automatisch reservekopieën te maken."))
        elif not found:
            self.backup_count.setText(_("Nog geen automatische reservekopieën in deze map."))
        else:
            self.backup_count.setText(
                _("{n} kopieën; de nieuwste van {date}.").format(
                    n=len(found), date=found[0].created_at.strftime("%d-%m-%Y %H:%M")
                )
            )

    def policy(self, table: TableCode) -> RetentionPolicy:
        """The retention policy the widgets show for `table`."""
        outcomes = {
            code: box.value()
            for (code_table, code), box in self.outcome_terms.items()
            if code_table == table.value and box.value()
        }
        return RetentionPolicy(
            **{name: self.terms[(table.value, name)].value() for name, *_rest in _TERMS},
            outcome_months=outcomes,
        )

    def edited(self) -> Settings:
        """The settings as the widgets show them (retention as it was; saved separately)."""
        return dataclasses.replace(
            self._original,
            auto_lock_minutes=self.auto_lock.value(),
            meeting_lock_minutes=self.meeting_lock.value(),
            suppression_k=int(self.suppression_k.currentData()),
            good_friday_is_holiday=self.good_friday.isChecked(),
            liberation_day_is_holiday=self.liberation_day.isChecked(),
            backup_folder=self.backup_folder.text().strip(),
            backups_to_keep=self.backups_to_keep.value(),
        )

    def save(self) -> None:
        """Save on the worker (audited); `settings_saved` follows with the stored settings.

        A refusal (`CasustafelError`) shows in the banner and keeps the dialog open.
        """
        original, edited = self._original, self.edited()
        policies = {
            table: wanted
            for table in TableCode
            if (wanted := self.policy(table))
            != original.retention.get(table.value, RetentionPolicy())
        }

        def write(vault: Vault) -> Settings:
            if edited != original:
                vault.save_settings(edited)
            for table, wanted in policies.items():
                set_retention_policy(vault, table, wanted)
            return vault.settings()

        CollectionOp(self, self._session, write, OpChanges.of(ChangeKind.SETTINGS)).success(
            self._on_saved
        ).failure(lambda failure: self.banner.say(failure.message)).disabling(self).run()

    def _on_saved(self, saved: Settings) -> None:
        self._original = saved
        self.settings_saved.emit(saved)
        self.accept()

    @Slot()
    def _on_buttons_accepted(self) -> None:
        try:
            self.save()
        except CasustafelError as exc:  # the form's own checks (a policy out of range)
            self.banner.say(exc.message)

    @Slot()
    def _on_browse_button_clicked(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, _("Map voor reservekopieën"), self.backup_folder.text()
        )
        if chosen:
            self.backup_folder.setText(chosen)
            self.refresh_backups()

    def make_new_recovery_key(self, deliver: Callable[[str], None]) -> bool:
        """Show a new recovery key through `deliver`; once confirmed, install it on the worker.

        Two steps, because the key must be shown and kept before the old one is revoked:
        the key is drafted and shown here (no vault access), and only a confirmed key is
        installed, as an operation. Returns whether the key was confirmed; the banner and
        `recovery_key_replaced` say when it is installed.
        """
        recovery_key, text = self._session.vault.draft_recovery_key()
        try:
            deliver(text)
        except CasustafelError as exc:
            self.banner.say(exc.message)
            return False

        def install(vault: Vault) -> None:
            vault.install_recovery_key(recovery_key)

        CollectionOp(self, self._session, install, OpChanges.of(ChangeKind.SETTINGS)).success(
            self._on_recovery_key_installed
        ).failure(lambda failure: self.banner.say(failure.message)).run()
        return True

    def _on_recovery_key_installed(self, _result: None) -> None:
        self.banner.say_done(_("Er is een nieuwe herstelsleutel gemaakt; de oude werkt niet meer."))
        self.recovery_key_replaced.emit()

    @Slot()
    def _on_recovery_button_clicked(self) -> None:
        from .recovery_key_dialog import deliver_on_screen

        self.make_new_recovery_key(deliver_on_screen(self))

    @Slot()
    def _on_session_locked(self) -> None:
        self.backups.clear()
        self.reject()
