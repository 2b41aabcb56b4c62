"""The top of the meeting window: the clocks, the sitting's state, presentation mode, and the
countdown before an auto-lock. No case data here: it is what the whole room may read."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from casustafel.i18n import _
from casustafel.services.sitting_values import SittingSummary
from casustafel.ui.style import COLORS

__all__ = ["MeetingHeader", "clock_text"]


def clock_text(seconds: int) -> str:
    """`mm:ss`, or `h:mm:ss` from an hour on."""
    hours, rest = divmod(max(0, seconds), 3600)
    return (
        f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
        if hours
        else f"{rest // 60:02d}:{rest % 60:02d}"
    )


class MeetingHeader(QWidget):
    """Clocks left and right, the sitting and presentation mode between them; the lock
    countdown above, shown only in the last minute before an auto-lock."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item_clock = QLabel(self)
        self.sitting_clock = QLabel(self)
        self.status = QLabel(self)
        self.mode_label = QLabel(self)
        self.lock_warning = QLabel(self)
        self.lock_warning.setWordWrap(True)
        self.lock_warning.setStyleSheet(
            "background: #fff4ce; color: #5c3c00; font-weight: 600; padding: 6px;"
        )
        self.lock_warning.setVisible(False)
        clocks = QHBoxLayout()
        clocks.addWidget(self.item_clock)
        clocks.addStretch(1)
        clocks.addWidget(self.status)
        clocks.addWidget(self.mode_label)
        clocks.addStretch(1)
        clocks.addWidget(self.sitting_clock)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.lock_warning)
        layout.addLayout(clocks)

    def set_clocks(self, item_seconds: int, sitting_seconds: int) -> None:
        self.item_clock.setText(_("Punt: {t}").format(t=clock_text(item_seconds)))
        self.sitting_clock.setText(_("Zitting: {t}").format(t=clock_text(sitting_seconds)))

    def set_sitting(self, sitting: SittingSummary) -> None:
        self.status.setText(
            _("Zitting {number} · {status}").format(
                number=sitting.number, status=sitting.status.label
            )
        )

    def set_presentation(self, on: bool) -> None:
        """Say whether presentation mode is on; off is a warning (names are shown)."""
        if on:
            self.mode_label.setText(_("● PRESENTATIEMODUS"))
            self.mode_label.setToolTip(_("Namen als initialen; BSN, adres en telefoon verborgen"))
            self.mode_label.setStyleSheet(f"color: {COLORS['presentation']}; font-weight: 600;")
        else:
            self.mode_label.setText(_("Presentatiemodus UIT: namen zichtbaar"))
            self.mode_label.setToolTip(_("Zet presentatiemodus aan met Ctrl+Shift+P"))
            self.mode_label.setStyleSheet("color: #b3261e; font-weight: 600;")

    def show_lock_warning(self, seconds_left: int) -> None:
        self.lock_warning.setText(
            _(
                "Vergrendelt over {n} seconden wegens inactiviteit. "
                "Beweeg de muis of druk op een toets om door te gaan."
            ).format(n=seconds_left)
        )
        self.lock_warning.setVisible(True)

    def hide_lock_warning(self) -> None:
        self.lock_warning.setVisible(False)
