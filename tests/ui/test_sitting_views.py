"""The sittings screen and agenda editor on a real vault, and a qtmodeltester check per model."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pypdf
import pytest
from pytestqt.qtbot import QtBot

from casustafel.db.vault import Vault
from casustafel.domain.model import TableCode
from casustafel.reports.sitting_data import Variant
from casustafel.services import sittings
from casustafel.services.sitting_print import DocumentKind
from casustafel.services.sitting_values import SittingPlan
from casustafel.ui.models.agenda_model import AgendaModel, item_numbers
from casustafel.ui.models.sitting_list_model import SittingListModel
from casustafel.ui.session import AppSession
from casustafel.ui.views.sitting_agenda_editor import AgendaEditor
from casustafel.ui.views.sitting_list_view import SittingsView
from tests.services.sitting_fixtures import PERSONAL_STRINGS, SITTING_DAY, TODAY, seed


@pytest.fixture
def session(vault: Vault) -> AppSession:
    return AppSession(vault)


def test_models_pass_qtmodeltester(qtmodeltester: object, session: AppSession) -> None:
    seeded = seed(session.vault)
    sittings.compose_agenda(session.vault, seeded.sitting_id, TODAY)
    sittings.add_free_item(session.vault, seeded.sitting_id, "opening", "Mededelingen")
    agenda = AgendaModel()
    agenda.set_records(sittings.agenda(session.vault, seeded.sitting_id))
    qtmodeltester.check(agenda)  # type: ignore[attr-defined]
    listing = SittingListModel()
    listing.set_records(sittings.list_sittings(session.vault))
    qtmodeltester.check(listing)  # type: ignore[attr-defined]
    # Numbers follow the printed frame: the opening item is 1.1, new cases start at 5.1.
    numbers = sorted(item_numbers(agenda.records()).values())
    assert numbers[0] == "1.1" and "5.1" in numbers and "7.1" in numbers


def test_editor_composes_reorders_and_edits(qtbot: QtBot, session: AppSession) -> None:
    seeded = seed(session.vault)
    editor = AgendaEditor(session, seeded.sitting_id)
    qtbot.addWidget(editor)
    assert editor.model.rowCount() == 0
    editor.compose()
    assert editor.model.rowCount() == 3
    assert editor.add_case_by_number("wo-2026-9999") is False
    assert "bestaat niet" in editor.banner.text()
    assert editor.add_free("rondvraag", "Nieuwe wijkagent")
    # Move the last running case up within its section: nothing crosses a section.
    running = [e for e in editor.model.records() if e.section == "lopende_casussen"]
    editor.view.selectRow(editor.model.row_of(running[0].id) or 0)
    editor.move_up()  # first of its section: stays
    assert [e.id for e in editor.model.records() if e.section == "lopende_casussen"] == [
        e.id for e in running
    ]
    # The question is saved shortly after typing stops.
    editor.view.selectRow(0)
    editor.question.setPlainText("Wie neemt de regie?")
    qtbot.waitUntil(
        lambda: (
            sittings.agenda(session.vault, seeded.sitting_id)[0].question == "Wie neemt de regie?"
        ),
        timeout=3000,
    )
    first_id = editor.model.record(0).id
    editor.remove_current()
    assert first_id not in [e.id for e in sittings.agenda(session.vault, seeded.sitting_id)]


def test_sittings_view_plans_prints_and_asks_for_meeting_mode(
    qtbot: QtBot, session: AppSession, tmp_path: Path
) -> None:
    seeded = seed(session.vault)
    sittings.compose_agenda(session.vault, seeded.sitting_id, TODAY)
    sittings.plan_sitting(
        session.vault, SittingPlan(TableCode.OM, SITTING_DAY + dt.timedelta(days=3)), today=TODAY
    )
    view = SittingsView(session, table=TableCode.WO)
    qtbot.addWidget(view)
    assert view.model.rowCount() == 1
    assert view.selected is not None and view.selected.id == seeded.sitting_id
    assert view.editor is not None and view.editor.model.rowCount() == 3
    assert view.plan_from_rhythm() == []
    assert "ritme" in view.banner.text()
    target = tmp_path / "agenda.pdf"
    with qtbot.waitSignal(view.print_finished):
        view.print_to(DocumentKind.AGENDA, Variant.VERSPREID, target)
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(target).pages)
    assert "Agenda casustafel Woonoverlast" in text
    assert [s for s in PERSONAL_STRINGS if s in text] == []
    with qtbot.waitSignal(view.meeting_requested) as blocker:
        view.meeting_button.click()
    assert blocker.args == [seeded.sitting_id]
    view.table_choice.setCurrentIndex(0)  # all tables
    assert view.model.rowCount() == 2
    session.lock()
    assert view.model.rowCount() == 0
