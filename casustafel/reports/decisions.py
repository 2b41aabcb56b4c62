"""Besluitenlijst (decisions list) of a sitting in two variants, and the action list per partner.

As with the agenda, the distributed builders take a `DistributedDecisions` projection that
holds no case dossier; only the chair's copy lists the subjects of each case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from casustafel.errors import ValidationError
from casustafel.i18n import _
from casustafel.reports.base import (
    ITEM_INDENT,
    DocumentSpec,
    build_pdf_bytes,
    data_table,
    document_styles,
    esc,
    facts_table,
    format_date_short,
    write_pdf,
)
from casustafel.reports.dossier import subjects_table
from casustafel.reports.sitting_data import (
    Agreement,
    CaseDossier,
    SittingInfo,
    Variant,
    check_public_text,
    check_sitting_place,
    dossier_identities,
    refuse_chair_partner_copy,
    sitting_spec,
)

__all__ = [
    "DecisionItem",
    "DecisionsDocument",
    "DistributedDecisions",
    "build_action_list",
    "build_decisions_chair",
    "build_decisions_distributed",
    "write_action_list",
    "write_decisions",
]


@dataclass(frozen=True, slots=True)
class DecisionItem:
    """What the table decided on one item, in the form every partner may see.

    Attributes:
        case_number: Case discussed; empty for a free item.
        label: Initials and area of the case.
        title: Title of a free item (ignored for cases).
        decision: The decision in a sentence or two.
        step_change: e.g. "5 WAARSCHUWING → 6 VOORNEMEN"; empty if the step did not change.
        agreements: Agreements made on this item.
        returns_on: Sitting date on which the case returns, if set.
        returns_note: Condition for returning, e.g. "alleen bij nieuwe meldingen".
        partners_present: Partners present for this item.
        number: The item's number on the agenda ("6.2"), so the lists match the agenda.
    """

    case_number: str = ""
    label: str = ""
    title: str = ""
    decision: str = ""
    step_change: str = ""
    agreements: tuple[Agreement, ...] = ()
    returns_on: dt.date | None = None
    returns_note: str = ""
    partners_present: tuple[str, ...] = ()
    number: str = ""

    def involves(self, partner: str) -> bool:
        """Tell whether `partner` was present for this item or has an agreement from it."""
        return partner in self.partners_present or any(
            a.partner == partner for a in self.agreements
        )


@dataclass(frozen=True, slots=True)
class DistributedDecisions:
    """The decisions without dossiers: all the distributed builders can see."""

    sitting: SittingInfo
    items: tuple[DecisionItem, ...] = ()
    partners_present: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DecisionsDocument:
    """The complete decisions of a sitting, with a dossier per case for the chair's copy."""

    sitting: SittingInfo
    items: tuple[DecisionItem, ...] = ()
    partners_present: tuple[str, ...] = ()
    dossiers: Mapping[str, CaseDossier] = field(default_factory=dict)

    def distributed(self) -> DistributedDecisions:
        """Return the projection for distributed copies and action lists.

        Raises:
            ValidationError: A text identifies a person (see `check_public_text`).
        """
        # Every text against every subject of the sitting's cases (see AgendaDocument).
        everyone = dossier_identities(self.dossiers.values())
        check_sitting_place(self.sitting, everyone)
        for item in self.items:
            fields = [("label", item.label), ("title", item.title), ("decision", item.decision)]
            fields.append(("returns_note", item.returns_note))
            for agreement in item.agreements:
                fields.extend((("agreement", agreement.what), ("condition", agreement.condition)))
            check_public_text(item.case_number or _("een vrij punt"), fields, everyone)
        return DistributedDecisions(self.sitting, self.items, self.partners_present)


