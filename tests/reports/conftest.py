"""Sitting documents with distinctive subjects, shared by the agenda and decisions tests."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from casustafel.domain.model import TableCode
from casustafel.reports.agenda import AgendaCaseItem, AgendaDocument, AgendaSection, FreeItem
from casustafel.reports.sitting_data import (
    Agreement,
    CaseDossier,
    HistoryLine,
    InterventionLine,
    SittingInfo,
    SubjectLine,
)

if TYPE_CHECKING:
    from casustafel.reports.decisions import DecisionsDocument

PRINTED_ON = dt.date(2026, 4, 10)

# Distinctive values that must never appear in a distributed copy or in any metadata.
SUBJECTS = {
    "WO-2026-0042": (
        SubjectLine(
            name="Jozef Wałęsa-Quartermaine",
            role="veroorzaker",
            birth_date=dt.date(1979, 3, 14),
            bsn="111222333",
            address="Zwaluwstaartlaan 17, 7811 AB Emmen",
            phone="06-98765432",
        ),
        SubjectLine(name="Xandra Ypenburg-Zoeterwoude", role="melder", phone="0591-123987"),
    ),
    "WO-2026-0051": (
        SubjectLine(
            name="Quirijn van der Kloosterveen",
            role="huurder",
            birth_date=dt.date(1990, 11, 2),
            bsn="123456782",
            address="Kikkerbeetstraat 4-A, 7824 CD Emmen",
        ),
    ),
}
PERSONAL_STRINGS = (
    "Wałęsa",
    "Quartermaine",
    "Jozef",
    "111222333",
    "14-03-1979",
    "1979",
    "Zwaluwstaartlaan",
    "06-98765432",
    "98765432",
    "Ypenburg",
    "Zoeterwoude",
    "0591-123987",
    "Kloosterveen",
    "Quirijn",
    "123456782",
    "02-11-1990",
    "Kikkerbeetstraat",
)

SITTING = SittingInfo(
    table=TableCode.WO,
    number="2026-14",
    date=dt.date(2026, 4, 14),
    start=dt.time(9, 30),
    place="Gemeentehuis Emmen, kamer 2.14",
    chair="Overlastregisseur",
    minute_taker="Secretariaat Veiligheid",
    invited_partners=("Politie", "Lefier", "GGZ Drenthe", "Wijkteam Emmerhout"),
    previous_number="2026-13",
    previous_date=dt.date(2026, 3, 31),
    next_date=dt.date(2026, 4, 28),
    next_start=dt.time(9, 30),
)


def dossiers() -> dict[str, CaseDossier]:
    """Return the chair's dossiers of the two test cases."""
    return {
        "WO-2026-0042": CaseDossier(
            case_number="WO-2026-0042",
            status="In behandeling",
            step="5 WAARSCHUWING",
            lead_partner="Lefier",
            registered_on=dt.date(2026, 1, 8),
            tenure="huur",
            subjects=SUBJECTS["WO-2026-0042"],
            history=(
                HistoryLine(dt.date(2026, 3, 31), "Opgeschaald naar stap 5: waarschuwing"),
                HistoryLine(dt.date(2026, 3, 2), "Nieuwe melding geluidsoverlast buren"),
            ),
            interventions=(
                InterventionLine("Huurwaarschuwing", "Lefier", "lopend", dt.date(2026, 4, 20)),
            ),
            agreements=(Agreement("Huisbezoek met wijkagent", "Politie", dt.date(2026, 4, 13)),),
        ),
        "WO-2026-0051": CaseDossier(
            case_number="WO-2026-0051",
            status="Geagendeerd",
            step="1 ONDERZOEK",
            lead_partner="Politie",
            registered_on=dt.date(2026, 4, 1),
            subjects=SUBJECTS["WO-2026-0051"],
        ),
    }


def make_agenda() -> AgendaDocument:
    """Return an agenda with two case items, free items and distinctive dossiers."""
    return AgendaDocument(
        sitting=SITTING,
        items=(
            FreeItem(AgendaSection.OPENING, "Kennismaking nieuwe wijkagent Emmerhout"),
            AgendaCaseItem(
                AgendaSection.NIEUWE_CASUSSEN,
                "WO-2026-0051",
                "Q.v.d.K. (Angelslo)",
                "Is er zorg nodig naast de handhaving?",
                ("GGZ Drenthe", "Wijkteam Emmerhout"),
            ),
            AgendaCaseItem(
                AgendaSection.OPSCHALING,
                "WO-2026-0042",
                "J.W. (Emmerhout)",
                "Steunt de tafel het voornemen tot een gedragsaanwijzing?",
                ("Politie", "Lefier"),
            ),
            FreeItem(
                AgendaSection.TRENDS, "Meldingen eerste kwartaal", "37 meldingen, 12 casussen."
            ),
        ),
        dossiers=dossiers(),
    )


def make_decisions() -> DecisionsDocument:
    """Return a besluitenlijst for the same sitting and cases."""
    from casustafel.reports.decisions import DecisionItem, DecisionsDocument

    return DecisionsDocument(
        sitting=SITTING,
        partners_present=("Politie", "Lefier", "GGZ Drenthe"),
        items=(
            DecisionItem(
                case_number="WO-2026-0051",
                label="Q.v.d.K. (Angelslo)",
                decision="Zorgtraject via het wijkteam; handhaving wacht vier weken.",
                agreements=(
                    Agreement(
                        "Keukentafelgesprek plannen", "Wijkteam Emmerhout", dt.date(2026, 4, 24)
                    ),
                ),
                returns_on=dt.date(2026, 5, 12),
                partners_present=("GGZ Drenthe", "Politie"),
            ),
            DecisionItem(
                case_number="WO-2026-0042",
                label="J.W. (Emmerhout)",
                decision="De tafel steunt het voornemen tot een gedragsaanwijzing.",
                step_change="5 WAARSCHUWING → 6 VOORNEMEN",
                agreements=(
                    Agreement(
                        "Voornemen gedragsaanwijzing opstellen",
                        "Gemeente Emmen",
                        dt.date(2026, 4, 21),
                    ),
                    Agreement(
                        "Huurachterstand bespreken",
                        "Lefier",
                        dt.date(2026, 4, 30),
                        "als de overlast aanhoudt",
                    ),
                ),
                returns_on=dt.date(2026, 4, 28),
                partners_present=("Politie", "Lefier"),
            ),
        ),
        dossiers=dossiers(),
    )


@pytest.fixture
def agenda() -> AgendaDocument:
    """The agenda of `make_agenda`."""
    return make_agenda()


@pytest.fixture
def decisions() -> DecisionsDocument:
    """The besluitenlijst of `make_decisions`."""
    return make_decisions()
