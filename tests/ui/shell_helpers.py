"""Shared by the app-shell tests: a controller on real vaults, a canary case, a text walker."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, QModelIndex, QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QTreeView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from casustafel.db.keyfile import FLOOR_PARAMS
from casustafel.db.vault import Vault
from casustafel.domain.model import (
    Address,
    Person,
    TableCode,
)
from casustafel.ui.app import AppController
from casustafel.ui.autolock import ManualClock
from casustafel.ui.recent_vaults import RecentVaults

PASSPHRASE = "correct paard batterij nietje"
# One "second" of the unlock countdown in tests. 100 ms was flaky on a busy 2-core machine:
# the whole 2-second wait could pass before the test looked at it.
COUNTDOWN_TICK_MS = 500

# A subject nobody else uses, so that finding any part of it on screen means a leak.
CANARY_PERSON = Person(
    surname="Quastenbroek",
    prefix="van",
    given_names="Xylofoonia",
    birth_date=dt.date(1981, 7, 23),
    bsn="734561209",
    phone="0687654321",
)
CANARY_ADDRESS = Address(
    street="Zwaluwstaartlaan", house_number="77", postcode="7824 XK", city="Emmen"
)
# What presentation mode must never show, and what a locked app must hold nowhere.
CANARY_FRAGMENTS = (
    "Xylofoonia",
    "Quastenbroek",
    "734561209",
    "7345.61.209",
    "23-07-1981",
    "23 juli 1981",
    "1981-07-23",
    "Zwaluwstaartlaan",
    "7824 XK",
    "7824XK",
    "0687654321",
    "06-87654321",
)


def seed_canary_case(vault: Vault) -> int:
    """Register a woonoverlast case with the canary person through the real service."""
    from tests.builders import build_case, person_subject

    return build_case(
        vault,
        person_subject(CANARY_PERSON, CANARY_ADDRESS),
        registered_on=dt.date.today() - dt.timedelta(days=20),
        brought_in_by="politie",
        summary="Overlast in het portiek.",
    )


def seed_canary_sitting(vault: Vault, case_id: int) -> tuple[int, int]:
    """Plan next week's woonoverlast sitting: a rondvraag item, then the canary case.

    Returns the sitting's id and the id of its case item (the second item).
    """
    from casustafel.services import sittings
    from casustafel.services.sitting_values import SittingPlan

    sitting_id = sittings.plan_sitting(
        vault,
        SittingPlan(
            TableCode.WO, dt.date.today() + dt.timedelta(days=7), invited_partners=("politie",)
        ),
    )
    sittings.add_free_item(vault, sitting_id, "rondvraag", "Mededelingen")
    item_id = sittings.add_case_item(vault, sitting_id, case_id, question="Huisbezoek?")
    return sitting_id, item_id


def make_controller(qtbot: QtBot, tmp_path: Path) -> tuple[AppController, ManualClock]:
    """An app controller with its own recent-vaults file, a manual clock and fast ticks."""
    settings = QSettings(str(tmp_path / "recent.ini"), QSettings.Format.IniFormat)
    clock = ManualClock()
    controller = AppController(
        recent=RecentVaults(settings),
        clock=clock,
        autolock_tick_ms=20,
        unlock_tick_ms=COUNTDOWN_TICK_MS,
        kdf_params=FLOOR_PARAMS,
    )
    qtbot.addWidget(controller.welcome)
    return controller, clock


def close_controller(controller: AppController) -> None:
    """Shut the controller down and delete it and its windows now, on this thread.

    Deterministic on purpose: a controller left to the garbage collector is torn down at
    some later point of some later test, in a random order with its windows and dialogs.
    """
    controller.shutdown()
    assert not controller.worker.running
    for widget in QApplication.topLevelWidgets():
        widget.close()
    if shiboken6.isValid(controller.welcome):  # qtbot may have deleted it already
        controller.welcome.deleteLater()
    controller.setParent(None)
    controller.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def unlock_through_dialog(qtbot: QtBot, controller: AppController, path: Path) -> None:
    """Open the vault at `path` the way a user does and wait for the main window."""
    controller.open_vault(path)
    dialog = controller.unlock_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.session is not None, timeout=10_000)
    assert controller.main_window is not None
    qtbot.addWidget(controller.main_window)


def _model_texts(view: QAbstractItemView) -> Iterator[str]:
    model = view.model()
    if model is None:
        return
    stack = [QModelIndex()]
    while stack:
        parent = stack.pop()
        for row in range(model.rowCount(parent)):
            try:
                columns = model.columnCount(parent)
            except TypeError:  # QListWidget's internal model hides columnCount: one column
                columns = 1
            for column in range(columns):
                index = model.index(row, column, parent)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.data(index, role)
                    if value is not None:
                        yield str(value)
            first = model.index(row, 0, parent)
            has_tree = columns > 1 or isinstance(view, QTreeView)
            if has_tree and model.rowCount(first) > 0:
                stack.append(first)


def widget_texts(widget: QWidget) -> Iterator[str]:
    """Every text a widget holds or shows: its own, its items', its model's."""
    yield widget.windowTitle()
    yield widget.toolTip()
    if isinstance(widget, QLabel | QAbstractButton):
        yield widget.text()
    if isinstance(widget, QLineEdit):
        yield widget.text()
        yield widget.placeholderText()
    if isinstance(widget, QTextEdit):
        yield widget.toPlainText()
    if isinstance(widget, QPlainTextEdit):
        yield widget.toPlainText()
    if isinstance(widget, QComboBox):
        yield from (widget.itemText(i) for i in range(widget.count()))
    if isinstance(widget, QGroupBox):
        yield widget.title()
    if isinstance(widget, QTabBar):
        for i in range(widget.count()):
            yield widget.tabText(i)
            yield widget.tabToolTip(i)
    if isinstance(widget, QAbstractItemView):
        yield from _model_texts(widget)


def leaks(fragments: tuple[str, ...], *, visible_only: bool) -> list[tuple[str, str]]:
    """(widget class, fragment) for every widget whose text holds one of `fragments`."""
    found = []
    for widget in QApplication.allWidgets():
        if visible_only and not widget.isVisible():
            continue
        for text in widget_texts(widget):
            for fragment in fragments:
                if text and fragment.casefold() in text.casefold():
                    found.append((type(widget).__name__, fragment))
    return found
