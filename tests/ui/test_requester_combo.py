"""The requester combo box: the fixed list by its Dutch labels, the code as its value."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from casustafel.domain.requesters import Requester
from casustafel.ui.widgets.requester_combo import RequesterCombo


def test_lists_the_empty_choice_then_every_requester_by_label(qtbot: QtBot) -> None:
    combo = RequesterCombo("Kies…")
    qtbot.addWidget(combo)
    assert not combo.isEditable()  # no free text can be typed into it
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Kies…",
        *(r.label for r in Requester),
    ]
    assert [combo.itemData(i) for i in range(combo.count())] == ["", *(r.value for r in Requester)]
    assert combo.requester() is None


def test_choosing_sets_and_reports_the_requester(qtbot: QtBot) -> None:
    combo = RequesterCombo("(niemand)")
    qtbot.addWidget(combo)
    with qtbot.waitSignal(combo.requester_changed) as changed:
        combo.set_requester(Requester.TOEZICHTHOUDER)
    assert changed.args == [Requester.TOEZICHTHOUDER]
    assert combo.requester() is Requester.TOEZICHTHOUDER
    assert combo.currentText() == "Toezichthouder (Autoriteit Persoonsgegevens)"
    with qtbot.waitSignal(combo.requester_changed) as changed:
        combo.clear_choice()
    assert changed.args == [None] and combo.requester() is None
    combo.set_requester(Requester.RECHTER)
    combo.set_requester(None)
    assert combo.currentIndex() == 0


def test_the_keyboard_picks_a_label_by_its_first_letters(qtbot: QtBot) -> None:
    combo = RequesterCombo("Kies…")
    qtbot.addWidget(combo)
    combo.show()
    combo.setFocus()
    qtbot.keyClicks(combo, "Rech")
    assert combo.requester() is Requester.RECHTER
