"""Dialog to plan a sitting: date, time, duration, place, chair, minute-taker, invited partners."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, QTime, Slot
from PySide6.QtWidgets import (
    QDateEdit,
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

from casustafel.domain import catalogue
from casustafel.domain.model import TableCode
from casustafel.errors import CasustafelError
from casustafel.i18n import _
from casustafel.services import sittings
from casustafel.services.sitting_values import SittingPlan
from casustafel.ui.session import AppSession

__all__ = ["SittingDialog"]


class SittingDialog(QDialog):
    """Plan a new sitting of `table`; `sitting_id` holds the new id after `accept()`."""

    def __init__(
        self,
        session: AppSession,
        table: TableCode,
        day: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Zitting plannen — {table}").format(table=table.label))
        self._session = session
        self._table = table
        self.sitting_id: int | None = None
        rhythm = sittings.get_rhythm(session.vault, table)
        day = day or dt.date.today() + dt.timedelta(days=7)
        self.date = QDateEdit(QDate(day.year, day.month, day.day), self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd-MM-yyyy")
        start = rhythm.start if rhythm else dt.time(9, 30)
        self.start = QTimeEdit(QTime(start.hour, start.minute), self)
        self.start.setDisplayFormat("HH:mm")
        self.duration = QSpinBox(self)
        self.duration.setRange(15, 480)
        self.duration.setSingleStep(15)
        self.duration.setSuffix(_(" minuten"))
        self.duration.setValue(rhythm.duration_minutes if rhythm else 120)
        self.place = QLineEdit(rhythm.place if rhythm else "", self)
        self.chair = QLineEdit(self)
        self.chair.setPlaceholderText(_("functie of naam van de voorzitter"))
        self.minute_taker = QLineEdit(self)
        self.partners = QListWidget(self)
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
        form.addRow(_("&Aanvang"), self.start)
        form.addRow(_("Duu&r"), self.duration)
        form.addRow(_("&Plaats"), self.place)
        form.addRow(_("&Voorzitter"), self.chair)
        form.addRow(_("&Notulist"), self.minute_taker)
        form.addRow(_("&Uitgenodigd"), self.partners)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(buttons)
        session.locked.connect(self.reject)

    def plan(self) -> SittingPlan:
        """The sitting as entered."""
        day = self.date.date()
        start = self.start.time()
        invited = tuple(
            str(self.partners.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.partners.count())
            if self.partners.item(i).checkState() == Qt.CheckState.Checked
        )
        return SittingPlan(
            table=self._table,
            date=dt.date(day.year(), day.month(), day.day()),
            start=dt.time(start.hour(), start.minute()),
            duration_minutes=self.duration.value(),
            place=self.place.text(),
            chair=self.chair.text(),
            minute_taker=self.minute_taker.text(),
            invited_partners=invited,
        )

    @Slot()
    def _on_buttons_accepted(self) -> None:
        try:
            self.sitting_id = sittings.plan_sitting(self._session.vault, self.plan())
        except CasustafelError as exc:
            self.banner.setText(exc.message)  # what was entered stays
            self.banner.setVisible(True)
            return
        self.accept()
