"""The figure-block chooser shared by the monitoring view and the export dialog.

Both show one block of a `Monitoring` at a time in a `BlockTableModel`, chosen in a combo
box that is refilled whenever new figures arrive. Refilling keeps the block the user was
looking at when the new figures still have it, without firing a change in between.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QComboBox

from casustafel.domain.monitoring import Monitoring
from casustafel.ui.models.monitoring_models import BlockTableModel

__all__ = ["refill_block_combo", "show_chosen_block"]


def refill_block_combo(combo: QComboBox, choices: Iterable[tuple[str, str]]) -> None:
    """Replace the combo's (label, block id) choices, keeping the current block if offered.

    Signals are blocked while refilling; the caller shows the chosen block afterwards.
    """
    wanted = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for label, block_id in choices:
        combo.addItem(label, block_id)
    combo.setCurrentIndex(max(0, combo.findData(wanted)))
    combo.blockSignals(False)


def show_chosen_block(
    combo: QComboBox,
    model: BlockTableModel,
    monitoring: Monitoring | None,
    *,
    publication: bool,
) -> None:
    """Show in `model` the block of `monitoring` chosen in `combo` (none when there is none)."""
    wanted = combo.currentData()
    block = None
    if monitoring is not None:
        block = next((b for b in monitoring.blocks if b.id == wanted), None)
    model.set_block(monitoring, block, publication=publication)
