"""Plain values the sitting documents (agenda, besluitenlijst, actielijst) are printed from.

They are split in two on purpose. `SittingInfo`, `Agreement` and the public item types carry
only what may be distributed to every partner: case number, label (initials and area),
question, decisions, partners. Everything that identifies a person lives in `CaseDossier`,
which only the chair's copy receives. The distributed builders take projections that have no
field through which a dossier could be reached, so they cannot print personal data even by
mistake; `check_public_text` additionally catches a name or number typed into free text, with
the one rule of `domain.identifiers`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from casustafel.domain.identifiers import IdentifierRule, Identity, identity_from_line
from casustafel.domain.model import TableCode
from casustafel.errors import ValidationError
from casustafel.i18n import _
from casustafel.reports.base import DocumentSpec

__all__ = [
    "Agreement",
    "CaseDossier",
    "HistoryLine",
    "InterventionLine",
    "SittingInfo",
    "SubjectLine",
    "Variant",
    "check_public_text",
    "check_sitting_place",
    "dossier_identities",
    "refuse_chair_partner_copy",
    "sitting_spec",
]


class Variant(StrEnum):
    """The two printed variants of a sitting document."""

    VOORZITTER = "voorzitter"  # the chair's copy with full case summaries
    VERSPREID = "verspreid"  # distributed to the partners: no personal data

    @property
    def label(self) -> str:
        """Copy marking printed in the header."""
        return _("Voorzittersversie") if self is Variant.VOORZITTER else _("Verspreidversie")


@dataclass(frozen=True, slots=True)
class SittingInfo:
    """Facts of one sitting; chair and minute-taker are officials, not case subjects.

    Attributes:
        table: The casustafel.
        number: Sitting number within the table, e.g. "2026-14".
        date: Date of the sitting.
        start: Start time, if set.
        place: Meeting place.
        chair: Name or function of the chair.
        minute_taker: Name or function of the minute-taker.
        invited_partners: Partner organisations invited, in print order.
        previous_number: Number of the previous sitting (its decisions list is on the agenda).
        previous_date: Date of the previous sitting.
        next_date: Date of the next sitting, if planned.
        next_start: Start time of the next sitting.
    """

    table: TableCode
    number: str
    date: dt.date
    start: dt.time | None = None
    place: str = ""
    chair: str = ""
    minute_taker: str = ""
    invited_partners: tuple[str, ...] = ()
    previous_number: str = ""
    previous_date: dt.date | None = None
    next_date: dt.date | None = None
    next_start: dt.time | None = None


@dataclass(frozen=True, slots=True)
class Agreement:
    """An agreement (afspraak) made at the table: what, which partner, when, on what condition."""

    what: str
    partner: str
    due: dt.date | None = None
    condition: str = ""


@dataclass(frozen=True, slots=True)
class SubjectLine:
    """One subject of a case as the chair sees it; never given to a distributed builder."""

    name: str
    role: str
    birth_date: dt.date | None = None
    bsn: str = ""
    address: str = ""  # street, number, postcode and place in one line
    phone: str = ""
    identity: Identity | None = None  # the structured facts; derived from the above when None


@dataclass(frozen=True, slots=True)
class HistoryLine:
    """A recent event of a case: escalation step, signal, intervention result, note."""

    on: dt.date
    text: str


@dataclass(frozen=True, slots=True)
class InterventionLine:
    """An open intervention of a case."""

    what: str
    partner: str
    status: str
    due: dt.date | None = None


@dataclass(frozen=True, slots=True)
class CaseDossier:
    """The full summary of one case, for the chair's copies only.

    Attributes:
        case_number: Links the dossier to the public item with the same number.
        status: Status label, e.g. "In behandeling".
        step: Current ladder step, phase or active routes, e.g. "5 WAARSCHUWING".
        lead_partner: Partner with the lead (voortouw).
        registered_on: Registration date.
        tenure: "huur", "koop" or "" when not relevant.
        subjects: Persons, addresses and organisations with their role.
        history: Recent events, newest first.
        interventions: Open interventions.
        agreements: Open agreements from earlier sittings.
    """

    case_number: str
    status: str = ""
    step: str = ""
    lead_partner: str = ""
    registered_on: dt.date | None = None
    tenure: str = ""
    subjects: tuple[SubjectLine, ...] = ()
    history: tuple[HistoryLine, ...] = ()
    interventions: tuple[InterventionLine, ...] = ()
    agreements: tuple[Agreement, ...] = ()


# Labels of the free-text fields a distributed copy prints, for the refusal's message.
FIELD_LABELS = {
    "question": _("de vraag aan de tafel"),
    "label": _("het label"),
    "title": _("de titel"),
    "text": _("de tekst"),
    "decision": _("het besluit"),
    "returns_note": _("de voorwaarde om terug te komen"),
    "agreement": _("een afspraak"),
    "condition": _("de voorwaarde van een afspraak"),
    "place": _("de vergaderplaats"),
}


def dossier_identities(dossiers: Iterable[CaseDossier | None]) -> tuple[Identity, ...]:
    """The identities of every subject of the given dossiers."""
    return tuple(
        subject.identity
        or identity_from_line(
            subject.name,
            birth_date=subject.birth_date,
            bsn=subject.bsn,
            phone=subject.phone,
            address=subject.address,
        )
        for dossier in dossiers
        if dossier is not None
        for subject in dossier.subjects
    )


def check_public_text(
    item: str,
    fields: Iterable[tuple[str, str]],
    identities: Sequence[Identity],
    *,
    generic: bool = True,
) -> None:
    """Refuse distributed text that identifies a person: the one rule of `domain.identifiers`.

    The chair types questions and decisions freely; this is the last guard before a copy goes
    to every partner (the forms already warn as the text is typed). The message names the
    item, the field and the kind of data, never the value.

    Args:
        item: What the text belongs to, e.g. a case number or a free item's place on the agenda.
        fields: (field code from `FIELD_LABELS`, text) pairs.
        identities: The subjects whose names, numbers and addresses count as well.
        generic: Also the patterns that identify anyone (off for a meeting place).

    Raises:
        ValidationError: A text identifies a person; `field` is the field's code.
    """
    rule = IdentifierRule(identities, generic=generic)
    for code, text in fields:
        findings = rule.find(text)
        if findings:
            raise ValidationError(
                _(
                    "{field} bij {item} noemt {reason}; pas de tekst aan voordat de "
                    "verspreidversie wordt gemaakt."
                ).format(
                    field=FIELD_LABELS.get(code, code).capitalize(),
                    item=item,
                    reason=findings[0].reason,
                ),
                field=code,
            )


def check_sitting_place(sitting: SittingInfo, identities: Sequence[Identity]) -> None:
    """Refuse a meeting place that names a subject (it is printed on every copy).

    Only the subjects count: the place is an office's address, postcode and all.

    Raises:
        ValidationError: The place identifies a subject of the sitting's cases.
    """
    where = _("zitting {number}").format(number=sitting.number)
    check_public_text(where, (("place", sitting.place),), identities, generic=False)


def sitting_spec(
    sitting: SittingInfo,
    *,
    title: str,
    keyword: str,
    variant_label: str,
    recipient: str,
    printed_on: dt.date,
    facts: Iterable[tuple[str, str]] = (),
) -> DocumentSpec:
    """Header, footer and metadata of a sitting's document (agenda, besluitenlijst).

    Chair and minute-taker open the facts; `facts` (invited, present, absent) follow.
    """
    opening: list[tuple[str, str]] = []
    if sitting.chair:
        opening.append((_("Voorzitter"), sitting.chair))
    if sitting.minute_taker:
        opening.append((_("Notulist"), sitting.minute_taker))
    return DocumentSpec(
        title=title,
        recipient=recipient,
        printed_on=printed_on,
        table_name=sitting.table.label,
        sitting_number=sitting.number,
        date=sitting.date,
        time=sitting.start,
        place=sitting.place,
        variant_label=variant_label,
        facts=(*opening, *facts),
        keywords=(keyword, variant_label.lower()),
    )


def refuse_chair_partner_copy(partner: str | None) -> None:
    """Refuse a partner copy of the chair's version: only the distributed one has them.

    Raises:
        ValidationError: A partner was named.
    """
    if partner is not None:
        raise ValidationError(
            _("Een partnerkopie bestaat alleen van de verspreidversie."), field="partner"
        )
