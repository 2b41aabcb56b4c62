"""A combo box of the fixed requesters ("op verzoek van"), showing the Dutch labels.

The audit log holds only requester codes, never free text, so every screen that asks on
whose request something is done offers this list instead of a text field. The first item
is an empty choice whose text the screen chooses: "kies…" where a requester is required,
"(niemand)" where it is optional, "alle verzoekers" in a filter.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QComboBox, QWidget

from casustafel.domain.requesters import Requester

__all__ = ["RequesterCombo"]


class RequesterCombo(QComboBox):
    """Choose one `Requester` (or none) by its label; the item data is the code.

    Signals:
        requester_changed(object): the choice changed; the `Requester`, or None for the
            empty choice.

    Args:
        empty_text: the text of the first, empty choice.
        parent: Qt parent.
    """

    requester_changed = Signal(object)

    def __init__(self, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem(empty_text, "")
        for requester in Requester:
            self.addItem(requester.label, requester.value)
            # Long labels stay readable where the box is narrower than its text.
            self.setItemData(self.count() - 1, requester.label, Qt.ItemDataRole.ToolTipRole)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.currentIndexChanged.connect(self._on_current_index_changed)

    def requester(self) -> Requester | None:
        """The chosen requester; None for the empty choice."""
        code = str(self.currentData() or "")
        return Requester(code) if code else None

    def set_requester(self, requester: Requester | None) -> None:
        """Choose `requester` (None: the empty choice)."""
        self.setCurrentIndex(self.findData(requester.value if requester else ""))

    def clear_choice(self) -> None:
        """Back to the empty choice (e.g. after the action, or when the vault locks)."""
        self.setCurrentIndex(0)

    @Slot(int)
    def _on_current_index_changed(self, _index: int) -> None:
        self.requester_changed.emit(self.requester())
