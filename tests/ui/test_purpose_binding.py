"""Other tables on the projector: no other table's case number, table name or role on screen.

A woonoverlast case shares its address with a mensenhandel case (the victim lives there). In
presentation mode the case file and "Mijn werk" are walked widget by widget: nothing of the
mensenhandel case may be visible. Outside presentation mode the link shows only its table,
and opening that case is a confirmed, audited act.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from casustafel.db.vault import Vault
from casustafel.domain.model import AuditAction, NewCase, Person, SubjectRole, TableCode
from casustafel.services.audit_log import AuditFilter, query_log
from casustafel.services.cases import get_case_file, register_case
from casustafel.ui.session import AppSession
from casustafel.ui.views.case_file_view import CaseFileView
from casustafel.ui.views.mywork_view import MyWorkView
from tests.ui.shell_helpers import widget_texts

from .casedata import add_wo_case, person_subject

TODAY = dt.date.today()


@pytest.fixture
def session(vault: Vault) -> AppSession:
    return AppSession(vault)


def _cases(vault: Vault) -> tuple[int, str]:
    """A quiet WO case and a quiet MH case at the same address; returns (WO id, MH number)."""
    wo = add_wo_case(vault, registered_on=TODAY - dt.timedelta(days=90))
    victim = person_subject(
        person=Person(surname="Kowalska", given_names="Ewa"), role=SubjectRole.SLACHTOFFER
    )
    mh = register_case(
        vault,
        NewCase(
            table=TableCode.MH,
            registered_on=TODAY - dt.timedelta(days=90),
            area="Emmerhout",
            lead_partner="ggd",
            subjects=(victim,),
        ),
    )
    return wo, get_case_file(vault, mh).header.number


def _visible_texts() -> str:
    return "\n".join(
        text
        for widget in QApplication.allWidgets()
        if widget.isVisible()
        for text in widget_texts(widget)
        if text
    )


def _other_table(texts: str, number: str) -> list[str]:
    return [f for f in (number, "MH-", "Mensenhandel", "Slachtoffer") if f in texts]


def test_presentation_mode_shows_nothing_of_another_table(
    qtbot: QtBot, session: AppSession
) -> None:
    wo, mh_number = _cases(session.vault)
    view = CaseFileView(session, wo)
    work = MyWorkView(session)
    for widget in (view, work):
        qtbot.addWidget(widget)
        widget.resize(1300, 800)
        widget.show()
    # Outside presentation mode the link is there, with its table only.
    texts = _visible_texts()
    assert "Mensenhandel" in texts and view.links_model.rowCount() == 1
    assert mh_number not in "\n".join(widget_texts(view.links_view))
    assert "Slachtoffer" not in "\n".join(widget_texts(view.links_view))
    assert mh_number in "\n".join(widget_texts(work.table_view))  # Mijn werk lists both tables

    session.set_presentation_mode(True)
    session.set_presented_table(TableCode.WO)
    for tab in range(view.tabs.count()):
        view.tabs.setCurrentIndex(tab)
        assert _other_table(_visible_texts(), mh_number) == []
    assert not view.links_view.isVisible() and view.links_model.rowCount() == 0
    assert work.model.rowCount() >= 1  # the woonoverlast line stays: the filter is not blind
    # Presenting without a sitting's table: every table is another table's context.
    session.set_presented_table(None)
    assert work.model.rowCount() == 0
    session.set_presentation_mode(False)
    assert view.links_view.isVisible() and view.links_model.rowCount() == 1


def test_opening_another_tables_case_is_confirmed_and_audited(
    qtbot: QtBot, session: AppSession
) -> None:
    wo, _number = _cases(session.vault)
    view = CaseFileView(session, wo)
    qtbot.addWidget(view)
    view.show()
    opened: list[int] = []
    view.case_open_requested.connect(opened.append)
    box = view.open_link(0)
    assert isinstance(box, QMessageBox) and "Mensenhandel" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert opened == []
    box = view.open_link(0)
    assert box is not None
    with qtbot.waitSignal(view.case_open_requested, timeout=5000):
        box.button(QMessageBox.StandardButton.Open).click()
    lines = query_log(session.vault, AuditFilter(actions=frozenset({AuditAction.READ})))
    link_reads = [line for line in lines if line.object_kind == "case_link"]
    assert len(link_reads) == 1 and "van=WO naar=MH" in link_reads[0].detail
    assert link_reads[0].case_id == opened[0] and link_reads[0].object_id == wo
