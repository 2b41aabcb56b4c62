"""The escalation ladder (or the mensenhandel routes) as a calm strip of steps in the case header.

Plain labels rather than custom painting: they scale with the display (125 %, 150 %),
wrap long step names, and screen readers and tests can read them.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QWidget

from casustafel.domain.catalogue import Step, table_definition
from casustafel.domain.model import MhRoute, TableCode, Tenure
from casustafel.i18n import _
from casustafel.ui.style import COLORS

__all__ = ["LadderWidget"]

_BASE = "border-radius: 4px; padding: 4px 6px;"
STYLES = {
    "current": f"{_BASE} background: {COLORS['primary']}; color: #ffffff; font-weight: 600;",
    "reached": f"{_BASE} background: {COLORS['primary_light']}; color: {COLORS['primary']};",
    "ahead": f"{_BASE} background: {COLORS['base']}; color: {COLORS['muted']};"
    f" border: 1px solid {COLORS['border']};",
    "blocked": f"{_BASE} background: {COLORS['window']}; color: #9aa5b1;"
    f" border: 1px dashed {COLORS['border']};",
}


class _Chip(QLabel):
    """A step label that elides each line to its width instead of clipping mid-word."""

    def __init__(self, text: str, parent: QWidget) -> None:
        super().__init__(text, parent)
        self.full_text = text

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        width = max(self.contentsRect().width() - 12, 8)
        metrics = self.fontMetrics()
        lines = [
            metrics.elidedText(line, Qt.TextElideMode.ElideRight, width)
            for line in self.full_text.split("\n")
        ]
        self.setText("\n".join(lines))


class LadderWidget(QFrame):
    """Shows a case's place in its process: ladder steps, phases or parallel routes.

    Each step is a label whose `state` property is one of current, reached (stood on it
    before), ahead, or blocked (a huur-only step for an owner-occupied home).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(3)
        self.chips: dict[str, _Chip] = {}
        self.setAccessibleName(_("Escalatieladder"))

    def clear(self) -> None:
        """Remove every step (on lock, or before showing another case)."""
        while (item := self._layout.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        self.chips.clear()

    def _chip(self, key: str, text: str, state: str, tooltip: str) -> _Chip:
        chip = _Chip(text, self)
        chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        chip.setStyleSheet(STYLES[state])
        chip.setProperty("state", state)
        chip.setToolTip(tooltip or text)
        chip.setAccessibleName(f"{text.replace(chr(10), ' ')}: {_state_word(state)}")
        chip.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        chip.setMinimumWidth(chip.fontMetrics().horizontalAdvance("Waarsch…"))
        self._layout.addWidget(chip, 1)
        self.chips[key] = chip
        return chip

    def show_steps(
        self,
        table: TableCode,
        current: str,
        reached: Iterable[str] = (),
        tenure: Tenure = Tenure.ONBEKEND,
    ) -> None:
        """Show the ladder (WO) or phases (OM) of `table` with `current` highlighted.

        Args:
            table: a table with steps.
            current: code of the step the case stands on.
            reached: codes of steps the case stood on before.
            tenure: huur-only steps are shown as blocked for an owner-occupied home.
        """
        self.clear()
        definition = table_definition(table)
        done = set(reached)
        for step in definition.steps:
            if step.aftercare:
                self._layout.addSpacing(12)
            state = (
                "current"
                if step.code == current
                else "blocked"
                if step.huur_only and tenure is Tenure.KOOP
                else "reached"
                if step.code in done
                else "ahead"
            )
            number = "" if step.number is None else f"{step.number}\n"
            self._chip(step.code, f"{number}{step.label}", state, _step_tooltip(step))

    def show_routes(
        self, table: TableCode, active: Iterable[MhRoute], ever_opened: Iterable[str] = ()
    ) -> None:
        """Show the parallel routes of the mensenhandel table: active ones highlighted."""
        self.clear()
        definition = table_definition(table)
        on = set(active)
        before = set(ever_opened)
        for route in definition.routes:
            state = (
                "current"
                if route.code in on
                else "reached"
                if route.code.value in before
                else "ahead"
            )
            suffix = _("actief") if route.code in on else _("niet actief")
            self._chip(route.code.value, f"{route.label}\n{suffix}", state, route.description)

    def text_of(self, code: str) -> str:
        """The full (not elided) text of step or route `code`."""
        chip = self.chips.get(code)
        return chip.full_text if isinstance(chip, _Chip) else ""

    def state_of(self, code: str) -> str:
        """The state of step or route `code` ("" when not shown)."""
        chip = self.chips.get(code)
        return str(chip.property("state")) if chip is not None else ""


def _state_word(state: str) -> str:
    return {
        "current": _("huidige stap"),
        "reached": _("eerder doorlopen"),
        "ahead": _("nog niet bereikt"),
        "blocked": _("alleen bij huurwoningen"),
    }[state]


def _step_tooltip(step: Step) -> str:
    lines = [step.display]
    if step.description:
        lines.append(step.description)
    if step.actors:
        lines.append(_("Wie: {actors}").format(actors=step.actors))
    if step.huur_only:
        lines.append(_("Alleen bij huurwoningen."))
    if step.needs_motivation:
        lines.append(_("Vraagt een motivering en het kenmerk van het besluit."))
    return "\n".join(lines)
