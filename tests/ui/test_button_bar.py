"""ButtonBar: full captions when they fit, short ones (never cut off) when they don't."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from casustafel.ui.widgets.button_bar import ButtonBar


def _bar(qtbot: QtBot) -> tuple[ButtonBar, list[QPushButton]]:
    buttons = [QPushButton(text) for text in ("◀ Vorige", "Zitting &sluiten…", "Verlaten")]
    bar = ButtonBar(((buttons[0], "◀"),), ((buttons[1], "&Sluiten…"), (buttons[2], "Weg")))
    qtbot.addWidget(bar)
    return bar, buttons


def test_wide_bar_shows_full_captions(qtbot: QtBot) -> None:
    bar, buttons = _bar(qtbot)
    bar.resize(900, 40)
    bar.show()
    qtbot.waitExposed(bar)
    assert not bar.compact
    assert [b.text() for b in buttons] == ["◀ Vorige", "Zitting &sluiten…", "Verlaten"]


def test_narrow_bar_shows_short_captions_that_fit_and_keeps_the_full_one_as_tooltip(
    qtbot: QtBot,
) -> None:
    bar, buttons = _bar(qtbot)
    bar.show()
    qtbot.waitExposed(bar)
    bar.resize(bar.minimumSizeHint().width(), 40)
    qtbot.waitUntil(lambda: bar.compact)
    assert [b.text() for b in buttons] == ["◀", "&Sluiten…", "Weg"]
    assert buttons[1].toolTip() == "Zitting sluiten…"
    for button in buttons:  # every button lies wholly inside the bar
        assert button.geometry().right() < bar.width()
        width = button.fontMetrics().horizontalAdvance(button.text().replace("&", ""))
        assert button.width() > width
    bar.resize(900, 40)
    qtbot.waitUntil(lambda: not bar.compact)
    assert buttons[0].text() == "◀ Vorige"
