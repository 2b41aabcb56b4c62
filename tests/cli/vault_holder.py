"""A real Casustafel app process that holds a vault open, for the one-writer tests.

Run as `python vault_holder.py VAULT MARKERS` with the passphrase in CASUSTAFEL_PASSPHRASE.
It opens the vault the way the desktop app does (offscreen Qt, `AppController`) and talks
to the test through files in MARKERS, never through timing:

- writes `ready` once the vault is open and the app shows it;
- on `write` (made by the test): tries to save the settings, as a change typed in the app
  would, writes the outcome to `write-result` ("written" or "refused:<error type>"), then
  lets the folder watch look every 50 ms;
- writes `locked` when the session locks ("gone" when the folder-gone message is shown);
- quits on `stop`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _mark(marker: Path, text: str) -> None:
    """Write a marker whole: the test may see it the moment its name appears."""
    temp = marker.with_name(marker.name + ".tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, marker)


def main(vault_path: str, markers: Path) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    import casustafel.ui.vault_watch as vault_watch
    from casustafel.db.vault import Vault
    from casustafel.db.vault_lock import set_program_name
    from casustafel.ui.app import AppController, create_application
    from casustafel.ui.recent_vaults import RecentVaults

    app = create_application([])
    set_program_name("Casustafel-app")
    # The watch looks only when the test says so: the write must meet the vault's own check.
    vault_watch.WATCH_INTERVAL_MS = 3_600_000
    settings = QSettings(str(markers / "recent.ini"), QSettings.Format.IniFormat)
    controller = AppController(recent=RecentVaults(settings), parent=app)
    vault = Vault.unlock(vault_path, os.environ["CASUSTAFEL_PASSPHRASE"])
    controller.show_vault(vault)
    session = controller.session
    assert session is not None

    def on_locked() -> None:
        state = "gone" if controller.gone_message is not None else "locked"
        _mark(markers / "locked", state)

    session.locked.connect(on_locked)

    def on_poll() -> None:
        if (markers / "stop").exists():
            poll.stop()
            controller.shutdown()
            QApplication.quit()
        elif (markers / "write").exists() and not (markers / "write-result").exists():
            try:
                vault.save_settings(vault.settings())
                outcome = "written"
            except Exception as exc:
                outcome = f"refused:{type(exc).__name__}"
            _mark(markers / "write-result", outcome)
            assert controller.vault_watch is not None
            controller.vault_watch.timer.start(50)

    poll = QTimer()
    poll.setInterval(50)
    poll.timeout.connect(on_poll)
    poll.start()
    _mark(markers / "ready", str(os.getpid()))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2])))
