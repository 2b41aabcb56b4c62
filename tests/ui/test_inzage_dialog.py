"""The access-request dialog on a real vault: search (never a list of all), requester, PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from casustafel.db.vault import Vault
from casustafel.domain.model import Person
from casustafel.services.audit_log import AuditFilter, query_log
from casustafel.ui.session import AppSession
from casustafel.ui.views.inzage_dialog import InzageDialog, suggested_file_name
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
    made = InzageDialog(session, worker)
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
    qtbot.keyClicks(dialog.requester, "Betrokkene zelf")
    assert dialog.produce_button.isEnabled()
    out = tmp_path / suggested_file_name(dt.date(2026, 11, 23))
    with qtbot.waitSignal(dialog.produced, timeout=20_000) as produced:
        dialog.produce(out)
    assert produced.args == [str(out)]
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert CANARY_PERSON.surname in text and CANARY_ADDRESS.street in text
    assert "De Vries" not in text and "Houtweg" not in text  # another case's subject
    exports = query_log(session.vault, AuditFilter(actions=frozenset({"export"})))
    assert any(e.object_kind == "inzage" and e.on_behalf_of == "Betrokkene zelf" for e in exports)
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
    assert not dialog.isVisible()
