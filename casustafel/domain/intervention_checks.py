"""Warnings (not refusals) for an intervention's dates, as the form shows them while typing.

An intervention may rightly start before the case was registered (a partner acted before
the table knew) or be entered after its deadline (recorded afterwards), so the services
accept both; the user is told, so that a typo in a year is caught.
"""

from __future__ import annotations

import datetime as dt

from casustafel.i18n import _

__all__ = ["intervention_warnings"]


def intervention_warnings(
    start: dt.date | None,
    due: dt.date | None,
    registered_on: dt.date | None,
    today: dt.date,
    *,
    open_: bool = True,
) -> tuple[str, ...]:
    """Dutch warnings for these dates (empty when nothing is odd)."""
    found: list[str] = []
    if start is not None and registered_on is not None and start < registered_on:
        found.append(
            _("Let op: de start ligt vóór de aanmelding van de casus ({date}).").format(
                date=registered_on.strftime("%d-%m-%Y")
            )
        )
    if open_ and due is not None and due < today:
        found.append(_("Let op: de termijn is al verstreken."))
    return tuple(found)
