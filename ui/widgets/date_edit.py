"""A date field in the Dutch way: typed as `23-11-2026`, confirmed as "maandag 23 november 2026".

Short forms are welcome (`23112026`, `23-11`, `2311`: the domain's `parse_dutch_date`
completes them) and the field shows the full date once the user leaves it; `text()` always
gives the completed `dd-mm-jjjj`, so forms that read the text see a full date.

`QDateEdit` cannot be empty and follows the OS locale; case work has many optional dates
(birth date unknown, no due date yet) and must look the same on every machine, so this
is a validated line edit with a calendar button, reading dates with the domain's parser.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import qtawesome
from PySide6.QtCore import QDate, QLocale, Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from casustafel.domain.date_input import parse_dutch_date
from casustafel.domain.names import format_date, format_date_long
from casustafel.domain.validation import check_date
from casustafel.errors import ValidationError
from casustafel.i18n import _

from .validated_line_edit import ValidatedLineEdit

__all__ = ["DutchDateEdit"]

DUTCH = QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands)


class DutchDateEdit(ValidatedLineEdit):
    """A date field (`dd-mm-jjjj`) with a calendar pop-up and the date in words beside it.

    Args:
        check: the rule for this date, e.g. `check_birth_date`; default: any real date.
        required: whether an empty field is a mistake.
        future: a date typed without a year is the next such day (planning), not this year's.
        parent: Qt parent.
    """

    def __init__(
        self,
        check: Callable[[str], str | None] | None = None,
        *,
        required: bool = False,
        future: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        rule = check or check_date
        self._required = required
        self._future = future

        def checked(text: str) -> str | None:
            if not text.strip():
                return _("Vul een datum in.") if required else None
            return rule(self._completed(text))

        super().__init__(checked, _("dd-mm-jjjj"), parent)
        self.line_edit.setMaxLength(10)
        self.line_edit.setToolTip(_("Datum als dag-maand-jaar, bijvoorbeeld 23-11-2026"))
        self.words_label = QLabel(self)
        self.words_label.setStyleSheet("color: palette(placeholder-text);")
        self._calendar_button = QToolButton(self)
        self._calendar_button.setIcon(qtawesome.icon("mdi6.calendar-month-outline"))
        self._calendar_button.setAccessibleName(_("Kalender"))
        self._calendar_button.setToolTip(_("Kies een datum in de kalender (Alt+Omlaag)"))
        self._calendar_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._calendar = QCalendarWidget()
        self._calendar.setLocale(DUTCH)
        self._calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self._calendar.setGridVisible(False)
        menu = QMenu(self._calendar_button)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self._calendar)
        menu.addAction(action)
        self._menu = menu
        self._calendar_button.setMenu(menu)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        layout = self.layout()
        assert layout is not None
        layout.removeWidget(self.line_edit)
        row.addWidget(self.line_edit, 0)
        row.addWidget(self._calendar_button, 0)
        row.addWidget(self.words_label, 1)
        layout.insertItem(0, row)  # type: ignore[attr-defined]
        self.line_edit.setMinimumWidth(
            self.line_edit.fontMetrics().horizontalAdvance("00-00-00000")
        )
        shortcut = QShortcut(QKeySequence("Alt+Down"), self.line_edit)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(self.open_calendar)
        self._calendar.clicked.connect(self._on_calendar_clicked)
        self.line_edit.textChanged.connect(self._on_line_edit_text_changed)
        self.line_edit.editingFinished.connect(self._on_line_edit_editing_finished)

    def _parsed(self, text: str) -> dt.date | None:
        try:
            return parse_dutch_date(text, future=self._future) if text.strip() else None
        except ValidationError:
            return None

    def _completed(self, text: str) -> str:
        day = self._parsed(text)
        return format_date(day) if day is not None else text

    def text(self) -> str:
        """The text as a full `dd-mm-jjjj` when it reads as a date, else as typed."""
        return self._completed(self.line_edit.text())

    def date(self) -> dt.date | None:
        """The date typed, or None when the field is empty or not a valid date."""
        return self._parsed(self.line_edit.text())

    def set_date(self, value: dt.date | None) -> None:
        self.setText(format_date(value) if value else "")

    def open_calendar(self) -> None:
        """Open the calendar at the typed date (or today); bound to Alt+Down."""
        chosen = self.date() or dt.date.today()
        self._calendar.setSelectedDate(QDate(chosen.year, chosen.month, chosen.day))
        self._calendar_button.showMenu()

    @Slot(QDate)
    def _on_calendar_clicked(self, day: QDate) -> None:
        self.set_date(dt.date(day.year(), day.month(), day.day()))
        self._menu.close()
        self.line_edit.setFocus()

    @Slot()
    def _on_line_edit_editing_finished(self) -> None:
        completed = self.text()
        if completed != self.line_edit.text():
            self.line_edit.setText(completed)  # show what was understood

    @Slot(str)
    def _on_line_edit_text_changed(self, _text: str) -> None:
        day = self.date()
        self.words_label.setText(format_date_long(day, weekday=True) if day else "")
