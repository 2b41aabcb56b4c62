"""Dialog to plan a sitting, or to move and change a planned one.

Date, time, duration, place, chair, minute-taker and invited partners. A new sitting is
proposed on the next date of the table's rhythm (without one: a week ahead), never on a
weekend or a Dutch public holiday; the date field takes `22-12-2026`, `22122026` or `22-12`
as well as the calendar, and warns (without refusing) when the typed day is not a working
day. Changing a sitting moves its agenda with it and keeps the numbering in date order.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTime, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from casustafel.db.vault import Vault
from casustafel.domain import catalogue
from casustafel.domain.agenda_rules import Rhythm
from casustafel.domain.changes import ChangeKind, OpChanges
from casustafel.domain.model import TableCode
from casustafel.domain.names import weekday_name
from casustafel.domain.workdays import DEFAULT_CALENDAR
from casustafel.i18n import _
from casustafel.services import sitting_planning, sittings
from casustafel.services.sitting_values import SittingPlan, SittingStatus, SittingSummary
from casustafel.ui.ops import CollectionOp
from casustafel.ui.session import AppSession
from casustafel.ui.widgets.date_edit import DutchDateEdit

__all__ = ["SittingDialog", "read_plan_defaults"]


def read_plan_defaults(
    vault: Vault, table: TableCode, today: dt.date | None = None
) -> tuple[Rhythm | None, dt.date]:
    """The table's rhythm and the date to propose for its next sitting (a read)."""
    taken = [
        s.date
        for s in sittings.list_sittings(vault, table)
        if s.status is not SittingStatus.GEANNULEERD
    ]
    day = sitting_planning.proposed_date(vault, table, today=today, taken=taken)
    return sittings.get_rhythm(vault, table), day


class SittingDialog(QDialog):
    """Plan a new sitting of `table`, or change `sitting`; `sitting_id` is set on accept.

    Signals:
        saved(int): the sitting with this id was planned or changed (before `accepted`).

    Args:
        session: the unlocked session.
        table: the table of the sitting.
        day: the date to propose for a new sitting: the caller reads it with
            `read_plan_defaults` in a `QueryOp` (a dialog never reads the vault itself).
        parent: Qt parent.
        sitting: a planned sitting to move or change instead of planning a new one.
        rhythm: the table's rhythm, read with `day`.
    """

    saved = Signal(int)

    def __init__(
        self,
        session: AppSession,
        table: TableCode,
        day: dt.date | None = None,
        parent: QWidget | None = None,
        *,
        sitting: SittingSummary | None = None,
        rhythm: Rhythm | None = None,
    ) -> None:
        if day is None and sitting is None:
            raise TypeError("a new sitting's day comes from read_plan_defaults, run on the worker")
        super().__init__(parent)
        self._session = session
        self._table = table
        self._existing = sitting
        self.sitting_id: int | None = sitting.id if sitting else None
        if sitting is None:
            self.setWindowTitle(_("Zitting plannen — {table}").format(table=table.label))
        else:
            self.setWindowTitle(
                _("Zitting {number} verplaatsen of wijzigen").format(number=sitting.number)
            )
        self.date = DutchDateEdit(required=True, future=True, parent=self)
        self.date.set_date(sitting.date if sitting else day)
        self.day_note = QLabel(self)
        self.day_note.setStyleSheet("color: #8a5a00;")
        self.day_note.setWordWrap(True)
        start = sitting.starts_at.time() if sitting else (rhythm.start if rhythm else None)
        start = start or dt.time(9, 30)
        self.start = QTimeEdit(QTime(start.hour, start.minute), self)
        self.start.setDisplayFormat("HH:mm")
        self.duration = QSpinBox(self)
        self.duration.setRange(15, 480)
        self.duration.setSingleStep(15)
        self.duration.setSuffix(_(" minuten"))
        length = sitting.duration_minutes if sitting else (rhythm.duration_minutes if rhythm else 0)
        self.duration.setValue(length or 120)
        place = sitting.place if sitting else (rhythm.place if rhythm else "")
        self.place = QLineEdit(place, self)
        self.chair = QLineEdit(sitting.chair if sitting else "", self)
        self.chair.setPlaceholderText(_("functie of naam van de voorzitter"))
        self.minute_taker = QLineEdit(sitting.minute_taker if sitting else "", self)
        self.partners = QListWidget(self)
        self.partners.setMaximumHeight(self.fontMetrics().height() * 9)
        if sitting is not None:
            invited = set(sitting.invited_partners)
        else:
            invited = set(rhythm.partners) if rhythm else set()
        for partner in catalogue.table_definition(table).partners:
            item = QListWidgetItem(partner.name, self.partners)
            item.setData(Qt.ItemDataRole.UserRole, partner.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = partner.code in invited
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.banner = QLabel(self)
        self.banner.setStyleSheet("color: #b3261e;")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        form = QFormLayout()
        form.addRow(_("&Datum"), self.date)
        form.addRow("", self.day_note)
        form.addRow(_("&Aanvang"), self.start)
        form.addRow(_("Duu&r"), self.duration)
        form.addRow(_("&Plaats"), self.place)
        form.addRow(_("&Voorzitter"), self.chair)
        form.addRow(_("&Notulist"), self.minute_taker)
        form.addRow(_("&Uitgenodigd"), self.partners)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons = buttons
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.date.line_edit.textChanged.connect(self._on_date_text_changed)
        self._on_date_text_changed()
        session.locked.connect(self.reject)

    @Slot()
    def _on_date_text_changed(self) -> None:
        day = self.date.date()
        note = ""
        if day is not None:
            holiday = DEFAULT_CALENDAR.holiday_name(day)
            if holiday:
                note = _("Let op: {day} is een feestdag ({name}).").format(
                    day=weekday_name(day), name=holiday
                )
            elif day.weekday() >= 5:
                note = _("Let op: dit is een {day}.").format(day=weekday_name(day))
        self.day_note.setText(note)
        self.day_note.setVisible(bool(note))

    def plan(self) -> SittingPlan:
        """The sitting as entered (the date must be valid: see `_on_buttons_accepted`)."""
        day = self.date.date()
        assert day is not None
        start = self.start.time()
        invited = tuple(
            str(self.partners.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.partners.count())
            if self.partners.item(i).checkState() == Qt.CheckState.Checked
        )
        return SittingPlan(
            table=self._table,
            date=day,
            start=dt.time(start.hour(), start.minute()),
            duration_minutes=self.duration.value(),
            place=self.place.text(),
            chair=self.chair.text(),
            minute_taker=self.minute_taker.text(),
            invited_partners=invited,
        )

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if not self.date.validate_now() or self.date.date() is None:
            self.date.setFocus()
            return  # the reason shows under the field; what was typed stays
        plan = self.plan()
        existing = self._existing.id if self._existing is not None else None

        def save(vault: Vault) -> int:
            if existing is None:
                return sittings.plan_sitting(vault, plan)
            sittings.update_sitting(vault, existing, plan)
            return existing

        CollectionOp(self, self._session, save, OpChanges.of(ChangeKind.SITTINGS)).success(
            self._on_saved
        ).disabling(self.buttons).run()

    def _on_saved(self, sitting_id: int) -> None:
        self.sitting_id = sitting_id
        self.saved.emit(sitting_id)
        self.accept()

    def show_error(self, message: str, _field: str | None = None) -> None:
        """A refused save (`ui.ops` sends it here); what was entered stays."""
        self.banner.setText(message)
        self.banner.setVisible(True)
