"""Every page of the main window and every dialog fits a 1280x720 laptop screen.

Opens each page at 1280x720 logical pixels (1366x768, or 1920x1080 at 150 %) and each
dialog at its own size, and asserts with `layout_check.fit_problems` that every visible
button and label lies inside the window and that no button caption is cut.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from casustafel.db import thread_guard
from casustafel.db.vault import Vault
from casustafel.domain.model import CaseStatus, TableCode
from casustafel.services import cases, sittings
from casustafel.services.sitting_print import DocumentKind
from casustafel.services.sitting_values import SittingStatus
from casustafel.ui.navigation import PAGES
from casustafel.ui.views import case_actions
from casustafel.ui.views.agenda_case_dialog import CaseSearchDialog
from casustafel.ui.views.case_edit_dialog import CaseEditDialog
from casustafel.ui.views.case_form import CaseForm
from casustafel.ui.views.close_dialog import CloseDialog, CloseMode
from casustafel.ui.views.export_dialog import ExportDialog
from casustafel.ui.views.intervention_dialog import InterventionDialog
from casustafel.ui.views.item_correction_dialog import ItemCorrectionDialog, read_for_correction
from casustafel.ui.views.print_dialog import PrintDialog
from casustafel.ui.views.proposal_dialog import ProposalDialog
from casustafel.ui.views.rhythm_dialog import RhythmDialog
from casustafel.ui.views.settings_view import SettingsDialog
from casustafel.ui.views.signal_form import SignalForm
from casustafel.ui.views.sitting_dialog import SittingDialog, read_plan_defaults
from casustafel.ui.views.step_dialog import StepDialog

from .layout_check import LAPTOP, fit_problems, show_at
from .window_helpers import main_window

# Pages whose content is taller than 1280x720 allows and that therefore scroll inside the
# page area (the window itself stays within the screen). Monitoring: four charts of 250 px
# and the block table need about 810 px (issue 16's screen; noted for its owner).
SCROLLING_PAGES = frozenset({"monitoring"})


@pytest.mark.slow
def test_every_page_fits_1280x720(qtbot: QtBot, demo_vault: Vault) -> None:
    with main_window(qtbot, demo_vault) as window:
        show_at(window)
        problems: dict[str, list[str]] = {}
        scroll = window.documents.overview_scroll
        for page in PAGES:
            view = window.show_page(page.key)
            assert view is not None
            QApplication.processEvents()
            if page.key in SCROLLING_PAGES:
                assert window.size() == LAPTOP, page.key
                assert scroll.verticalScrollBar().isVisible(), page.key
                continue
            if found := fit_problems(window):
                problems[page.key] = found
        # The sittings page last seen must not keep the window wide (the old 1453 px).
        window.show_page("mywork")
        QApplication.processEvents()
        assert window.minimumSizeHint().width() <= LAPTOP.width()
        assert window.width() <= LAPTOP.width()
        running = [
            c
            for c in cases.list_case_summaries(demo_vault)
            if c.status is CaseStatus.IN_BEHANDELING
        ]
        window.open_case(running[0].id)
        QApplication.processEvents()
        if found := fit_problems(window):
            problems["case file"] = found
        assert problems == {}


def _dialogs(window: QWidget, vault: Vault) -> list[QDialog]:
    session = window.session  # type: ignore[attr-defined]
    case_id = next(
        c.id
        for c in cases.list_case_summaries(vault)
        if c.status is CaseStatus.IN_BEHANDELING and c.table is TableCode.WO
    )
    case_file = cases.get_case_file(vault, case_id)
    listed = sittings.list_sittings(vault, TableCode.WO)
    planned = next(s for s in listed if s.status is not SittingStatus.GESLOTEN)
    closed = next(s for s in listed if s.status is SittingStatus.GESLOTEN)
    # What the screens read in a QueryOp before opening these dialogs, read here directly.
    with thread_guard.allowed():
        plan_day = read_plan_defaults(vault, TableCode.WO)[1]
        correction = read_for_correction(vault, closed.id)
        proposed = case_actions.proposal_of(vault, case_id)
    return [
        SittingDialog(session, TableCode.WO, plan_day, parent=window),
        SittingDialog(session, TableCode.WO, parent=window, sitting=planned),
        RhythmDialog(
            session, TableCode.WO, parent=window, current=sittings.get_rhythm(vault, TableCode.WO)
        ),
        PrintDialog(session, planned, DocumentKind.AGENDA, parent=window),
        CaseSearchDialog(session, TableCode.WO, parent=window),
        ItemCorrectionDialog(session, *correction, parent=window),
        ProposalDialog(session, case_file, parent=window, proposed=proposed),
        CaseEditDialog(session, case_file, parent=window),
        StepDialog(session, case_file, parent=window),
        CloseDialog(session, case_file, CloseMode.CLOSE, parent=window),
        InterventionDialog(session, TableCode.WO, case_id, parent=window),
        CaseForm(session, TableCode.WO, parent=window),
        SignalForm(session, TableCode.WO, parent=window),
        SettingsDialog(session, parent=window, original=vault.settings()),
        ExportDialog(session, window, worker=window.worker),  # type: ignore[attr-defined]
    ]


@pytest.mark.slow
def test_every_dialog_fits_1280x720(qtbot: QtBot, demo_vault: Vault) -> None:
    with main_window(qtbot, demo_vault) as window:
        show_at(window)
        problems: dict[str, list[str]] = {}
        for dialog in _dialogs(window, demo_vault):
            show_at(dialog)
            if found := fit_problems(dialog):
                problems[dialog.windowTitle()] = found
            dialog.reject()
            dialog.deleteLater()
        assert problems == {}


def test_default_geometry_never_exceeds_the_screen() -> None:
    from PySide6.QtCore import QRect

    from casustafel.ui.main_window import default_geometry

    big = default_geometry(QRect(0, 0, 1920, 1040))
    assert (big.width(), big.height()) == (1280, 800)
    assert QRect(0, 0, 1920, 1040).contains(big)
    laptop = QRect(0, 0, 1366, 728)  # 1366x768 minus a 40 px task bar
    fitted = default_geometry(laptop)
    assert laptop.contains(fitted) and fitted.height() <= 728 - 40
    scaled = QRect(0, 0, 1280, 680)  # 1920x1080 at 150 %, minus a task bar
    assert scaled.contains(default_geometry(scaled))
