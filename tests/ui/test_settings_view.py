"""The settings dialog on a real vault: saved and audited, retention per table, backups listed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from casustafel.db import thread_guard
from casustafel.db.vault import Vault
from casustafel.domain.model import TableCode
from casustafel.services.audit_log import AuditFilter, query_log
from casustafel.services.backup_rotation import run_automatic_backup
from casustafel.ui.session import AppSession
from casustafel.ui.views.settings_view import SettingsDialog
from casustafel.ui.worker import Worker


def _dialog(qtbot: QtBot, vault: Vault) -> SettingsDialog:
    dialog = SettingsDialog(AppSession(vault), original=vault.settings())
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _settings_audits(vault: Vault) -> list[str]:
    lines = query_log(vault, AuditFilter(actions=frozenset({"settings"})))
    return [f"{line.object_kind}:{line.detail}" for line in lines]


def test_shows_the_defaults_and_keeps_auto_lock_within_2_to_15(qtbot: QtBot, vault: Vault) -> None:
    dialog = _dialog(qtbot, vault)
    assert dialog.auto_lock.value() == 5
    assert dialog.suppression_k.currentData() == 5
    assert dialog.policy(TableCode.OM).signal_not_taken_up_months == 12
    assert dialog.policy(TableCode.WO).closed_case_months == 24
    dialog.auto_lock.setValue(99)
    assert dialog.auto_lock.value() == 15
    dialog.auto_lock.setValue(0)
    assert dialog.auto_lock.value() == 2
    assert [dialog.suppression_k.itemData(i) for i in range(2)] == [5, 10]


def test_saving_stores_everything_and_audits_it(qtbot: QtBot, vault: Vault, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, vault)
    dialog.auto_lock.setValue(9)
    dialog.suppression_k.setCurrentIndex(1)
    dialog.good_friday.setChecked(True)
    dialog.liberation_day.setChecked(True)
    dialog.terms[("MH", "closed_case_months")].setValue(60)
    dialog.backup_folder.setText(str(tmp_path / "kopie"))
    dialog.backups_to_keep.setValue(7)
    with qtbot.waitSignal(dialog.settings_saved) as saved:
        dialog.save_button.click()
    assert not dialog.isVisible()
    stored = vault.settings()
    assert saved.args == [stored]
    assert (stored.auto_lock_minutes, stored.suppression_k, stored.backups_to_keep) == (9, 10, 7)
    assert stored.good_friday_is_holiday and stored.liberation_day_is_holiday
    assert stored.backup_folder == str(tmp_path / "kopie")
    assert stored.retention["MH"].closed_case_months == 60
    assert stored.retention["WO"].closed_case_months == 24
    audits = _settings_audits(vault)
    assert any(a.startswith("settings") for a in audits)
    assert any("table=MH" in a and "case=24->60" in a for a in audits)
    assert not any("table=WO" in a for a in audits)  # unchanged tables are not rewritten


def test_unchanged_dialog_writes_nothing(qtbot: QtBot, vault: Vault) -> None:
    dialog = _dialog(qtbot, vault)
    before = _settings_audits(vault)
    dialog.save_button.click()
    assert _settings_audits(vault) == before


def test_backup_tab_lists_existing_backups_with_their_dates(
    qtbot: QtBot, vault: Vault, tmp_path: Path
) -> None:
    folder = tmp_path / "kopieen"
    run_automatic_backup(vault, folder, now=dt.datetime(2026, 3, 2, 9, 15))
    run_automatic_backup(vault, folder, now=dt.datetime(2026, 3, 3, 10, 30))
    dialog = _dialog(qtbot, vault)
    assert dialog.backups.rowCount() == 0
    assert "Kies een map" in dialog.backup_count.text()
    dialog.backup_folder.setText(str(folder))
    dialog.refresh_backups()
    dates = [dialog.backups.index(r, 0).data() for r in range(dialog.backups.rowCount())]
    assert dates[0] == "03-03-2026 10:30" and "02-03-2026 09:15" in dates
    kinds = {dialog.backups.index(r, 1).data() for r in range(dialog.backups.rowCount())}
    assert kinds == {"recent", "dagkopie", "weekkopie"}
    assert "03-03-2026 10:30" in dialog.backup_count.text()


def test_locking_closes_the_dialog(qtbot: QtBot, vault: Vault) -> None:
    dialog = _dialog(qtbot, vault)
    dialog._session.lock()
    assert not dialog.isVisible()


def test_a_term_per_outcome_is_saved_and_audited(qtbot: QtBot, vault: Vault) -> None:
    dialog = _dialog(qtbot, vault)
    box = dialog.outcome_terms[("OM", "geen_actie")]
    assert box.value() == 0 and box.text() == "standaard"  # follows the table's terms
    box.setValue(6)
    with qtbot.waitSignal(dialog.settings_saved):
        dialog.save_button.click()
    assert vault.settings().retention["OM"].outcome_months == {"geen_actie": 6}
    assert any("uitkomsten=-->geen_actie:6" in line for line in _settings_audits(vault))
    reopened = _dialog(qtbot, vault)
    assert reopened.outcome_terms[("OM", "geen_actie")].value() == 6


def test_settings_are_saved_on_the_worker(
    qtbot: QtBot, vault: Vault, op_worker: Worker, vault_guard: None
) -> None:
    """With the guard raising: saving is an operation on the worker, then the signal."""
    with thread_guard.allowed():  # what the menu reads on the worker before opening
        original = vault.settings()
    dialog = SettingsDialog(AppSession(vault, worker=op_worker), original=original)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.auto_lock.setValue(11)
    with qtbot.waitSignal(dialog.settings_saved, timeout=20_000) as saved:
        dialog.save_button.click()
    with thread_guard.allowed():
        assert vault.settings().auto_lock_minutes == 11 == saved.args[0].auto_lock_minutes


def test_enter_in_a_field_saves_and_never_makes_a_recovery_key(qtbot: QtBot, vault: Vault) -> None:
    """Seen: Enter in "Automatisch vergrendelen" opened "Nieuwe herstelsleutel maken"."""
    dialog = _dialog(qtbot, vault)
    assert not dialog.recovery_button.autoDefault() and dialog.save_button.isDefault()
    dialog.auto_lock.setFocus()
    dialog.auto_lock.setValue(8)
    with qtbot.waitSignal(dialog.settings_saved, timeout=20_000):
        qtbot.keyClick(dialog.auto_lock, Qt.Key.Key_Return)
    assert vault.settings().auto_lock_minutes == 8
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not dialog]
