"""The case-context panel of meeting mode: where the case stands while the table discusses it.

Current step, open interventions and open agreements (with partner and due date) and the last
decision with its date. Free text (an agreement, a decision) may name the case's people, so
it passes through the presentation masker (`masking.make_masker`); the panel re-renders when
presentation mode changes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from casustafel.domain.names import format_date
from casustafel.i18n import _
from casustafel.services.sitting_values import CaseContext, ContextLine
from casustafel.ui.session import AppSession

from .masking import make_masker

__all__ = ["CaseContextPanel"]

_MAX_LINES = 5  # more would push the agenda out of view; the case file has the rest


def _line(line: ContextLine, mask: Callable[[str], str]) -> str:
    parts = [mask(line.what)]
    if line.partner:
        parts.append(line.partner)
    if line.due is not None:
        parts.append(_("uiterlijk {date}").format(date=format_date(line.due)))
    return " · ".join(parts)


def _list(heading: str, lines: tuple[ContextLine, ...], mask: Callable[[str], str]) -> str:
    if not lines:
        return f"{heading} " + _("geen")
    shown = [heading, *(f"• {_line(line, mask)}" for line in lines[:_MAX_LINES])]
    if len(lines) > _MAX_LINES:
        shown.append(_("… en nog {n}").format(n=len(lines) - _MAX_LINES))
    return "\n".join(shown)


class CaseContextPanel(QFrame):
    """Shows a `CaseContext` (or nothing, for a free item)."""

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._context: CaseContext | None = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = QLabel(_("Stand van de casus"), self)
        self.heading.setStyleSheet("font-weight: 600;")
        self.body = QLabel(self)
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.body, 1)
        session.presentation_mode_changed.connect(self._on_session_presentation_mode_changed)
        self.show_context(None)

    def show_context(self, context: CaseContext | None, *, loading: bool = False) -> None:
        """Render `context`; None for an item without a case (or while `loading` it)."""
        self._context = context
        if context is None:
            self.body.setText(_("Even geduld…") if loading else _("Geen casus bij dit punt."))
            return
        mask = make_masker(self._session, context.subjects)
        if context.last_decided_on is not None:
            last = _("{date} (zitting {number}): {text}").format(
                date=format_date(context.last_decided_on),
                number=context.last_sitting_number,
                text=mask(context.last_decision),
            )
        else:
            last = _("nog geen")
        self.body.setText(
            "\n".join(
                (
                    _("Stap: {step} ({status})").format(step=context.step, status=context.status),
                    _list(_("Open interventies:"), context.interventions, mask),
                    _list(_("Open afspraken:"), context.agreements, mask),
                    _("Laatste besluit: {last}").format(last=last),
                )
            )
        )

    @Slot(bool)
    def _on_session_presentation_mode_changed(self, _on: bool) -> None:
        if not self._session.is_locked:
            self.show_context(self._context)
