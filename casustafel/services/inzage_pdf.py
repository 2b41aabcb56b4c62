"""The access request (inzageverzoek) as a PDF in the shared municipal look.

Kept apart from the gathering in `inzage.py`: this module only lays out an `AccessReport`.
The PDF's metadata comes from `DocumentSpec` and holds no personal data; only the body does,
which is the point of an access request.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, Paragraph

from casustafel.i18n import _
from casustafel.reports.base import (
    DocumentSpec,
    build_pdf_bytes,
    data_table,
    document_styles,
    esc,
    facts_table,
)

if TYPE_CHECKING:
    from .inzage import AccessReport, CaseSection, Row

__all__ = ["build_access_pdf"]


def _rows_block(title: str, rows: tuple[Row, ...]) -> list[Flowable]:
    st = document_styles()
    if not rows:
        return []
    story: list[Flowable] = [Paragraph(esc(title), st.label)]
    for row in rows:
        story.append(
            Paragraph(esc(" · ".join(f"{label}: {value}" for label, value in row)), st.body)
        )
    return story


def _case_block(number: int, case: CaseSection) -> list[Flowable]:
    st = document_styles()
    story: list[Flowable] = [
        Paragraph(esc(f"{case.number} ({case.table.label})"), st.item, bulletText=f"{number}.")
    ]
    facts = [
        (_("Uw rol"), ", ".join(case.roles)),
        (_("Status"), case.status),
        (_("Geregistreerd"), case.registered_on.strftime("%d-%m-%Y")),
    ]
    if case.closed_on:
        facts.append((_("Afgesloten"), case.closed_on.strftime("%d-%m-%Y")))
    if case.other_roles:
        facts.append((_("Andere betrokkenen"), ", ".join(case.other_roles)))
    facts.extend(case.facts)
    story.append(facts_table(facts))
    story += _rows_block(_("Verloop"), case.events)
    story += _rows_block(_("Interventies"), case.interventions)
    story += _rows_block(_("Notities"), case.notes)
    story += _rows_block(_("Besproken op zittingen"), case.agenda)
    story += _rows_block(_("Afspraken"), case.agreements)
    return story


def build_access_pdf(report: AccessReport, printed_on: dt.date) -> bytes:
    """The whole access request as PDF bytes (built in memory, never a temp file)."""
    st = document_styles()
    story: list[Flowable] = [
        Paragraph(
            esc(
                _(
                    "Overzicht van alle gegevens die in deze kluis over de betrokkene zijn "
                    "vastgelegd, met wie ze wanneer heeft ingezien of gewijzigd. Controleer vóór "
                    "verstrekking of vrije tekst gegevens van anderen bevat (art. 15 lid 4 AVG)."
                )
            ),
            st.body,
        ),
        Paragraph(esc(_("Persoonsgegevens")), st.section, bulletText="1"),
        facts_table([(_("Soort"), report.kind), *report.personal]),
        Paragraph(esc(_("Casussen")), st.section, bulletText="2"),
    ]
    if not report.cases:
        story.append(Paragraph(esc(_("Geen casussen.")), st.muted))
    for number, case in enumerate(report.cases, start=1):
        story += _case_block(number, case)
    story.append(Paragraph(esc(_("Signalen")), st.section, bulletText="3"))
    story += _rows_block(_("Signalen over of met de betrokkene"), report.signals) or [
        Paragraph(esc(_("Geen signalen.")), st.muted)
    ]
    story.append(Paragraph(esc(_("Wie heeft de gegevens ingezien of gewijzigd")), st.section,
                           bulletText="4"))  # fmt: skip
    story.append(
        data_table(
            [_("Tijd (UTC)"), _("Gebruiker"), _("Actie"), _("Object"), _("Op verzoek van")],
            [
                [
                    line.at.strftime("%d-%m-%Y %H:%M"),
                    line.user,
                    line.action_label,
                    line.object_kind,
                    line.on_behalf_of_label,
                ]
                for line in report.audit
            ],
            [15, 15, 12, 11, 20],
        )
    )
    spec = DocumentSpec(
        title=_("Inzageverzoek"),
        recipient=_("Betrokkene (via de privacyfunctionaris)"),
        printed_on=printed_on,
        facts=((_("Betrokkene-id"), str(report.subject_id)),),
        keywords=("inzageverzoek",),
    )
    return build_pdf_bytes(spec, story)
