"""Sittings as calendar events (ICS) for the partners' agendas; never any case data in them.

An event carries the table, the sitting number, time and place, and a fixed line that the
agenda comes separately. No case number, label, question or partner list: a calendar is
synchronised to phones and mail servers outside the municipality's control. The place is
typed freely, so it is checked against the subjects of each sitting's cases before export.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from casustafel import __version__
from casustafel.db.audit import AuditRecord
from casustafel.db.vault import Vault
from casustafel.domain.model import AuditAction, TableCode
from casustafel.i18n import _
from casustafel.reports.output import atomic_write_bytes
from casustafel.reports.sitting_data import SittingInfo, check_sitting_place

from .identity_sources import sitting_identities
from .sitting_values import SittingStatus, SittingSummary
from .sittings import list_sittings

__all__ = ["TIMEZONE", "build_ics", "export_ics"]

TIMEZONE = ZoneInfo("Europe/Amsterdam")
_NOTE = _(
    "Vergadering van de casustafel. De agenda ontvangt u apart van de voorzitter; "
    "deze uitnodiging bevat bewust geen casusgegevens."
)


def _event(sitting: SittingSummary, stamp: dt.datetime) -> Event:
    start = sitting.starts_at.replace(tzinfo=TIMEZONE)
    event = Event()
    # Stable per sitting, so re-importing the file updates the event instead of duplicating it.
    event.add("uid", f"zitting.{sitting.table.value.lower()}.{sitting.number}@casustafel")
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(minutes=sitting.duration_minutes))
    event.add(
        "summary",
        _("Casustafel {table}, zitting {number}").format(
            table=sitting.table.label, number=sitting.number
        ),
    )
    if sitting.place:
        event.add("location", sitting.place)
    event.add("description", _NOTE)
    event.add("class", "CONFIDENTIAL")
    event.add("status", "CONFIRMED")
    return event


def build_ics(sittings: list[SittingSummary], *, stamp: dt.datetime | None = None) -> bytes:
    """The calendar file for `sittings` (closed ones included: they are history too)."""
    calendar = Calendar()
    calendar.add("prodid", f"-//Casustafel {__version__}//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Casustafel zittingen"))
    stamp = stamp or dt.datetime.now(dt.UTC).replace(microsecond=0)
    for sitting in sittings:
        calendar.add_component(_event(sitting, stamp))
    # Some calendar programs need the VTIMEZONE definition of Europe/Amsterdam in the file.
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def export_ics(
    vault: Vault,
    path: Path,
    *,
    table: TableCode | None = None,
    include_closed: bool = True,
) -> int:
    """Write the sittings (of one table, or all) to `path` as ICS; return how many.

    Audited as EXPORT with the table and count.

    Raises:
        ValidationError: A sitting's place names a subject of its cases.
        OutputError: The file could not be written.
    """
    # A cancelled sitting is not in anyone's calendar (its reason stays in the app).
    sittings = [
        s
        for s in list_sittings(vault, table)
        if s.status is not SittingStatus.GEANNULEERD
        and (include_closed or s.status is not SittingStatus.GESLOTEN)
    ]
    for sitting in sittings:  # the place goes into every invitee's calendar
        check_sitting_place(
            SittingInfo(sitting.table, sitting.number, sitting.date, place=sitting.place),
            sitting_identities(vault, sitting.id),
        )
    atomic_write_bytes(path, build_ics(sittings), what=_("Het agendabestand"))
    with vault.unit_of_work() as tx:
        detail = f"ics;tafel={table.value if table else 'alle'};zittingen={len(sittings)}"
        tx.audit(AuditRecord(AuditAction.EXPORT, object_kind="sittings", detail=detail))
    return len(sittings)
