"""Render the README's screenshots from a demo vault: case list, case file, "Mijn werk", sittings.

Usage: python scripts/screenshots.py [--vault PATH] [--out docs/images] [--seed 1]

Without --vault it makes (once) a demo vault under build/screenshots/ with
`casustafel demo --seed 1` and a generated passphrase; with --vault it opens that vault
with the passphrase in CASUSTAFEL_PASSPHRASE. The windows are drawn offscreen, so no
screen is needed. Only synthetic demo data belongs in these pictures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SIZE = (1400, 860)
LAPTOP = (1366, 768)  # the municipal laptop: the sittings page is shown at this size


def _demo_vault(seed: int, cases: int) -> tuple[Path, str]:
    folder = ROOT / "build" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    vault = folder / f"demo-seed{seed}.casustafel"
    secret_file = folder / "passphrase.txt"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_urlsafe(18) + "\n", encoding="utf-8")
        secret_file.chmod(0o600)
    passphrase = secret_file.read_text(encoding="utf-8").strip()
    if not vault.exists():
        env = dict(os.environ, CASUSTAFEL_PASSPHRASE=passphrase)
        cli = [str(Path(sys.executable).with_name("casustafel"))]
        subprocess.run(  # noqa: S603 (our own CLI, arguments built here)
            [*cli, "demo", str(vault), "--seed", str(seed), "--cases", str(cases)],
            check=True,
            env=env,
            stdin=subprocess.DEVNULL,
        )
    return vault, passphrase


def _settle(seconds: float = 1.5) -> None:
    """Let the event loop run (background loads, layouts) before grabbing."""
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def meeting_mode_shot(session: object, out: Path) -> Path | None:
    """Meeting mode at 1366x768 on a woonoverlast sitting of the demo vault (i11b).

    Opens the window directly (no "start early?" question), on an escalation item if the
    agenda has one, in presentation mode as at the table. Opening it marks the demo sitting
    as under way; only the throw-away demo vault is touched.
    """
    from casustafel.domain.model import TableCode
    from casustafel.services import sittings
    from casustafel.services.sitting_context import case_context
    from casustafel.services.sitting_values import SittingStatus
    from casustafel.ui.session import AppSession
    from casustafel.ui.views.meeting_window import MeetingWindow

    assert isinstance(session, AppSession)
    candidates = [
        s
        for s in sittings.list_sittings(session.vault, TableCode.WO)
        if s.status is not SittingStatus.GESLOTEN and s.item_count > 0
    ]
    if not candidates:
        return None
    sitting = min(candidates, key=lambda s: s.starts_at)
    from casustafel.ui.views import meeting_ops

    opening = meeting_ops.open_meeting(session.vault, sitting.id)
    window = MeetingWindow(session, sitting.id, opening=opening)
    window.resize(1366, 768)
    window.show()
    # A running case with open work and an earlier decision makes the telling picture.
    entries = [e for e in window.model.records() if e.case_id is not None]
    for entry in entries:
        context = case_context(session.vault, entry.case_id or 0)
        if context.last_decided_on and (context.interventions or context.agreements):
            window.go_to(entry.id)
            break
    _settle()
    target = out / "meeting-mode.png"
    window.grab().save(str(target))
    window.close()
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vault", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cases", type=int, default=300)
    args = parser.parse_args()

    if args.vault is not None:
        passphrase = os.environ.get("CASUSTAFEL_PASSPHRASE", "")
        if not passphrase:
            print("screenshots: set CASUSTAFEL_PASSPHRASE for --vault", file=sys.stderr)
            return 2
        vault_path = args.vault
    else:
        vault_path, passphrase = _demo_vault(args.seed, args.cases)

    from PySide6.QtCore import QSettings

    from casustafel.db.vault import Vault
    from casustafel.domain.model import CaseStatus
    from casustafel.ui.app import AppController, create_application
    from casustafel.ui.recent_vaults import RecentVaults

    app = create_application([sys.argv[0]])
    # A throw-away settings file: making pictures must not change the user's recent list.
    settings = QSettings(
        str(ROOT / "build" / "screenshots" / "settings.ini"), QSettings.Format.IniFormat
    )
    controller = AppController(recent=RecentVaults(settings))
    vault = Vault.unlock(vault_path, passphrase)
    controller.show_vault(vault)
    window = controller.main_window
    assert window is not None
    window.resize(*SIZE)
    args.out.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []

    cases = window.show_page("cases:WO")
    _settle()
    window.grab().save(str(args.out / "case-list.png"))
    shots.append(args.out / "case-list.png")

    model = getattr(cases, "model", None)
    case_id = None
    if model is not None and model.rowCount() > 0:
        # A running case with some history makes the most telling picture.
        rows = [model.case_at(r) for r in range(model.rowCount())]
        running = [c for c in rows if c.status is CaseStatus.IN_BEHANDELING] or rows
        # The longest-running open case has the richest ladder and timeline.
        case_id = min(running, key=lambda c: c.registered_on).id
    if case_id is not None:
        window.open_case(case_id)
        _settle()
        window.grab().save(str(args.out / "case-file.png"))
        shots.append(args.out / "case-file.png")

    window.show_page("mywork")
    _settle()
    window.grab().save(str(args.out / "mywork.png"))
    shots.append(args.out / "mywork.png")

    shots.append(_sittings_shot(window, args.out))
    assert controller.session is not None
    meeting = meeting_mode_shot(controller.session, args.out)
    if meeting is not None:
        shots.append(meeting)

    controller.shutdown()
    app.processEvents()
    for shot in shots:
        print(shot.relative_to(ROOT) if shot.is_relative_to(ROOT) else shot)
    return 0


def _sittings_shot(window: Any, out: Path) -> Path:
    """The sittings page at 1366x768: woonoverlast's next sitting with its fetched proposal."""
    from casustafel.domain.model import TableCode
    from casustafel.services.sitting_values import SittingStatus

    window.resize(*LAPTOP)
    page = window.show_page("sittings")
    page.table_choice.setCurrentIndex(page.table_choice.findData(TableCode.WO.value))
    _settle(0.5)
    upcoming = [
        row
        for row in range(page.model.rowCount())
        if page.model.record(row).status is SittingStatus.GEPLAND
        and page.model.record(row).date >= dt.date.today()
    ]
    if upcoming:
        page.view.selectRow(upcoming[0])
        _settle(0.5)
        editor = page.editor
        if editor is not None and editor.model.rowCount() == 0:
            editor.compose()  # only in the screenshot vault: the demo's own copy
        if editor is not None and editor.model.rowCount() > 1:
            editor.view.selectRow(1)
    _settle()
    path = out / "sittings.png"
    window.grab().save(str(path))
    window.resize(*SIZE)
    return path


if __name__ == "__main__":
    sys.exit(main())
