"""The app's look: Fusion with a calm light palette, one style sheet, icons from qtawesome.

Sizes in the style sheet are in points or em-free pixels that Qt scales with the display
(high-DPI scaling is always on in Qt 6), so the same sheet reads well at 100, 125 and 150 %.
"""

from __future__ import annotations

from functools import cache

import qtawesome
from PySide6.QtGui import QColor, QFont, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from casustafel import resources

# One place for the colours the palette and the few painted widgets share.
COLORS: dict[str, str] = {
    "window": "#f4f6f8",
    "base": "#ffffff",
    "alternate": "#f0f3f6",
    "text": "#1f2933",
    "muted": "#52606d",
    "primary": "#1d4f91",
    "primary_light": "#e3ecf7",
    "border": "#cfd6de",
    "warning": "#8a5a00",
    "warning_bg": "#fff4d6",
    "danger": "#a61b1b",
    "danger_bg": "#fde8e8",
    "ok": "#1e6b3a",
    "presentation": "#6b2c91",
}

# Logical icon names → qtawesome names, so views never depend on one icon set's spelling.
_ICONS: dict[str, str] = {
    "lock": "mdi6.lock-outline",
    "unlock": "mdi6.lock-open-variant-outline",
    "presentation": "mdi6.projector-screen-outline",
    "vault": "mdi6.safe-square-outline",
    "new": "mdi6.plus-box-outline",
    "open": "mdi6.folder-open-outline",
    "mywork": "mdi6.clipboard-check-outline",
    "all_tables": "mdi6.view-list-outline",
    "table": "mdi6.table-large",
    "signals": "mdi6.inbox-arrow-down-outline",
    "case": "mdi6.file-document-outline",
    "print": "mdi6.printer-outline",
    "pdf": "mdi6.file-pdf-box",
    "help": "mdi6.help-circle-outline",
    "quit": "mdi6.exit-to-app",
    "warning": "mdi6.alert-outline",
    "error": "mdi6.alert-circle-outline",
    "info": "mdi6.information-outline",
    "search": "mdi6.magnify",
    "fullscreen": "mdi6.fullscreen",
    "close": "mdi6.close",
    "key": "mdi6.key-outline",
    "sittings": "mdi6.calendar-clock-outline",
    "monitoring": "mdi6.chart-bar",
    "export": "mdi6.file-export-outline",
    "up": "mdi6.arrow-up",
    "down": "mdi6.arrow-down",
}


@cache
def icon(name: str, color: str = COLORS["text"]) -> QIcon:
    """The icon for a logical name (see `_ICONS`); an unknown name is a programming error."""
    result: QIcon = qtawesome.icon(_ICONS[name], color=color)
    return result


def _palette() -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: COLORS["window"],
        QPalette.ColorRole.WindowText: COLORS["text"],
        QPalette.ColorRole.Base: COLORS["base"],
        QPalette.ColorRole.AlternateBase: COLORS["alternate"],
        QPalette.ColorRole.Text: COLORS["text"],
        QPalette.ColorRole.Button: "#e9edf1",
        QPalette.ColorRole.ButtonText: COLORS["text"],
        QPalette.ColorRole.Highlight: COLORS["primary"],
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#ffffff",
        QPalette.ColorRole.ToolTipText: COLORS["text"],
        QPalette.ColorRole.PlaceholderText: "#7b8794",
        QPalette.ColorRole.Link: COLORS["primary"],
    }
    for role, color in roles.items():
        palette.setColor(role, QColor(color))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#9aa5b1"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#9aa5b1"))
    return palette


def apply_style(app: QApplication) -> None:
    """Give the whole application its look; safe to call more than once."""
    fusion = QStyleFactory.create("Fusion")
    if fusion is not None:
        app.setStyle(fusion)
    app.setPalette(_palette())
    font = QFont(app.font())
    # 10 pt is the Windows/GNOME default body size; never smaller, whatever the platform says.
    font.setPointSizeF(max(font.pointSizeF(), 10.0))
    app.setFont(font)
    app.setStyleSheet(resources.stylesheet("app"))