def _spec(
    sitting: SittingInfo,
    title: str,
    variant_label: str,
    recipient: str,
    present: tuple[str, ...],
    printed_on: dt.date,
) -> DocumentSpec:
    facts: list[tuple[str, str]] = []
    if present:
        facts.append((_("Aanwezig"), ", ".join(present)))
    absent = [p for p in sitting.invited_partners if p not in present]
    if present and absent:
        facts.append((_("Afwezig"), ", ".join(absent)))
    return sitting_spec(
        sitting,
        title=title,
        keyword=title.lower(),
        variant_label=variant_label,
        recipient=recipient,
        printed_on=printed_on,
        facts=facts,
    )


def _agreements_table(agreements: tuple[Agreement, ...]) -> Flowable:
    rows = [
        [a.what, a.partner, format_date_short(a.due) if a.due else "", a.condition]
        for a in agreements
    ]
    header = [_("Afspraak"), _("Partner"), _("Uiterlijk"), _("Voorwaarde")]
    return data_table(header, rows, [4.2, 2.8, 1.5, 2.7], indent=ITEM_INDENT)


def _item_flowables(
    number: str, item: DecisionItem, dossier: CaseDossier | None, chair: bool
) -> list[Flowable]:
    st = document_styles()
    if item.case_number:
        head_text = (
            f"{esc(item.case_number)}&nbsp;&nbsp;<font color='#5A6472'>{esc(item.label)}</font>"
        )
    else:
        head_text = esc(item.title)
    head = Paragraph(head_text, st.item, bulletText=number)
    facts = [(_("Besluit"), item.decision or "—")]
    if item.step_change:
        facts.append((_("Stapwijziging"), item.step_change))
    if item.returns_on is not None or item.returns_note:
        when = format_date_short(item.returns_on) if item.returns_on else ""
        facts.append((_("Komt terug"), ", ".join(t for t in (when, item.returns_note) if t)))
    if item.partners_present:
        facts.append((_("Aanwezig"), ", ".join(item.partners_present)))
    block: list[Flowable] = [head, facts_table(facts, indent=ITEM_INDENT)]
    if item.agreements:
        block.extend([Spacer(1, 1.5 * mm), _agreements_table(item.agreements)])
    flowables: list[Flowable] = [KeepTogether(block)]
    if chair and dossier is not None:
        flowables.extend(subjects_table(dossier))
    flowables.append(Spacer(1, 2 * mm))
    return flowables


def _decisions_story(
    items: tuple[DecisionItem, ...], dossiers: Mapping[str, CaseDossier], chair: bool
) -> list[Flowable]:
    st = document_styles()
    if not items:
        return [Paragraph(_("Er zijn geen besluiten genomen."), st.body)]
    story: list[Flowable] = []
    for index, item in enumerate(items, start=1):
        dossier = dossiers.get(item.case_number) if item.case_number else None
        # The agenda's number ("6.2"); a list built without one counts 1, 2, 3.
        story.extend(_item_flowables(item.number or f"{index}.", item, dossier, chair))
    return story


def _chair_parts(
    document: DecisionsDocument, printed_on: dt.date
) -> tuple[DocumentSpec, list[Flowable]]:
    spec = _spec(
        document.sitting,
        _("Besluitenlijst"),
        Variant.VOORZITTER.label,
        _("Voorzitter"),
        document.partners_present,
        printed_on,
    )
    return spec, _decisions_story(document.items, document.dossiers, True)


def build_decisions_chair(document: DecisionsDocument, *, printed_on: dt.date) -> bytes:
    """Return the chair's besluitenlijst: decisions with the subjects of each case."""
    return build_pdf_bytes(*_chair_parts(document, printed_on))


def _check_partner(decisions: DistributedDecisions, partner: str) -> None:
    known = set(decisions.sitting.invited_partners) | set(decisions.partners_present)
    known |= {a.partner for i in decisions.items for a in i.agreements}
    if partner not in known:
        raise ValidationError(
            _("{partner} was niet uitgenodigd en heeft geen afspraken.").format(partner=partner),
            field="partner",
        )


