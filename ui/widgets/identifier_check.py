"""Check a free text as it is typed: a name, BSN, postcode or birth date is shown at the field.

Texts that end up in a distributed copy (the question for the table, a decision, agreements,
a free agenda item) go to every partner. The print refuses them as a last guard; this helper
warns where the text is typed, before anything is printed, with the same rule
(`casustafel.domain.identifiers`) and the reason in Dutch. It never blocks typing or saving:
the chair may be mid-sentence, and the chair's own copy may hold the name.

`attach_identifier_check(field, subjects)` works on a `QLineEdit` or `QPlainTextEdit`;
`attach_table_check(table, columns, subjects)` on text columns of a `QTableWidget` (the
agreements). `subjects` returns the identities the text may not mention; it is asked again when
the field gets the focus, and for every change while the field has no focus (a form filled by
code for another item), never per keystroke while typing.

The provider runs on the GUI thread, so it must never read the vault: a view loads the
identities with its own data in a `QueryOp` and hands them to a `KnownSubjects`, which is the
provider and re-checks every attached field when the identities change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import shiboken6
from PySide6.QtCore import QEvent, QObject, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QBoxLayout,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from casustafel.domain.identifiers import Finding, IdentifierRule, Identity
from casustafel.errors import CasustafelError
from casustafel.i18n import _

__all__ = [
    "IdentifierCheck",
    "KnownSubjects",
    "TableIdentifierCheck",
    "attach_identifier_check",
    "attach_table_check",
]

SubjectProvider = Callable[[], Iterable[Identity]]
_WARNING_STYLE = "color: #b3261e;"
_BAD_CELL = QBrush(QColor("#fde7e4"))


def problem_text(findings: Sequence[Finding]) -> str:
    """The warning for a text's findings: the first reason, and how many more there are."""
    if not findings:
        return ""
    reason = findings[0].reason
    if len(findings) > 1:
        reason += " " + _("(en nog {n} herleidbaar gegeven)").format(n=len(findings) - 1)
    return _("Deze tekst gaat naar alle partners en noemt {reason}.").format(reason=reason)


class KnownSubjects(QObject):
    """The identities a view loaded on the worker, as the provider of its field checks.

    Signals:
        changed(): new identities were set; attached checks re-check their text.
    """

    changed = Signal()

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._identities: tuple[Identity, ...] = ()

    def set(self, identities: Iterable[Identity]) -> None:
        self._identities = tuple(identities)
        self.changed.emit()

    def __call__(self) -> tuple[Identity, ...]:
        return self._identities


class _Rule(QObject):
    """The compiled rule for a field, refreshed from the provider at the right moments."""

    def __init__(self, watched: QWidget, subjects: SubjectProvider) -> None:
        super().__init__(watched)
        self._watched = watched
        self._subjects = subjects
        self._rule: IdentifierRule | None = None
        watched.installEventFilter(self)

    def current(self) -> IdentifierRule:
        # Typing: reuse the rule. Filled by code (no focus): the item may have changed.
        if self._rule is None or not self._watched.hasFocus():
            try:
                identities = tuple(self._subjects())
            except CasustafelError:  # locked meanwhile: the generic patterns still apply
                identities = ()
            self._rule = IdentifierRule(identities)
        return self._rule

    def forget(self) -> None:
        """The provider has new identities: compile the rule again at the next check."""
        self._rule = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if event.type() == QEvent.Type.FocusIn:
            self._rule = None
        return False


def _place_below(anchor: QWidget, label: QLabel) -> None:
    """Put `label` right under `anchor` in the layout that holds it (form row or box)."""
    parent = anchor.parentWidget()
    while parent is not None:
        layout = parent.layout()
        if layout is not None and _insert(layout, anchor, label):
            return
        parent = parent.parentWidget()


def _contains(layout: QLayout, widget: QWidget) -> bool:
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item is None:
            continue
        if item.widget() is widget:
            return True
        inner = item.layout()
        if inner is not None and _contains(inner, widget):
            return True
    return False


def _insert(layout: QLayout, anchor: QWidget, label: QLabel) -> bool:
    if isinstance(layout, QFormLayout):
        for row in range(layout.rowCount()):
            item = layout.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if item is None:
                continue
            inner = item.layout()
            if item.widget() is anchor or (inner is not None and _contains(inner, anchor)):
                layout.insertRow(row + 1, "", label)
                return True
        return False
    if isinstance(layout, QBoxLayout):
        for i in range(layout.count()):
            item = layout.itemAt(i)
            if item is not None and item.widget() is anchor:
                layout.insertWidget(i + 1, label)
                return True
            inner = item.layout() if item is not None else None
            if inner is not None and _insert(inner, anchor, label):
                return True
    return False


