"""The sittings screen's dialogs on a real vault: rhythm, printing for partners, corrections."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from pytestqt.qtbot import QtBot

from casustafel.db.vault import Vault
from casustafel.domain.agenda_rules import RhythmKind
from casustafel.domain.model import TableCode
from casustafel.reports.sitting_data import Variant
from casustafel.services import sitting_records, sittings
from casustafel.services.sitting_print import DocumentKind
from casustafel.services.sitting_values import AgreementDraft, ItemRecord
from casustafel.ui.session import AppSession
from casustafel.ui.views.print_dialog import EACH_PARTNER, PrintDialog
from casustafel.ui.views.sitting_list_view import SittingsView
from casustafel.ui.worker import Worker
from tests.services.sitting_fixtures import PERSONAL_STRINGS, TODAY, Seeded, seed


@pytest.fixture
def session(vault: Vault) -> AppSession:
    return AppSession(vault)


@pytest.fixture
def worker() -> Iterator[Worker]:
    made = Worker()
    yield made
    made.shutdown()


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def _view(qtbot: QtBot, session: AppSession, worker: Worker | None = None) -> SittingsView:
    if worker is not None:
        session.worker = worker  # printing (and every other operation) runs on it
    view = SittingsView(session, table=TableCode.WO)
    qtbot.addWidget(view)
    if worker is not None:  # the list arrives from the worker
        qtbot.waitUntil(lambda: view.selected is not None, timeout=10_000)
    return view


def test_rhythm_is_set_previewed_used_and_removed(qtbot: QtBot, session: AppSession) -> None:
    view = _view(qtbot, session)
    dialog = view.edit_rhythm()
    assert dialog is not None
    assert dialog.kind is RhythmKind.EVERY_N_WEEKS
    # An anchor that is not a Tuesday is refused under its field; nothing is stored.
    monday = TODAY + dt.timedelta(days=7 - TODAY.weekday())
    dialog.weekday_combo.setCurrentIndex(1)  # dinsdag
    dialog.anchor_date.set_date(monday)
    assert "weekdag" in dialog.preview.text()
    dialog.save_button.click()
    assert dialog.isVisible() and "weekdag" in dialog.banner.text()
    assert sittings.get_rhythm(session.vault, TableCode.WO) is None
    # A Tuesday anchor: the preview lists three Tuesdays, two weeks apart (holidays aside).
    tuesday = monday + dt.timedelta(days=1)
    dialog.anchor_date.set_date(tuesday)
    dialog.place_edit.setText("Raadhuis, kamer 1")
    dialog.partners_list.item(0).setCheckState(dialog.partners_list.item(0).checkState().Checked)
    assert dialog.preview.text().count("dinsdag") >= 2
    with qtbot.waitSignal(dialog.accepted):
        dialog.save_button.click()
    stored = sittings.get_rhythm(session.vault, TableCode.WO)
    assert stored is not None
    assert (stored.weekday, stored.interval_weeks, stored.anchor) == (1, 2, tuesday)
    assert stored.place == "Raadhuis, kamer 1" and len(stored.partners) == 1
    planned = view.plan_from_rhythm()
    assert len(planned) == 1
    day = sittings.get_sitting(session.vault, planned[0]).date
    assert (day - tuesday).days % 14 in (0, 1)  # a holiday moves it to the next working day
    # Opening again shows what is stored; "Geen ritme" removes it.
    again = view.edit_rhythm()
    assert again is not None and again.anchor_date.date() == tuesday
    again.remove_button.click()
    assert again.removed and sittings.get_rhythm(session.vault, TableCode.WO) is None


def _seeded_view(
    qtbot: QtBot, session: AppSession, worker: Worker | None = None
) -> tuple[Seeded, SittingsView]:
    seeded = seed(session.vault)
    sittings.compose_agenda(session.vault, seeded.sitting_id, TODAY)
    entries = sittings.agenda(session.vault, seeded.sitting_id)
    # The first case is needed from the police only, the others from the GGZ only.
    for index, entry in enumerate(entries):
        needed = ("politie",) if index == 0 else ("ggz",)
        sittings.update_item(
            session.vault, entry.id, question="Wat is nodig?", partners_needed=needed
        )
    return seeded, _view(qtbot, session, worker)


def test_partner_copies_are_printed_on_the_worker(
    qtbot: QtBot, session: AppSession, worker: Worker, tmp_path: Path
) -> None:
    seeded, view = _seeded_view(qtbot, session, worker)
    entries = sittings.agenda(session.vault, seeded.sitting_id)
    dialog = view.ask_print(DocumentKind.AGENDA)
    assert isinstance(dialog, PrintDialog)
    # Recipients are the sitting's invited partners, by name; the chair's copy has none.
    names = [dialog.recipient_combo.itemText(i) for i in range(dialog.recipient_combo.count())]
    assert names[0] == "Alle deelnemers" and len(names) == 2 + 3
    dialog.variant_combo.setCurrentIndex(dialog.variant_combo.findData(Variant.VOORZITTER.value))
    assert dialog.recipient == "" and "persoonsgegevens" in dialog.note.text()
    dialog.variant_combo.setCurrentIndex(dialog.variant_combo.findData(Variant.VERSPREID.value))
    dialog.recipient_combo.setCurrentIndex(dialog.recipient_combo.findData("politie"))
    target = tmp_path / "voor-politie.pdf"
    dialog.path_edit.setText(str(target))
    with qtbot.waitSignal(view.print_finished, timeout=20000) as blocker:
        dialog.save_button.click()
    assert blocker.args == [str(target)]
    text = _text(target)
    assert "Voor: Politie" in text.replace("\n", " ") or "Politie" in text
    assert entries[0].case_number in text
    assert all(e.case_number not in text for e in entries[1:])
    assert [s for s in PERSONAL_STRINGS if s in text] == []

    # Every invited partner its own file, named by the partner's code.
    dialog = view.ask_print(DocumentKind.AGENDA)
    assert dialog is not None
    dialog.recipient_combo.setCurrentIndex(dialog.recipient_combo.findData(EACH_PARTNER))
    dialog.path_edit.setText(str(tmp_path / "agenda.pdf"))
    jobs = dialog.jobs()
    assert [job.partner for job in jobs] == ["politie", "lefier", "ggz"]
    with qtbot.waitSignals([view.print_finished] * 3, timeout=30000):
        dialog.save_button.click()
    for job in jobs:
        assert job.path.exists() and job.partner is not None and job.partner in job.path.name
    assert entries[0].case_number not in _text(jobs[2].path)  # the GGZ is not needed there


def test_action_list_has_only_the_distributed_variant_and_overwrite_asks_twice(
    qtbot: QtBot, session: AppSession, tmp_path: Path
) -> None:
    seeded, view = _seeded_view(qtbot, session)
    first = sittings.agenda(session.vault, seeded.sitting_id)[0]
    sitting_records.save_item_record(
        session.vault,
        first.id,
        ItemRecord(
            partners_present=("politie",),
            decision="Huisbezoek plannen.",
            agreements=(AgreementDraft("Huisbezoek", "politie", TODAY + dt.timedelta(days=20)),),
        ),
    )
    sitting = sittings.get_sitting(session.vault, seeded.sitting_id)
    dialog = PrintDialog(session, sitting, DocumentKind.ACTIELIJST, folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.variant is Variant.VERSPREID
    assert Path(dialog.path_edit.text()) == tmp_path / f"actielijst-WO-{sitting.number}.pdf"
    existing = Path(dialog.path_edit.text())
    existing.write_bytes(b"oud")
    dialog.save_button.click()
    assert dialog.isVisible() and "bestaat al" in dialog.banner.text()
    with qtbot.waitSignal(dialog.accepted):
        dialog.save_button.click()
    view.print_jobs(dialog.jobs())  # no worker here: printed directly
    assert "Huisbezoek" in _text(existing)


def test_correction_of_a_closed_sitting_points_to_the_original(
    qtbot: QtBot, session: AppSession
) -> None:
    seeded, view = _seeded_view(qtbot, session)
    item = sittings.agenda(session.vault, seeded.sitting_id)[0]
    sitting_records.save_item_record(
        session.vault, item.id, ItemRecord(partners_present=("politie",), decision="Eerst zorg.")
    )
    assert view.correct_item() is None  # an open sitting is edited in meeting mode
    assert not view.correct_action.isEnabled()
    sitting_records.close_sitting(session.vault, seeded.sitting_id)
    view.reload(seeded.sitting_id)
    assert view.correct_action.isEnabled()
    dialog = view.correct_item(item.id)
    assert dialog is not None
    assert dialog.entry is not None and dialog.entry.id == item.id
    assert dialog.form_widget.decision.toPlainText() == "Eerst zorg."
    dialog.form_widget.decision.setPlainText("Eerst zorg via het wijkteam.")
    dialog.save_button.click()  # no reason yet: refused, typed text kept
    assert dialog.isVisible() and "reden" in dialog.banner.text().lower()
    assert dialog.form_widget.decision.toPlainText() == "Eerst zorg via het wijkteam."
    dialog.reason.setPlainText("Besluit onvolledig genoteerd")
    with qtbot.waitSignal(dialog.accepted):
        dialog.save_button.click()
    assert dialog.correction_id is not None
    effective = {
        e.corrects_item_id or e.id: e for e in sittings.agenda(session.vault, seeded.sitting_id)
    }
    corrected = effective[item.id]
    assert corrected.id == dialog.correction_id and corrected.corrects_item_id == item.id
    assert corrected.record.decision == "Eerst zorg via het wijkteam."
    assert corrected.record.partners_present == ("politie",)
    # The editor shows the effective record once the dialog has gone.
    qtbot.waitUntil(
        lambda: view.editor is not None and view.editor.current_item_id() == corrected.id
    )
