"""The chair's case summary block, shared by the chair's agenda and besluitenlijst.

Only the voorzitter builders call these functions; the distributed builders never hold a
`CaseDossier` to pass in.
"""

from __future__ import annotations

from functools import cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from casustafel.i18n import _
from casustafel.reports.base import (
    ITEM_INDENT,
    data_table,
    document_styles,
    esc,
    facts_table,
    format_date_short,
)
from casustafel.reports.sitting_data import CaseDossier

__all__ = ["dossier_flowables", "subjects_table"]

_HISTORY_LIMIT = 6  # the chair needs the recent course, not the whole file


@cache
def _sub_heading_style() -> ParagraphStyle:
    """One shared style for the dossier's small headings (not a clone per heading)."""
    return document_styles().label.clone(
        "cs-dossier-head", leftIndent=ITEM_INDENT, spaceBefore=7, spaceAfter=2, keepWithNext=1
    )


def _sub_heading(text: str) -> Paragraph:
    return Paragraph(esc(text), _sub_heading_style())


def subjects_table(dossier: CaseDossier) -> list[Flowable]:
    """Subjects with role, birth date, BSN, address and phone, under a small heading."""
    if not dossier.subjects:
        return []
    rows = [
        [
            s.name,
            s.role,
            format_date_short(s.birth_date) if s.birth_date else "",
            s.bsn,
            s.address,
            s.phone,
        ]
        for s in dossier.subjects
    ]
    header = [_("Naam"), _("Rol"), _("Geboren"), _("BSN"), _("Adres"), _("Telefoon")]
    # Widths in mm of the 156 mm available: dates, BSNs and phone numbers never wrap.
    return [
        KeepTogether(
            [
                _sub_heading(_("Betrokkenen")),
                data_table(header, rows, [29, 21, 21, 21, 39, 25], indent=ITEM_INDENT),
            ]
        )
    ]


def dossier_flowables(dossier: CaseDossier | None) -> list[Flowable]:
    """Return the full case summary for the chair: facts, subjects, history, open work."""
    st = document_styles()
    if dossier is None:
        return [Paragraph(_("Geen dossiergegevens beschikbaar."), st.indented)]
    facts = [
        (_("Status"), dossier.status),
        (_("Huidige stap"), dossier.step),
        (_("Voortouw"), dossier.lead_partner),
        (
            _("Aangemeld"),
            format_date_short(dossier.registered_on) if dossier.registered_on else "",
        ),
        (_("Huur/koop"), dossier.tenure),
    ]
    shown = [(label, value) for label, value in facts if value]
    block: list[Flowable] = [Spacer(1, 1 * mm)]
    if shown:
        block.append(facts_table(shown, indent=ITEM_INDENT))
    block.extend(subjects_table(dossier))
    if dossier.history:
        rows = [[format_date_short(h.on), h.text] for h in dossier.history[:_HISTORY_LIMIT]]
        block.append(
            KeepTogether(
                [
                    _sub_heading(_("Verloop (recent)")),
                    data_table([_("Datum"), _("Gebeurtenis")], rows, [1, 6], indent=ITEM_INDENT),
                ]
            )
        )
    open_rows = [
        [i.what, i.partner, i.status, format_date_short(i.due) if i.due else ""]
        for i in dossier.interventions
    ]
    open_rows.extend(
        [
            a.what + (f" ({_('voorwaarde')}: {a.condition})" if a.condition else ""),
            a.partner,
            _("afspraak"),
            format_date_short(a.due) if a.due else "",
        ]
        for a in dossier.agreements
    )
    if open_rows:
        header = [_("Interventie of afspraak"), _("Partner"), _("Status"), _("Uiterlijk")]
        block.append(
            KeepTogether(
                [
                    _sub_heading(_("Lopende interventies en afspraken")),
                    data_table(header, open_rows, [5, 2.2, 1.4, 1.4], indent=ITEM_INDENT),
                ]
            )
        )
    block.append(Spacer(1, 2 * mm))
    return block