def _warning_label(anchor: QWidget) -> QLabel:
    label = QLabel(anchor.parentWidget())
    label.setStyleSheet(_WARNING_STYLE)
    label.setWordWrap(True)
    label.setVisible(False)
    label.setAccessibleName(_("Waarschuwing persoonsgegevens"))
    _place_below(anchor, label)
    return label


class IdentifierCheck(QObject):
    """Watches one text field and shows what in it identifies a person, at the field.

    Signals:
        problem_changed(str): the warning now shown ("" when the text is fine).
    """

    problem_changed = Signal(str)

    def __init__(self, field: QLineEdit | QPlainTextEdit, subjects: SubjectProvider) -> None:
        super().__init__(field)
        self.field = field
        self._rule = _Rule(field, subjects)
        if isinstance(subjects, KnownSubjects):
            subjects.changed.connect(self._on_subjects_changed)
        self._tooltip = field.toolTip()
        self.label = _warning_label(field)
        self.problem = ""
        field.textChanged.connect(self.check)
        self.check()

    def findings(self) -> list[Finding]:
        return self._rule.current().find(self._text())

    @Slot()
    def _on_subjects_changed(self) -> None:
        self._rule.forget()
        self.check()

    def _text(self) -> str:
        field = self.field
        return field.toPlainText() if isinstance(field, QPlainTextEdit) else field.text()

    @Slot()
    def check(self) -> None:
        """Check the text now and show (or clear) the warning."""
        if not shiboken6.isValid(self.field):
            return
        problem = problem_text(self.findings())
        if problem == self.problem:
            return
        self.problem = problem
        self.label.setText(problem)
        self.label.setVisible(bool(problem))
        self.field.setToolTip(problem or self._tooltip)
        self.field.setAccessibleDescription(problem)
        self.problem_changed.emit(problem)


class TableIdentifierCheck(QObject):
    """Watches text columns of a table (the agreements); marks each cell that identifies."""

    problem_changed = Signal(str)

    def __init__(
        self, table: QTableWidget, columns: Sequence[int], subjects: SubjectProvider
    ) -> None:
        super().__init__(table)
        self.table = table
        self.columns = tuple(columns)
        self._rule = _Rule(table, subjects)
        if isinstance(subjects, KnownSubjects):
            subjects.changed.connect(self._on_subjects_changed)
        self.label = _warning_label(table)
        self.problem = ""
        table.itemChanged.connect(self._on_table_item_changed)
        table.model().rowsInserted.connect(self.check)
        table.model().rowsRemoved.connect(self.check)
        table.model().modelReset.connect(self.check)
        self.check()

    @Slot()
    def _on_subjects_changed(self) -> None:
        self._rule.forget()
        self.check()

    @Slot(QTableWidgetItem)
    def _on_table_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() in self.columns:
            self.check()

    @Slot()
    def check(self) -> None:
        """Check every watched cell, mark the ones that identify, show the first reason."""
        if not shiboken6.isValid(self.table):  # the model empties while the table goes
            return
        rule = self._rule.current()
        first = ""
        self.table.blockSignals(True)  # marking a cell is not an edit
        try:
            for row in range(self.table.rowCount()):
                for column in self.columns:
                    item = self.table.item(row, column)
                    if item is None:
                        continue
                    problem = problem_text(rule.find(item.text()))
                    item.setToolTip(problem)
                    item.setBackground(_BAD_CELL if problem else QBrush())
                    first = first or problem
        finally:
            self.table.blockSignals(False)
        if first != self.problem:
            self.problem = first
            self.label.setText(first)
            self.label.setVisible(bool(first))
            self.problem_changed.emit(first)


def attach_identifier_check(
    field: QLineEdit | QPlainTextEdit, subjects: SubjectProvider
) -> IdentifierCheck:
    """Check `field` as it is typed; the warning appears right under it."""
    return IdentifierCheck(field, subjects)


def attach_table_check(
    table: QTableWidget, columns: Sequence[int], subjects: SubjectProvider
) -> TableIdentifierCheck:
    """Check the text `columns` of `table` as they are typed; a warning appears under it."""
    return TableIdentifierCheck(table, columns, subjects)
