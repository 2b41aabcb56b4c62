"""Every window and dialog has unique Alt+letter mnemonics among what is visible at once.

The classes are discovered, not listed: every QDialog, QMainWindow and top-level QWidget
subclass in `casustafel.ui` is built from arguments chosen by parameter name (a session on
the demo vault, a case file, a sitting, ...). A new dialog whose arguments this test cannot
make fails the test until a provider or a builder is added, so no window escapes the check.
The main window is checked with each of its pages and with a case file open.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QSettings
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QGroupBox,
    QLabel,
    QMainWindow,
    QMenuBar,
    QTabBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

import casustafel.ui as ui_package
from casustafel.db import thread_guard
from casustafel.db.vault import Vault
from casustafel.domain.model import NewSubject, TableCode
from casustafel.services import cases, retention, signals, sittings
from casustafel.services.sitting_print import DocumentKind
from casustafel.services.sitting_values import SittingStatus
from casustafel.services.subject_matching import match_subjects
from casustafel.ui.clipboard import SecureClipboard
from casustafel.ui.main_window import MainWindow
from casustafel.ui.presentation import PresentationController
from casustafel.ui.recent_vaults import RecentVaults
from casustafel.ui.session import AppSession
from casustafel.ui.views.close_dialog import CloseMode
from casustafel.ui.views.unlock_dialog import UnlockThrottle
from casustafel.ui.worker import Worker

_MNEMONIC = re.compile(r"(?<!&)&([^&\s])")

# Windows this test cannot show on their own, with the reason.
NOT_A_WINDOW = {
    "ActionDialog": "abstract base of the case dialogs; each subclass is checked",
}


def _mnemonic(text: str) -> str | None:
    found = _MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).casefold() if found else None


def _texts(window: QWidget) -> Iterator[str]:
    """Every caption with a mnemonic that the user can reach in `window` right now."""
    for widget in window.findChildren(QWidget):
        if widget.window() is not window or not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and widget.buddy() is not None
        ):
            yield widget.text()
        elif isinstance(widget, QGroupBox):
            yield widget.title()
        elif isinstance(widget, QTabBar):
            yield from (widget.tabText(i) for i in range(widget.count()))
        elif isinstance(widget, QMenuBar):
            yield from (a.text() for a in widget.actions() if a.isVisible())


def duplicates(window: QWidget) -> dict[str, list[str]]:
    """Mnemonic letter -> the captions that share it, for letters used more than once."""
    seen: dict[str, list[str]] = {}
    for text in _texts(window):
        letter = _mnemonic(text)
        if letter:
            seen.setdefault(letter, []).append(text)
    return {k: v for k, v in seen.items() if len(v) > 1}


def _window_classes() -> dict[str, type[QWidget]]:
    found: dict[str, type[QWidget]] = {}
    for info in pkgutil.walk_packages(ui_package.__path__, "casustafel.ui."):
        module = importlib.import_module(info.name)
        for name, cls in vars(module).items():
            if not (inspect.isclass(cls) and cls.__module__ == module.__name__):
                continue
            if issubclass(cls, (QDialog, QMainWindow)):
                found[f"{module.__name__}.{name}"] = cls
    # Top-level QWidget windows that are no dialog: found by their own window title.
    from casustafel.ui.views.meeting_window import MeetingWindow
    from casustafel.ui.views.welcome_view import WelcomeView

    for cls in (MeetingWindow, WelcomeView):
        found[f"{cls.__module__}.{cls.__name__}"] = cls
    return found


@pytest.fixture
def providers(demo_vault: Vault, tmp_path: Path, qtbot: QtBot) -> Iterator[dict[str, Any]]:
    session = AppSession(demo_vault)
    case = next(c for c in cases.list_case_summaries(demo_vault) if c.table is TableCode.WO)
    case_file = cases.get_case_file(demo_vault, case.id)
    all_sittings = sittings.list_sittings(demo_vault, TableCode.WO)
    closed = next(s for s in all_sittings if s.status is SittingStatus.GESLOTEN)
    planned = next(s for s in all_sittings if s.status is not SittingStatus.GESLOTEN)
    worker = Worker()
    linked = case_file.subjects[0]
    subject = linked.subject
    typed_again = NewSubject(
        kind=subject.kind, role=linked.role, person=subject.person, address=subject.address
    )
    values: dict[str, Any] = {
        "session": session,
        "case_file": case_file,
        "case_id": case.id,
        "table": TableCode.WO,
        "current": sittings.get_rhythm(demo_vault, TableCode.WO),  # the rhythm dialog's
        "proposed": sittings.case_proposal(demo_vault, case.id),
        "original": demo_vault.settings(),  # the settings dialog's stored settings
        "sitting": planned,
        "sitting_id": planned.id,
        "kind": DocumentKind.AGENDA,
        "mode": CloseMode.CLOSE,
        "worker": worker,
        "signal": signals.list_signals(demo_vault)[0],
        "found": retention.destruction_list(demo_vault),
        "subject": subject,
        "intervention": None,
        "path": demo_vault.paths.folder,
        "throttle": UnlockThrottle(),
        "recent": RecentVaults(QSettings(str(tmp_path / "r.ini"), QSettings.Format.IniFormat)),
        "day": dt.date.today() + dt.timedelta(days=14),
        "closed_sitting_id": closed.id,
        "matches": match_subjects(demo_vault, [typed_again]),
        "presenting": False,
        "registered_on": case_file.header.registered_on,
        "link": linked,
        "key_text": "ABCDE-FGHIJ-KLMNO",
    }
    yield values
    worker.shutdown()
    session.lock()


def _builders(values: dict[str, Any]) -> dict[str, Callable[[], QWidget]]:
    """Classes whose arguments are not simply found by name."""
    from casustafel.ui.views import meeting_ops
    from casustafel.ui.views.item_correction_dialog import (
        ItemCorrectionDialog,
        read_for_correction,
    )
    from casustafel.ui.views.meeting_window import MeetingWindow

    def correction() -> ItemCorrectionDialog:
        with thread_guard.allowed():  # the sittings page reads this in a QueryOp
            stored = read_for_correction(values["session"].vault, values["closed_sitting_id"])
        return ItemCorrectionDialog(values["session"], *stored)

    def meeting() -> MeetingWindow:
        with thread_guard.allowed():  # meeting mode opens the sitting in an operation
            opening = meeting_ops.open_meeting(values["session"].vault, values["sitting_id"])
        return MeetingWindow(values["session"], values["sitting_id"], opening=opening)

    return {
        "ItemCorrectionDialog": correction,
        "MeetingWindow": meeting,
        "MainWindow": lambda: MainWindow(
            values["path"].name,
            PresentationController(),
            SecureClipboard(),
            worker=values["worker"],
        ),
    }


def _build(cls: type[QWidget], values: dict[str, Any]) -> QWidget:
    builders = _builders(values)
    if cls.__name__ in builders:
        return builders[cls.__name__]()
    arguments = {}
    for name, parameter in inspect.signature(cls.__init__).parameters.items():
        if name == "self" or parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        if name in values:
            arguments[name] = values[name]
        elif parameter.default is inspect.Parameter.empty:
            raise LookupError(f"{cls.__name__}: no value for '{name}'")
    return cls(**arguments)


def _check(window: QWidget, where: str, problems: list[str]) -> None:
    window.resize(1280, 720)
    window.show()
    QApplication.processEvents()
    for letter, captions in duplicates(window).items():
        problems.append(f"{where}: Alt+{letter.upper()} in {captions}")


def _check_main_window(window: MainWindow, values: dict[str, Any], problems: list[str]) -> None:
    window.attach_session(values["session"], 5)
    _check(window, "MainWindow", problems)
    for key in _pages():
        if window.show_page(key) is not None:
            QApplication.processEvents()
            for letter, captions in duplicates(window).items():
                problems.append(f"MainWindow/{key}: Alt+{letter.upper()} in {captions}")
    window.open_case(values["case_id"])
    QApplication.processEvents()
    for letter, captions in duplicates(window).items():
        problems.append(f"MainWindow/dossier: Alt+{letter.upper()} in {captions}")


def _pages() -> list[str]:
    from casustafel.ui.navigation import PAGES

    return [page.key for page in PAGES]


@pytest.mark.slow
def test_every_window_has_unique_mnemonics(qtbot: QtBot, providers: dict[str, Any]) -> None:
    classes = _window_classes()
    assert len(classes) > 20  # discovery found the app's dialogs, not nothing
    problems: list[str] = []
    unbuildable: list[str] = []
    # The main window last: closing it locks the session every other window uses.
    ordered = sorted(classes.items(), key=lambda kv: (kv[1] is MainWindow, kv[0]))
    for _qualified, cls in ordered:
        if cls.__name__ in NOT_A_WINDOW:
            continue
        providers["session"].set_presentation_mode(False)  # meeting mode switches it on
        try:
            window = _build(cls, providers)
        except LookupError as exc:
            unbuildable.append(str(exc))
            continue
        if isinstance(window, MainWindow):
            _check_main_window(window, providers, problems)
        else:
            _check(window, cls.__name__, problems)
        window.close()
        if shiboken6.isValid(window):
            window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert unbuildable == [], "add a provider or a builder for these windows"
    assert problems == [], "\n".join(problems)


def test_the_check_finds_a_clash(qtbot: QtBot) -> None:
    """The helper itself: two visible buttons on Alt+A are found, a hidden one is not."""
    from PySide6.QtWidgets import QPushButton, QVBoxLayout

    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    for text in ("&Aanwezig", "&Afspraak", "&&Niet", "&Bewaar"):
        layout.addWidget(QPushButton(text))
    hidden = QPushButton("&Bewaren")
    layout.addWidget(hidden)
    hidden.setVisible(False)
    window.show()
    assert duplicates(window) == {"a": ["&Aanwezig", "&Afspraak"]}