def _distributed_parts(
    decisions: DistributedDecisions, partner: str | None, printed_on: dt.date
) -> tuple[DocumentSpec, list[Flowable]]:
    items = decisions.items
    recipient = _("Alle deelnemers")
    if partner is not None:
        _check_partner(decisions, partner)
        items = tuple(i for i in items if i.involves(partner))
        recipient = partner
    spec = _spec(
        decisions.sitting,
        _("Besluitenlijst"),
        Variant.VERSPREID.label,
        recipient,
        decisions.partners_present,
        printed_on,
    )
    return spec, _decisions_story(items, {}, False)


def build_decisions_distributed(
    decisions: DistributedDecisions, *, printed_on: dt.date, partner: str | None = None
) -> bytes:
    """Return the distributed besluitenlijst, or one partner's copy of the items it is in.

    Raises:
        ValidationError: `partner` was not invited and has no agreements.
    """
    return build_pdf_bytes(*_distributed_parts(decisions, partner, printed_on))


def _action_parts(
    decisions: DistributedDecisions, partner: str | None, printed_on: dt.date
) -> tuple[DocumentSpec, list[Flowable]]:
    st = document_styles()
    by_partner: dict[str, list[tuple[DecisionItem, Agreement]]] = {}
    for item in decisions.items:
        for agreement in item.agreements:
            by_partner.setdefault(agreement.partner, []).append((item, agreement))
    if partner is not None:
        _check_partner(decisions, partner)
        by_partner = {partner: by_partner.get(partner, [])}
    spec = _spec(
        decisions.sitting,
        _("Actielijst"),
        "",
        partner or _("Alle deelnemers"),
        decisions.partners_present,
        printed_on,
    )
    story: list[Flowable] = []
    for number, name in enumerate(sorted(by_partner, key=str.casefold), start=1):
        story.append(Paragraph(esc(name), st.section, bulletText=f"{number}."))
        pairs = sorted(by_partner[name], key=lambda p: (p[1].due or dt.date.max, p[0].case_number))
        if not pairs:
            story.append(Paragraph(_("Geen afspraken uit deze zitting."), st.indented))
            continue
        rows = [
            [
                item.number,
                item.case_number or item.title,
                agreement.what,
                format_date_short(agreement.due) if agreement.due else "",
                agreement.condition,
            ]
            for item, agreement in pairs
        ]
        header = [_("Punt"), _("Casus"), _("Afspraak"), _("Uiterlijk"), _("Voorwaarde")]
        story.append(data_table(header, rows, [0.9, 2.2, 4.0, 1.5, 2.6], indent=ITEM_INDENT))
    if not story:
        story.append(Paragraph(_("Er zijn geen afspraken gemaakt."), st.body))
    return spec, story


def build_action_list(
    decisions: DistributedDecisions, *, printed_on: dt.date, partner: str | None = None
) -> bytes:
    """Return the action list: agreements grouped by partner, earliest due date first.

    It holds case numbers, never labels or names. With `partner`, only that partner's part.

    Raises:
        ValidationError: `partner` was not invited and has no agreements.
    """
    return build_pdf_bytes(*_action_parts(decisions, partner, printed_on))


def write_decisions(
    path: Path,
    document: DecisionsDocument,
    variant: Variant,
    *,
    printed_on: dt.date,
    partner: str | None = None,
) -> Path:
    """Write the besluitenlijst in `variant` atomically to `path`; the caller audits the print.

    Raises:
        ValidationError: Partner copy of the chair's version, unknown partner, or a text that
            names a subject.
        OutputError: The file could not be written; an existing file is unchanged.
    """
    if variant is Variant.VOORZITTER:
        refuse_chair_partner_copy(partner)
        return write_pdf(path, *_chair_parts(document, printed_on))
    return write_pdf(path, *_distributed_parts(document.distributed(), partner, printed_on))


def write_action_list(
    path: Path, document: DecisionsDocument, *, printed_on: dt.date, partner: str | None = None
) -> Path:
    """Write the action list (all partners, or one) atomically to `path`.

    Raises:
        ValidationError: Unknown partner, or an agreement that names a subject.
        OutputError: The file could not be written; an existing file is unchanged.
    """
    return write_pdf(path, *_action_parts(document.distributed(), partner, printed_on))
