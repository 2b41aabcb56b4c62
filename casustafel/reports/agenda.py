"""Agenda PDF of a sitting: the chair's copy with case summaries and the distributed copy.

The distributed builder takes a `DistributedAgenda`, a projection that holds no case dossier,
so it has no way to print a subject's name, BSN, birth date, address or phone number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from casustafel.errors import ValidationError
from casustafel.i18n import _
from casustafel.reports.base import (
    DocumentSpec,
    build_pdf_bytes,
    document_styles,
    esc,
    format_date_long,
    format_time,
    write_pdf,
)
from casustafel.reports.dossier import dossier_flowables
from casustafel.reports.sitting_data import (
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
    "SECTION_TITLES",
    "AgendaCaseItem",
    "AgendaDocument",
    "AgendaSection",
    "DistributedAgenda",
    "FreeItem",
    "build_agenda_chair",
    "build_agenda_distributed",
    "item_numbers",
    "write_agenda",
]


class AgendaSection(StrEnum):
    """The fixed frame of every agenda (DOMAIN.md), in print order."""

    OPENING = "opening"
    VERTROUWELIJKHEID = "vertrouwelijkheid"
    BESLUITENLIJST = "besluitenlijst"
    ACTIELIJST = "actielijst"
    NIEUWE_CASUSSEN = "nieuwe_casussen"
    LOPENDE_CASUSSEN = "lopende_casussen"
    OPSCHALING = "opschaling"
    AFSCHALING = "afschaling"
    TRENDS = "trends"
    RONDVRAAG = "rondvraag"
    VOLGENDE_ZITTING = "volgende_zitting"


SECTION_TITLES: Mapping[AgendaSection, str] = MappingProxyType(
    {
        AgendaSection.OPENING: _("Opening en mededelingen"),
        AgendaSection.VERTROUWELIJKHEID: _("Vertrouwelijkheid en doel van de casustafel"),
        AgendaSection.BESLUITENLIJST: _("Besluitenlijst vorige zitting"),
        AgendaSection.ACTIELIJST: _("Actielijst"),
        AgendaSection.NIEUWE_CASUSSEN: _("Nieuwe casussen"),
        AgendaSection.LOPENDE_CASUSSEN: _("Lopende casussen"),
        AgendaSection.OPSCHALING: _("Opschalingsbesluiten"),
        AgendaSection.AFSCHALING: _("Afschaling en afsluiting"),
        AgendaSection.TRENDS: _("Trends en signalen (alleen geaggregeerd)"),
        AgendaSection.RONDVRAAG: _("Rondvraag"),
        AgendaSection.VOLGENDE_ZITTING: _("Volgende zitting"),
    }
)

# Sections whose items are cases; the others hold fixed text and free items.
CASE_SECTIONS = frozenset(
    {
        AgendaSection.NIEUWE_CASUSSEN,
        AgendaSection.LOPENDE_CASUSSEN,
        AgendaSection.OPSCHALING,
        AgendaSection.AFSCHALING,
    }
)

_PURPOSE = _(
    "Wat aan deze tafel wordt gedeeld is vertrouwelijk. Deelnemers gebruiken de informatie "
    "alleen voor het doel van de casustafel: een gezamenlijke aanpak van de besproken casussen, "
    "ieder binnen de eigen taak en bevoegdheid. Deel niet meer dan nodig is en neem geen "
    "aantekeningen met persoonsgegevens mee."
)


@dataclass(frozen=True, slots=True)
class AgendaCaseItem:
    """A case on the agenda, in the form every partner may see.

    Attributes:
        section: Where in the fixed frame the case is discussed.
        case_number: e.g. "WO-2026-0042".
        label: Initials and area, e.g. "J.d.V. (Emmerhout)".
        question: The question for the table.
        partners_needed: Partners whose contribution is needed for this item.
    """

    section: AgendaSection
    case_number: str
    label: str
    question: str
    partners_needed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FreeItem:
    """A free agenda item (mededeling, trend, rondvraag); aggregate text only, no case data."""

    section: AgendaSection
    title: str
    text: str = ""


AgendaItem = AgendaCaseItem | FreeItem


@dataclass(frozen=True, slots=True)
class DistributedAgenda:
    """The agenda without dossiers: all the distributed builder can see."""

    sitting: SittingInfo
    items: tuple[AgendaItem, ...] = ()


@dataclass(frozen=True, slots=True)
class AgendaDocument:
    """The complete agenda of a sitting, with a dossier per case for the chair's copy.

    Attributes:
        sitting: Facts of the sitting.
        items: Case and free items in the order the chair set; sections group them in print.
        dossiers: Full case summaries by case number (chair's copy only).
    """

    sitting: SittingInfo
    items: tuple[AgendaItem, ...] = ()
    dossiers: Mapping[str, CaseDossier] = field(default_factory=dict)

    def distributed(self) -> DistributedAgenda:
        """Return the projection for the distributed copies.

        Raises:
            ValidationError: A text identifies a person (see `check_public_text`).
        """
        # Every text against every subject on the agenda: a name from another case on it
        # identifies as well as one from the item's own case.
        everyone = dossier_identities(self.dossiers.values())
        check_sitting_place(self.sitting, everyone)
        for number, item in enumerate(self.items, start=1):
            if isinstance(item, AgendaCaseItem):
                fields = (("question", item.question), ("label", item.label))
                check_public_text(item.case_number, fields, everyone)
            else:
                section = SECTION_TITLES[item.section]
                where = _("agendapunt {n} ({section})").format(n=number, section=section)
                check_public_text(where, (("title", item.title), ("text", item.text)), everyone)
        return DistributedAgenda(sitting=self.sitting, items=self.items)


def _spec(
    sitting: SittingInfo, variant: Variant, recipient: str, printed_on: dt.date
) -> DocumentSpec:
    invited = ((_("Uitgenodigd"), ", ".join(sitting.invited_partners)),)
    return sitting_spec(
        sitting,
        title=_("Agenda"),
        keyword=_("agenda"),
        variant_label=variant.label,
        recipient=recipient,
        printed_on=printed_on,
        facts=invited if sitting.invited_partners else (),
    )


def _fixed_text(section: AgendaSection, sitting: SittingInfo) -> str:
    """Standing text of a frame section, built from sitting facts only."""
    if section is AgendaSection.VERTROUWELIJKHEID:
        return _PURPOSE
    if section is AgendaSection.BESLUITENLIJST and sitting.previous_number:
        text = _("Vaststellen van de besluitenlijst van zitting {number}").format(
            number=sitting.previous_number
        )
        if sitting.previous_date is not None:
            text += _(" van {date}").format(date=format_date_long(sitting.previous_date))
        return text + "."
    if section is AgendaSection.ACTIELIJST:
        return _("Doorlopen van de openstaande afspraken per partner.")
    if section is AgendaSection.VOLGENDE_ZITTING:
        if sitting.next_date is None:
            return _("Datum nog vast te stellen.")
        when = format_date_long(sitting.next_date, weekday=True)
        if sitting.next_start is not None:
            when += _(", {time}").format(time=format_time(sitting.next_start))
        return when + "."
    return ""


def _case_item(
    number: str, item: AgendaCaseItem, dossier: CaseDossier | None, chair: bool
) -> list[Flowable]:
    st = document_styles()
    head = Paragraph(
        f"{esc(item.case_number)}&nbsp;&nbsp;<font color='#5A6472'>{esc(item.label)}</font>",
        st.item,
        bulletText=number,
    )
    lines = [
        Paragraph(f"<b>{_('Vraag aan de tafel')}:</b> {esc(item.question or '—')}", st.indented)
    ]
    needed = ", ".join(item.partners_needed) or "—"
    lines.append(Paragraph(f"<b>{_('Nodig')}:</b> {esc(needed)}", st.indented))
    block: list[Flowable] = [KeepTogether([head, *lines])]
    if chair:
        block.extend(dossier_flowables(dossier))
    return block


def item_numbers(sections: Sequence[str]) -> list[str]:
    """The printed number of each item ("6.2"), given their sections in agenda order.

    One rule for every document and screen: the index of the section in the fixed frame,
    then the item's place within it. The decisions list, the action list and a partner's
    copy take these numbers from the whole agenda, so everyone speaks of the same item.
    """
    frame = list(AgendaSection)
    seen: dict[str, int] = {}
    numbers = []
    for section in sections:
        seen[section] = seen.get(section, 0) + 1
        numbers.append(f"{frame.index(AgendaSection(section)) + 1}.{seen[section]}")
    return numbers


def _story(
    sitting: SittingInfo,
    items: Sequence[tuple[str, AgendaItem]],
    dossiers: Mapping[str, CaseDossier],
    chair: bool,
) -> list[Flowable]:
    """The frame with its items; `items` pairs each item with its number on the full agenda."""
    st = document_styles()
    story: list[Flowable] = []
    for index, section in enumerate(AgendaSection, start=1):
        story.append(Paragraph(esc(SECTION_TITLES[section]), st.section, bulletText=f"{index}."))
        fixed = _fixed_text(section, sitting)
        if fixed:
            story.append(Paragraph(esc(fixed), st.indented))
        members = [(number, item) for number, item in items if item.section is section]
        for number, item in members:
            if isinstance(item, AgendaCaseItem):
                dossier = dossiers.get(item.case_number)
                story.extend(_case_item(number, item, dossier, chair))
            else:
                story.append(Paragraph(esc(item.title), st.item, bulletText=number))
                if item.text:
                    story.append(Paragraph(esc(item.text), st.indented))
        if section in CASE_SECTIONS and not members:
            story.append(Paragraph(_("Geen casussen."), st.indented))
        story.append(Spacer(1, 1.5))
    return story


def _numbered(items: Sequence[AgendaItem]) -> list[tuple[str, AgendaItem]]:
    ordered = sorted(items, key=lambda i: list(AgendaSection).index(i.section))  # stable
    return list(zip(item_numbers([i.section.value for i in ordered]), ordered, strict=True))


def build_agenda_chair(document: AgendaDocument, *, printed_on: dt.date) -> bytes:
    """Return the chair's copy (voorzittersversie) with the full case summaries."""
    spec = _spec(document.sitting, Variant.VOORZITTER, _("Voorzitter"), printed_on)
    story = _story(document.sitting, _numbered(document.items), document.dossiers, True)
    return build_pdf_bytes(spec, story)


def _distributed_parts(
    agenda: DistributedAgenda, partner: str | None, printed_on: dt.date
) -> tuple[DocumentSpec, list[Flowable]]:
    items = agenda.items
    numbered = _numbered(items)
    recipient = _("Alle deelnemers")
    if partner is not None:
        needed = {p for i in items if isinstance(i, AgendaCaseItem) for p in i.partners_needed}
        if partner not in needed and partner not in agenda.sitting.invited_partners:
            raise ValidationError(
                _("{partner} is niet uitgenodigd en bij geen agendapunt nodig.").format(
                    partner=partner
                ),
                field="partner",
            )
        # A partner copy keeps the frame and free items but only the cases it is needed for.
        # Numbers stay those of the full agenda.
        numbered = [
            (n, i)
            for n, i in numbered
            if not isinstance(i, AgendaCaseItem) or partner in i.partners_needed
        ]
        recipient = partner
    spec = _spec(agenda.sitting, Variant.VERSPREID, recipient, printed_on)
    return spec, _story(agenda.sitting, numbered, {}, False)


def build_agenda_distributed(
    agenda: DistributedAgenda, *, printed_on: dt.date, partner: str | None = None
) -> bytes:
    """Return the distributed copy (verspreidversie), or one partner's copy.

    Args:
        agenda: The projection from `AgendaDocument.distributed()`.
        printed_on: Print date for the footer.
        partner: When given, only the case items this partner is needed for, addressed to it.

    Raises:
        ValidationError: `partner` is neither invited nor needed at any item.
    """
    return build_pdf_bytes(*_distributed_parts(agenda, partner, printed_on))


def write_agenda(
    path: Path,
    document: AgendaDocument,
    variant: Variant,
    *,
    printed_on: dt.date,
    partner: str | None = None,
) -> Path:
    """Write the agenda in `variant` atomically to `path`; the caller audits the print.

    Raises:
        ValidationError: A partner copy of the chair's version was asked for, the partner is
            unknown, or a question names a subject.
        OutputError: The file could not be written; an existing file is unchanged.
    """
    if variant is Variant.VOORZITTER:
        refuse_chair_partner_copy(partner)
        spec = _spec(document.sitting, Variant.VOORZITTER, _("Voorzitter"), printed_on)
        story = _story(document.sitting, _numbered(document.items), document.dossiers, True)
        return write_pdf(path, spec, story)
    spec, story = _distributed_parts(document.distributed(), partner, printed_on)
    return write_pdf(path, spec, story)
