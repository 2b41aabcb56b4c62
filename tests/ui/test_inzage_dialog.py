"""The data-subject rights dialog on a real vault: search (never a list of all), requester,
access-request PDF, correction and erasure on request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from casustafel.db import models, thread_guard
from casustafel.db.vault import Vault
from casustafel.domain.model import Person
from casustafel.domain.requesters import Requester
from casustafel.services.audit_log import AuditFilter, AuditLine, query_log
from casustafel.services.inzage import erase_subject
from casustafel.ui.session import AppSession
from casustafel.ui.views.inzage_dialog import InzageDialog, suggested_file_name
from casustafel.ui.views.subject_correction_dialog import SubjectCorrectionDialog
from casustafel.ui.worker import Worker
from tests.ui.casedata import add_wo_case, person_subject

from .shell_helpers import CANARY_ADDRESS, CANARY_PERSON, seed_canary_case


@pytest.fixture
def worker() -> Iterator[Worker]:
    made = Worker()
    yield made
    made.shutdown()


@pytest.fixture
def session(vault: Vault) -> AppSession:
    seed_canary_case(vault)
    add_wo_case(vault)
    return AppSession(vault)


@pytest.fixture
def dialog(qtbot: QtBot, session: AppSession, worker: Worker) -> InzageDialog:
    made = InzageDialog(session)
    qtbot.addWidget(made)
    made.show()
    return made


def test_no_list_of_all_names_without_a_search(qtbot: QtBot, dialog: InzageDialog) -> None:
    assert dialog.model.rowCount() == 0
    dialog.search()  # empty
    assert dialog.model.rowCount() == 0 and "minstens 3 tekens" in dialog.banner.text()
    dialog.query.setText("a")
    dialog.search()
    assert dialog.model.rowCount() == 0
    assert not dialog.produce_button.isEnabled()


def test_search_by_name_bsn_birth_date_or_postcode(qtbot: QtBot, dialog: InzageDialog) -> None:
    for query in ("quastenbroek", "734561209", "23-07-1981", "7824xk", "Xylofoonia van"):
        dialog.query.clear()
        qtbot.keyClicks(dialog.query, query)
        qtbot.keyClick(dialog.query, "\r")
        assert dialog.model.rowCount() == 1, query
        assert "Quastenbroek" in dialog.model.index(0, 0).data()
        assert dialog.model.index(0, 1).data() == "23-07-1981"
    assert dialog.chosen is not None  # one hit is selected for you


def test_pdf_needs_a_requester_and_is_made_in_the_background(
    qtbot: QtBot, dialog: InzageDialog, session: AppSession, tmp_path: Path
) -> None:
    qtbot.keyClicks(dialog.query, "Quastenbroek")
    dialog.search()
    assert not dialog.produce_button.isEnabled()  # no requester yet
    assert not dialog.requester.isEditable()  # a choice from the list, never typed text
    qtbot.keyClicks(dialog.requester, "De")  # the keyboard finds a label by its start
    assert dialog.requester.requester() is Requester.BETROKKENE
    assert dialog.produce_button.isEnabled()
    out = tmp_path / suggested_file_name(dt.date(2026, 11, 23))
    with qtbot.waitSignal(dialog.produced, timeout=20_000) as produced:
        dialog.produce(out)
    assert produced.args == [str(out)]
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert CANARY_PERSON.surname in text and CANARY_ADDRESS.street in text
    assert "De Vries" not in text and "Houtweg" not in text  # another case's subject
    exports = query_log(session.vault, AuditFilter(actions=frozenset({"export"})))
    assert any(e.object_kind == "inzage" and e.on_behalf_of == "betrokkene" for e in exports)
    searches = query_log(session.vault, AuditFilter(actions=frozenset({"search"})))
    assert searches and all("Quastenbroek" not in s.detail for s in searches)


def test_suggested_file_name_holds_no_personal_data() -> None:
    name = suggested_file_name(dt.date(2026, 11, 23))
    assert name == "inzageverzoek-2026-11-23.pdf"


def test_presentation_mode_masks_the_hits(dialog: InzageDialog, session: AppSession) -> None:
    dialog.query.setText("Quastenbroek")
    dialog.search()
    session.set_presentation_mode(True)
    shown = [dialog.model.index(0, c).data() for c in range(3)]
    assert "Quastenbroek" not in shown[0] and shown[0].startswith("X.")
    assert "1981" not in shown[1] and CANARY_ADDRESS.street not in shown[2]


def test_homonyms_are_told_apart_and_lock_empties(
    dialog: InzageDialog, session: AppSession
) -> None:
    from casustafel.services.cases import add_subject
    from tests.ui.casedata import add_wo_case as another_case

    other = Person(surname="Quastenbroek", given_names="Berend", birth_date=dt.date(1950, 1, 2))
    add_subject(session.vault, another_case(session.vault), person_subject(person=other))
    dialog.query.setText("Quastenbroek")
    dialog.search()
    assert dialog.model.rowCount() == 2 and dialog.chosen is None
    births = {dialog.model.index(r, 1).data() for r in range(2)}
    assert births == {"23-07-1981", "02-01-1950"}
    session.lock()
    assert dialog.model.rowCount() == 0 and dialog.query.text() == ""
    assert dialog.requester.requester() is None
    assert not dialog.isVisible()


def _choose_canary(qtbot: QtBot, dialog: InzageDialog, requester: Requester) -> int:
    dialog.query.setText("Quastenbroek")
    dialog.search()
    dialog.requester.set_requester(requester)
    assert dialog.chosen is not None
    return dialog.chosen.id


def _audit(session: AppSession, action: str, subject_id: int) -> list[AuditLine]:
    found = query_log(
        session.vault, AuditFilter(actions=frozenset({action}), subject_id=subject_id)
    )
    return list(found)


def test_correction_on_request_needs_a_requester_and_is_written_on_the_worker(
    qtbot: QtBot, dialog: InzageDialog, session: AppSession
) -> None:
    dialog.query.setText("Quastenbroek")
    dialog.search()
    assert not dialog.correct_button.isEnabled()  # no requester yet
    subject_id = _choose_canary(qtbot, dialog, Requester.GEMACHTIGDE)
    assert dialog.correct_button.isEnabled()
    editor = dialog.ask_correct()
    assert isinstance(editor, SubjectCorrectionDialog) and editor.isVisible()
    assert editor.surname.text() == "Quastenbroek"
    assert editor.requester.requester() is Requester.GEMACHTIGDE  # carried over
    assert editor.requester.currentText() == "Advocaat of andere gemachtigde"
    reads = _audit(session, "read", subject_id)
    assert [r.on_behalf_of for r in reads if r.object_kind == "subject"] == ["gemachtigde"]

    # No requester: refused next to the field, nothing written, everything typed kept.
    editor.surname.setText("Quastenbroek-Zeegers")
    editor.requester.clear_choice()
    editor.save_button.click()
    assert editor.isVisible() and "op wiens verzoek" in editor.banner.text()
    assert editor.surname.text() == "Quastenbroek-Zeegers"
    # A BSN that fails the elfproef is refused as typed, before anything is sent.
    editor.requester.set_requester(Requester.WETTELIJK_VERTEGENWOORDIGER)
    editor.bsn.setText("123456789")
    editor.save_button.click()
    assert editor.isVisible() and not editor.busy
    assert _audit(session, "correct", subject_id) == []

    editor.bsn.setText("734561209")
    with qtbot.waitSignal(dialog.corrected, timeout=20_000) as corrected:
        editor.save_button.click()
    assert corrected.args == [subject_id]
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert "achternaam" in dialog.status.text()
    assert "Quastenbroek-Zeegers" in dialog.model.index(0, 0).data()  # searched again
    entries = _audit(session, "correct", subject_id)
    assert [(e.on_behalf_of, e.detail) for e in entries] == [
        ("wettelijk_vertegenwoordiger", "fields=surname")
    ]


def test_every_action_waits_for_a_requester_from_the_list(
    qtbot: QtBot, dialog: InzageDialog
) -> None:
    _choose_canary(qtbot, dialog, Requester.TOEZICHTHOUDER)
    buttons = (dialog.produce_button, dialog.correct_button, dialog.erase_button)
    assert all(b.isEnabled() for b in buttons)
    dialog.requester.clear_choice()  # back to "kies…"
    assert not any(b.isEnabled() for b in buttons)
    assert dialog.ask_correct() is None and dialog.ask_erase() is None


def test_correction_is_not_offered_while_presenting(
    qtbot: QtBot, dialog: InzageDialog, session: AppSession
) -> None:
    _choose_canary(qtbot, dialog, Requester.BETROKKENE)
    session.set_presentation_mode(True)
    assert not dialog.correct_button.isEnabled()
    assert dialog.ask_correct() is None
    assert dialog.erase_button.isEnabled()  # erasing shows no personal field
    session.set_presentation_mode(False)
    assert dialog.correct_button.isEnabled()


def test_erasure_on_request_is_confirmed_and_keeps_the_statistics(
    qtbot: QtBot, dialog: InzageDialog, session: AppSession
) -> None:
    assert not dialog.erase_button.isEnabled()
    subject_id = _choose_canary(qtbot, dialog, Requester.BETROKKENE)
    with session.vault.unit_of_work() as tx:
        stats_before = tx.session.scalar(select(func.count()).select_from(models.StatRecord))
        cases_before = tx.session.scalar(select(func.count()).select_from(models.Case))

    box = dialog.ask_erase()
    assert box is not None and box.isVisible()
    said = f"{box.text()} {box.informativeText()}"
    assert "Quastenbroek" in said and "De betrokkene zelf" in said
    assert "anonieme statistiek" in said and "1 casus" in said
    box.reject()  # changed one's mind: nothing happens
    assert _audit(session, "erase", subject_id) == []
    dialog.search()
    assert dialog.model.rowCount() == 1

    box = dialog.ask_erase()
    assert box is not None
    with qtbot.waitSignal(dialog.erased, timeout=20_000) as erased:
        dialog.confirm_erase_button.click()
    assert erased.args == [subject_id]
    assert dialog.model.rowCount() == 0 and "anonieme statistiek" in dialog.status.text()
    dialog.search()
    assert dialog.model.rowCount() == 0
    with session.vault.unit_of_work() as tx:
        assert tx.session.get(models.Subject, subject_id) is None
        stats_after = tx.session.scalar(select(func.count()).select_from(models.StatRecord))
        cases_after = tx.session.scalar(select(func.count()).select_from(models.Case))
    assert (stats_after, cases_after) == (stats_before, cases_before)
    entries = _audit(session, "erase", subject_id)
    assert [(e.on_behalf_of, e.detail) for e in entries] == [("betrokkene", "case_links=1")]


def test_presentation_mode_masks_the_name_in_the_erase_question(
    qtbot: QtBot, dialog: InzageDialog, session: AppSession
) -> None:
    _choose_canary(qtbot, dialog, Requester.BETROKKENE)
    session.set_presentation_mode(True)
    box = dialog.ask_erase()
    assert box is not None
    assert "Quastenbroek" not in box.text() and "Xylofoonia" not in box.text()
    box.reject()


def test_a_refusal_from_the_worker_keeps_the_correction_open(
    qtbot: QtBot, dialog: InzageDialog, session: AppSession
) -> None:
    subject_id = _choose_canary(qtbot, dialog, Requester.BETROKKENE)
    editor = dialog.ask_correct()
    assert editor is not None
    editor.phone.setText("0611111111")
    erase_subject(session.vault, subject_id, on_behalf_of=Requester.BETROKKENE)  # meanwhile
    editor.save_button.click()
    qtbot.waitUntil(lambda: not editor.busy, timeout=20_000)
    assert editor.isVisible() and "bestaat niet" in editor.banner.text()
    assert editor.phone.text() == "0611111111" and editor.save_button.isEnabled()


def test_search_and_correction_read_on_the_worker(
    qtbot: QtBot, vault: Vault, worker: Worker, vault_guard: None
) -> None:
    """With the guard raising, the search and the audited read for a correction run as
    operations; the correction dialog opens when the subject arrives."""
    with thread_guard.allowed():  # the test's own setup
        seed_canary_case(vault)
    session = AppSession(vault, worker=worker)
    dialog = InzageDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.query.setText("Quastenbroek")
    dialog.search()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=20_000)
    dialog.requester.set_requester(Requester.GEMACHTIGDE)
    assert dialog.ask_correct() is None  # not yet: it opens when the read returns
    qtbot.waitUntil(lambda: dialog.findChild(SubjectCorrectionDialog) is not None, timeout=20_000)
    editor = dialog.findChild(SubjectCorrectionDialog)
    assert isinstance(editor, SubjectCorrectionDialog)
    assert editor.surname.text() == "Quastenbroek"
    editor.reject()
