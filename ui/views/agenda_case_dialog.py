"""Find a case of the sitting's table to put on its agenda: by number, label or name.

The chair rarely knows the full number by heart. The search takes part of the number
("42"), of the label ("J.d.V."), the area, or (outside presentation mode) a subject's name;
the hits show number, label and step only, so nothing on the projector names anyone. In
presentation mode a name typed finds nothing: a hit would tell the room who it was.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casustafel.domain.model import CaseSummary, TableCode
from casustafel.i18n import _
from casustafel.services import cases
from casustafel.services.search_index import fold_search_text
from casustafel.ui.ops import QueryOp
from casustafel.ui.session import AppSession

__all__ = ["CaseSearchDialog"]

_MAX_HITS = 50


def _matches_public(case: CaseSummary, words: list[str]) -> bool:
    """Every word occurs in the number, label or area (what presentation mode may use)."""
    text = fold_search_text(f"{case.number} {case.label} {case.area}")
    return all(word in text for word in words)


class CaseSearchDialog(QDialog):
    """Pick one open case of `table`; `case_id` holds it after `accept()`.

    Signals:
        searched(int): a search answered with this many hits.
    """

    searched = Signal(int)

    def __init__(
        self, session: AppSession, table: TableCode, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Casus toevoegen — {table}").format(table=table.label))
        self._session = session
        self._table = table
        self.case_id: int | None = None
        presenting = session.presentation_mode
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(
            _("nummer of label") if presenting else _("nummer, label of naam")
        )
        self.search.setClearButtonEnabled(True)
        self.hits = QListWidget(self)
        self.note = QLabel(self)
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("&Toevoegen"))
        ok.setEnabled(False)
        label = QLabel(_("&Zoek:"), self)
        label.setBuddy(self.search)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.search)
        layout.addWidget(self.hits, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.resize(460, 420)
        # Searching is audited: look once typing pauses, not at every keystroke.
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(300)
        self._pause.timeout.connect(self.run_search)
        self.search.textEdited.connect(self._pause.start)
        self.search.returnPressed.connect(self._on_search_return_pressed)
        self.hits.currentItemChanged.connect(self._on_hits_current_item_changed)
        self.hits.itemDoubleClicked.connect(self._on_hits_item_double_clicked)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        session.locked.connect(self.reject)

    @Slot()
    def run_search(self) -> None:
        """Search now (on the worker); the open cases of the table that match fill the list."""
        self._pause.stop()
        text = self.search.text().strip()
        self.hits.clear()
        if not text:
            self.note.clear()
            return
        table = self._table
        QueryOp(self, self._session, lambda vault: cases.search_cases(vault, text, table)).success(
            lambda found: self._show_hits(text, found)
        ).failure(lambda failure: self.note.setText(failure.message)).run()

    def _show_hits(self, text: str, found: list[CaseSummary]) -> None:
        if text != self.search.text().strip():
            return  # typed on meanwhile: the next search answers
        found = [c for c in found if not c.status.is_closed]
        if self._session.presentation_mode:
            words = fold_search_text(text).split()
            found = [c for c in found if _matches_public(c, words)]
        found.sort(key=lambda c: c.number)
        self.hits.clear()
        for case in found[:_MAX_HITS]:
            item = QListWidgetItem(f"{case.number}  {case.label}  ·  {case.status.label}")
            item.setData(Qt.ItemDataRole.UserRole, case.id)
            self.hits.addItem(item)
        if found:
            self.hits.setCurrentRow(0)
        self.note.setText(
            _("Niets gevonden bij de open casussen van deze tafel.")
            if not found
            else _("{n} gevonden.").format(n=len(found))
        )
        self.searched.emit(len(found))

    @Slot()
    def _on_search_return_pressed(self) -> None:
        if self._pause.isActive() or not self.hits.count():
            self.run_search()
        elif self.hits.currentItem() is not None:
            self._on_buttons_accepted()

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_hits_current_item_changed(
        self, current: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(current is not None)

    @Slot(QListWidgetItem)
    def _on_hits_item_double_clicked(self, _item: QListWidgetItem) -> None:
        self._on_buttons_accepted()

    @Slot()
    def _on_buttons_accepted(self) -> None:
        item: QListWidgetItem | None = self.hits.currentItem()
        if item is None:
            return
        self.case_id = int(item.data(Qt.ItemDataRole.UserRole))
        self.accept()
