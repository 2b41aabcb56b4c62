"""Set a table's recurring sitting rhythm ("every second Tuesday"), or remove it.

Two ways municipalities say it: every N weeks counted from a first sitting, or the n-th
weekday of each month. The dialog shows the next three dates the rhythm proposes while the
user edits, so a wrong anchor or weekday is seen before it is saved. The rules (a working
day, 1–8 weeks, an anchor on the chosen weekday) are the domain's `Rhythm`.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTime, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from casustafel.domain import catalogue
from casustafel.domain.agenda_rules import Rhythm, RhythmKind
from casustafel.domain.changes import ChangeKind, OpChanges
from casustafel.domain.model import TableCode
from casustafel.domain.names import format_date_long
from casustafel.errors import CasustafelError
from casustafel.i18n import _
from casustafel.services import sittings
from casustafel.ui.ops import CollectionOp
from casustafel.ui.session import AppSession
from casustafel.ui.widgets.date_edit import DutchDateEdit

from .dialog_base import ActionDialog, Write

__all__ = ["RhythmDialog"]

_WEEKDAYS = (_("maandag"), _("dinsdag"), _("woensdag"), _("donderdag"), _("vrijdag"))
_NTH = ((1, _("eerste")), (2, _("tweede")), (3, _("derde")), (4, _("vierde")), (-1, _("laatste")))
_PREVIEW_COUNT = 3
_SITTINGS = OpChanges.of(ChangeKind.SITTINGS)


class RhythmDialog(ActionDialog):
    """Edit the rhythm of `table`'s sittings; "Geen ritme" removes it.

    Args:
        session: the app session.
        table: the casustafel.
        parent: Qt parent.
        today: the day the preview counts from (tests pass a fixed one).
    """

    def __init__(
        self,
        session: AppSession,
        table: TableCode,
        parent: QWidget | None = None,
        *,
        current: Rhythm | None,
        today: dt.date | None = None,
    ) -> None:
        """`current` is the table's stored rhythm, read by the caller on the worker."""
        super().__init__(session, _("Ritme van de zittingen — {t}").format(t=table.label), parent)
        self._table = table
        self._today = today or dt.date.today()
        self.kind_combo = QComboBox(self)
        self.kind_combo.addItem(_("Om de zoveel weken"), RhythmKind.EVERY_N_WEEKS.value)
        self.kind_combo.addItem(_("Vaste weekdag van de maand"), RhythmKind.NTH_WEEKDAY.value)
        self.weekday_combo = QComboBox(self)
        for number, name in enumerate(_WEEKDAYS):
            self.weekday_combo.addItem(name, number)
        self.interval_spin = QSpinBox(self)
        self.interval_spin.setRange(1, 8)
        self.interval_spin.setPrefix(_("om de "))
        self.interval_spin.setSuffix(_(" weken"))
        self.anchor_date = DutchDateEdit(parent=self)
        self.nth_combo = QComboBox(self)
        for nth, word in _NTH:
            self.nth_combo.addItem(word, nth)
        self.start_time = QTimeEdit(self)
        self.start_time.setDisplayFormat("HH:mm")
        self.duration_spin = QSpinBox(self)
        self.duration_spin.setRange(15, 480)
        self.duration_spin.setSingleStep(15)
        self.duration_spin.setSuffix(_(" minuten"))
        self.place_edit = QLineEdit(self)
        self.partners_list = QListWidget(self)
        self.partners_list.setMaximumHeight(self.fontMetrics().height() * 8)
        self.preview = QLabel(self)
        self.preview.setWordWrap(True)
        self.preview.setObjectName("muted")
        self.remove_button = self.buttons.addButton(
            _("&Geen ritme"), QDialogButtonBox.ButtonRole.ResetRole
        )
        self._build()
        self._fill(current)
        self.removed = False
        self._connect_signals()
        self._on_any_changed()

    def _build(self) -> None:
        self.add_row(_("&Soort:"), self.kind_combo)
        self.add_row(_("&Weekdag:"), self.weekday_combo, "weekday")
        self._interval_label = self.add_row(_("&Interval:"), self.interval_spin, "interval_weeks")
        self._anchor_label = self.add_row(_("&Eerste zitting:"), self.anchor_date, "anchor")
        self._nth_label = self.add_row(_("&Welke:"), self.nth_combo, "nth")
        self.add_row(_("&Aanvang:"), self.start_time)
        self.add_row(_("&Duur:"), self.duration_spin, "duration_minutes")
        self.add_row(_("&Plaats:"), self.place_edit)
        self.add_row(_("&Uitgenodigd:"), self.partners_list)
        self.form.addRow(_("Volgende:"), self.preview)

    def _fill(self, rhythm: Rhythm | None) -> None:
        kind = rhythm.kind if rhythm else RhythmKind.EVERY_N_WEEKS
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind.value))
        self.weekday_combo.setCurrentIndex(rhythm.weekday if rhythm else 1)  # Tuesday
        self.interval_spin.setValue(rhythm.interval_weeks if rhythm else 2)
        self.anchor_date.set_date(rhythm.anchor if rhythm and rhythm.anchor else None)
        self.nth_combo.setCurrentIndex(max(0, self.nth_combo.findData(rhythm.nth if rhythm else 2)))
        start = rhythm.start if rhythm else dt.time(9, 30)
        self.start_time.setTime(QTime(start.hour, start.minute))
        self.duration_spin.setValue(rhythm.duration_minutes if rhythm else 120)
        self.place_edit.setText(rhythm.place if rhythm else "")
        invited = set(rhythm.partners) if rhythm else set()
        for partner in catalogue.table_definition(self._table).partners:
            item = QListWidgetItem(partner.name, self.partners_list)
            item.setData(Qt.ItemDataRole.UserRole, partner.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = partner.code in invited
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _connect_signals(self) -> None:
        for combo in (self.kind_combo, self.weekday_combo, self.nth_combo):
            combo.currentIndexChanged.connect(self._on_any_changed)
        self.interval_spin.valueChanged.connect(self._on_any_changed)
        self.anchor_date.line_edit.textChanged.connect(self._on_any_changed)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)

    @property
    def kind(self) -> RhythmKind:
        return RhythmKind(str(self.kind_combo.currentData()))

    def rhythm(self) -> Rhythm:
        """The rhythm as entered.

        Raises:
            ValidationError: The domain refuses it (not a working day, anchor off the weekday…).
        """
        start = self.start_time.time()
        partners = tuple(
            str(self.partners_list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.partners_list.count())
            if self.partners_list.item(i).checkState() == Qt.CheckState.Checked
        )
        return Rhythm(
            kind=self.kind,
            weekday=int(self.weekday_combo.currentData()),
            start=dt.time(start.hour(), start.minute()),
            interval_weeks=self.interval_spin.value(),
            nth=int(self.nth_combo.currentData()),
            anchor=self.anchor_date.date(),
            duration_minutes=self.duration_spin.value(),
            place=self.place_edit.text().strip(),
            partners=partners,
        )

    @Slot()
    def _on_any_changed(self) -> None:
        every_n = self.kind is RhythmKind.EVERY_N_WEEKS
        self.form.setRowVisible(self._interval_label, every_n)
        self.form.setRowVisible(self._anchor_label, every_n)
        self.form.setRowVisible(self._nth_label, not every_n)
        try:
            dates = self.rhythm().next_dates(self._today, _PREVIEW_COUNT)
        except CasustafelError as exc:
            self.preview.setText(exc.message)
            return
        self.preview.setText(", ".join(format_date_long(d, weekday=True) for d in dates))

    def _write(self) -> Write:
        table, rhythm = self._table, self.rhythm()  # refused here when the form is off
        return Write(lambda vault: sittings.set_rhythm(vault, table, rhythm), _SITTINGS)

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        self.clear_errors()
        table = self._table

        def removed(_result: object) -> None:
            self.removed = True
            self.accept()

        CollectionOp(
            self, self._session, lambda vault: sittings.set_rhythm(vault, table, None), _SITTINGS
        ).success(removed).disabling(self.remove_button).run()
