"""The sittings list: one row per sitting (table, number, date, place, status); no case data."""

from __future__ import annotations

from PySide6.QtCore import QObject

from casustafel.domain.names import format_date
from casustafel.i18n import _
from casustafel.services.sitting_values import SittingStatus, SittingSummary

from .record_model import Column, RecordTableModel

__all__ = ["SittingListModel"]


def _columns() -> list[Column[SittingSummary]]:
    # What the chair looks for first comes first: the list pane is narrow on a laptop.
    return [
        Column(_("Zitting"), lambda s: s.number),
        Column(
            _("Datum"),
            lambda s: format_date(s.date),
            sort_key=lambda s: s.starts_at,
            align_right=True,
        ),
        Column(
            _("Status"),
            lambda s: s.status.label,
            tooltip=lambda s: s.cancel_reason,
            alert=lambda s: s.status is SittingStatus.LOPEND,
        ),
        Column(
            _("Punten"),
            lambda s: str(s.item_count),
            sort_key=lambda s: s.item_count,
            align_right=True,
        ),
        Column(_("Tijd"), lambda s: s.starts_at.strftime("%H.%M"), align_right=True),
        Column(_("Plaats"), lambda s: s.place),
        Column(_("Voorzitter"), lambda s: s.chair),
        Column(_("Tafel"), lambda s: s.table.label),
    ]


class SittingListModel(RecordTableModel[SittingSummary]):
    """Sittings in date order; `record(row)` gives the `SittingSummary`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(_columns(), record_id=lambda s: s.id, parent=parent)
