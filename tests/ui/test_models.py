"""The case-screen models: Qt's model tester, Dutch sorting, filtering, overdue marking, speed."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from casustafel.db.vault import Vault
from casustafel.domain.model import CaseStatus, CaseSummary, TableCode
from casustafel.services.cases import get_case_file
from casustafel.ui.models.case_file_models import (
    interventions_model,
    links_model,
    notes_model,
    signals_model,
    subjects_model,
)
from casustafel.ui.models.case_table_model import CaseColumn, CaseTableModel, label_sort_key
from casustafel.ui.models.event_model import CaseEventModel
from casustafel.ui.session import AppSession

from .casedata import add_wo_case

TODAY = dt.date(2026, 11, 23)
STATUSES = list(CaseStatus)


def summary(i: int, **changes: object) -> CaseSummary:
    values: dict[str, object] = {
        "id": i,
        "number": f"WO-2026-{i:04d}",
        "table": TableCode.WO,
        "status": STATUSES[i % len(STATUSES)],
        "step": "ONDERZOEK",
        "area": "Emmerhout",
        "label": "J.d.V. (Emmerhout)",
        "lead_partner": "politie",
        "next_due": TODAY + dt.timedelta(days=(i % 7) - 3),
        "last_activity": TODAY - dt.timedelta(days=i % 30),
        "registered_on": TODAY - dt.timedelta(days=i),
    }
    values.update(changes)
    return CaseSummary(**values)  # type: ignore[arg-type]


def texts(model: CaseTableModel, column: CaseColumn) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_case_table_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = CaseTableModel(today=lambda: TODAY)
    model.set_cases([summary(i) for i in range(1, 40)], {3: "jansen kerkstraat 7811 ab"})
    qtmodeltester.check(model)
    model.set_filter_text("jansen")
    model.sort(CaseColumn.NEXT_DUE, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_case_rows_show_dutch_texts_and_mark_overdue_open_cases() -> None:
    model = CaseTableModel(today=lambda: TODAY)
    late = summary(1, next_due=dt.date(2026, 11, 20), status=CaseStatus.IN_BEHANDELING)
    closed_late = summary(2, next_due=dt.date(2026, 11, 20), status=CaseStatus.AFGESLOTEN)
    model.set_cases([late, closed_late])
    rows = {model.index(r, 0).data(): r for r in range(2)}
    due = model.index(rows["WO-2026-0001"], CaseColumn.NEXT_DUE)
    assert due.data() == "20-11-2026"
    assert due.data(CaseTableModel.OVERDUE_ROLE) is True
    assert due.data(Qt.ItemDataRole.ToolTipRole) == "Termijn verstreken"
    assert model.index(rows["WO-2026-0002"], 0).data(CaseTableModel.OVERDUE_ROLE) is False
    assert model.index(0, CaseColumn.STEP).data() == "1 Onderzoek"
    assert model.index(0, CaseColumn.LEAD).data() == "Politie (wijkagent)"


def test_labels_sort_by_surname_without_prefix() -> None:
    model = CaseTableModel(today=lambda: TODAY)
    labels = ["A.Z. (Angelslo)", "J.d.V. (Emmerhout)", "K.v.d.B. (Bargeres)", "M.A. (Emmen)"]
    model.set_cases([summary(i, label=text) for i, text in enumerate(labels, start=1)])
    model.sort(CaseColumn.LABEL, Qt.SortOrder.AscendingOrder)
    # Dutch registers: van den Berg under B, de Vries under V.
    assert texts(model, CaseColumn.LABEL) == [
        "M.A. (Emmen)",
        "K.v.d.B. (Bargeres)",
        "J.d.V. (Emmerhout)",
        "A.Z. (Angelslo)",
    ]
    assert label_sort_key("J.d.V. / M.B. +1 (Emmerhout)")[0] == "v"


def test_dates_sort_as_dates_with_empty_ones_last() -> None:
    model = CaseTableModel(today=lambda: TODAY)
    model.set_cases(
        [
            summary(1, next_due=dt.date(2026, 12, 1)),
            summary(2, next_due=None),
            summary(3, next_due=dt.date(2026, 2, 28)),
        ]
    )
    model.sort(CaseColumn.NEXT_DUE, Qt.SortOrder.AscendingOrder)
    assert texts(model, CaseColumn.NEXT_DUE) == ["28-02-2026", "01-12-2026", ""]


def test_filter_matches_every_word_in_number_label_area_and_personal_text() -> None:
    model = CaseTableModel(today=lambda: TODAY)
    model.set_cases(
        [summary(1), summary(2, area="Angelslo", label="P.B. (Angelslo)"), summary(3)],
        {1: "jan de vries houtweg 12 7823 pa 7823pa emmen", 3: "mila bakker"},
    )
    model.set_filter_text("Vries 7823")
    assert texts(model, CaseColumn.NUMBER) == ["WO-2026-0001"]
    model.set_filter_text("angelslo")
    assert texts(model, CaseColumn.NUMBER) == ["WO-2026-0002"]
    model.set_filter_text("wo-2026-0003")
    assert texts(model, CaseColumn.NUMBER) == ["WO-2026-0003"]
    model.set_filter_text("")
    assert model.rowCount() == 3


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["vr", "vries", "de", "7823", "em", "x", " "]), max_size=6))
def test_typing_and_deleting_gives_the_same_rows_as_filtering_afresh(words: list[str]) -> None:
    """The narrowing shortcut never changes the result: compare with a fresh model per text."""
    cases = [summary(i, area=["Emmerhout", "Angelslo"][i % 2]) for i in range(1, 30)]
    search = {i: ("jan de vries 7823 pa" if i % 3 else "kees bakker") for i in range(1, 30)}
    typed = CaseTableModel(today=lambda: TODAY)
    typed.set_cases(cases, search)
    text = ""
    for word in words:
        for char in word:
            text += char
            typed.set_filter_text(text)
            fresh = CaseTableModel(today=lambda: TODAY)
            fresh.set_cases(cases, search)
            fresh.set_filter_text(text)
            assert texts(typed, CaseColumn.NUMBER) == texts(fresh, CaseColumn.NUMBER)


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


@pytest.mark.slow
def test_filter_keystroke_at_10000_cases_is_instant(qtbot: QtBot) -> None:
    """Typing in the filter with 10,000 cases on screen: p95 of a keystroke, view repaint included.

    The target is 30 ms; the assertion allows 100 ms, while a per-row Python filter (hundreds
    of ms) would fail it. Measured as this thread's CPU time, not wall time: other processes
    on a busy shared machine stretch the wall clock, not the work the keystroke costs.
    """
    cases = [summary(i, label=f"K.B. ({i % 40})") for i in range(1, 10_001)]
    search = {
        i: f"kees{i} bakker kerkstraat {i % 200} 78{i % 100:02d} ab emmen" for i in cases_ids()
    }
    model = CaseTableModel(today=lambda: TODAY)
    model.set_cases(cases, search)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(1200, 800)
    view.show()
    samples: list[float] = []
    for word in ("bakker", "kerkstraat 12", "7811", "wo-2026-01", "kees99"):
        typed = ""
        for text in [word[: i + 1] for i in range(len(word))] + [
            word[:i] for i in range(len(word) - 1, -1, -1)
        ]:
            start = time.thread_time()
            model.set_filter_text(text)
            view.viewport().repaint()
            samples.append(time.thread_time() - start)
            typed = text
        assert typed == ""
    p95 = _percentile(samples, 0.95) * 1000
    p50 = _percentile(samples, 0.5) * 1000
    print(f"filter keystroke at 10,000 cases: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    assert p95 < 100


def cases_ids() -> range:
    return range(1, 10_001)


ModelFactory = Callable[[AppSession], object]


@pytest.fixture
def case_file_models(vault: Vault) -> tuple[AppSession, int]:
    add_wo_case(vault)
    case_id = add_wo_case(vault, area="Angelslo")
    return AppSession(vault), case_id


def test_every_case_file_model_passes_the_model_tester(
    qtmodeltester: ModelTester, case_file_models: tuple[AppSession, int]
) -> None:
    session, case_id = case_file_models
    case_file = get_case_file(session.vault, case_id)
    subjects = subjects_model(session)
    subjects.set_records(case_file.subjects)
    events = CaseEventModel()
    events.set_events(case_file.events, TableCode.WO)
    links = links_model(lambda _id: "J.P.d.V.")
    links.set_records(case_file.links)
    interventions = interventions_model(lambda: TableCode.WO, lambda: TODAY, lambda: str)
    notes = notes_model(lambda: str)
    signals = signals_model(lambda: str)
    for model in (subjects, events, links, interventions, notes, signals):
        qtmodeltester.check(model)
    assert subjects.rowCount() == 1
    assert links.rowCount() == 1  # the other case with the same person
    assert events.index(0, 1).data() == "Aangemeld op stap 0 Melding"
    session.set_presentation_mode(True)
    assert subjects.index(0, 2).data() == "J.P.d.V."
    assert subjects.index(0, 4).data() == "•••"
    assert not subjects.index(0, 0).parent().isValid()
    assert subjects.index(0, 0, QModelIndex()).isValid()
