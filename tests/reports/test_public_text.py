"""The distributed copy's guard: whole words, the item and field named, the value never."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from casustafel.domain.model import TableCode
from casustafel.errors import ValidationError
from casustafel.reports.agenda import AgendaCaseItem, AgendaDocument, AgendaSection, FreeItem
from casustafel.reports.decisions import DecisionItem, DecisionsDocument
from casustafel.reports.sitting_data import (
    Agreement,
    CaseDossier,
    SittingInfo,
    SubjectLine,
    check_public_text,
    dossier_identities,
)

DOSSIER = CaseDossier(
    case_number="WO-2026-0266",
    status="In behandeling",
    step="4 CASUSTAFEL",
    lead_partner="Lefier",
    registered_on=dt.date(2026, 3, 1),
    tenure="huur",
    subjects=(
        SubjectLine(
            name="Noor Jansen",
            role="veroorzaker",
            birth_date=dt.date(1980, 3, 4),
            address="Houtweg 12, 7811 AP Emmen",
        ),
    ),
)
IDENTITIES = dossier_identities([DOSSIER])
SITTING = SittingInfo(TableCode.WO, "2026-14", dt.date(2026, 5, 4))


def test_a_name_inside_a_longer_word_is_not_a_mention() -> None:
    check_public_text(
        "WO-2026-0266", [("question", "Overlast in Veenoord en de Houtwegbuurt?")], IDENTITIES
    )


@pytest.mark.parametrize(
    "text", ["Is Noor bereid tot bemiddeling?", "Gesprek met noor.", "Jansen weigert (Noor)"]
)
def test_a_name_as_a_word_is_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="een naam") as info:
        check_public_text("WO-2026-0266", [("question", text)], IDENTITIES)
    assert "WO-2026-0266" in str(info.value) and "vraag aan de tafel" in str(info.value)
    assert "Noor" not in str(info.value) and info.value.field == "question"


def test_the_agenda_refuses_a_free_item_naming_a_subject_and_names_the_item() -> None:
    document = AgendaDocument(
        SITTING,
        (
            AgendaCaseItem(AgendaSection.NIEUWE_CASUSSEN, "WO-2026-0266", "N.J. (Emmen)", "Plan?"),
            FreeItem(AgendaSection.RONDVRAAG, "Rondvraag", "Nog iets over 7811ap?"),
        ),
        {"WO-2026-0266": DOSSIER},
    )
    with pytest.raises(ValidationError, match="agendapunt 2") as info:
        document.distributed()
    assert "postcode" in str(info.value) and info.value.field == "text"


def test_the_decisions_list_refuses_an_agreement_and_names_the_field() -> None:
    item = DecisionItem(
        case_number="WO-2026-0266",
        label="N.J. (Emmen)",
        decision="Plan van aanpak vastgesteld.",
        agreements=(Agreement("Huisbezoek Houtweg 12", "politie"),),
    )
    document = DecisionsDocument(SITTING, (item,), dossiers={"WO-2026-0266": DOSSIER})
    with pytest.raises(ValidationError, match="Een afspraak bij WO-2026-0266") as info:
        document.distributed()
    assert info.value.field == "agreement"


def test_the_meeting_place_counts_only_the_subjects() -> None:
    office = dataclasses.replace(SITTING, place="Raadhuisplein 1, 7811 AB Emmen")
    item = AgendaCaseItem(AgendaSection.NIEUWE_CASUSSEN, "WO-2026-0266", "N.J. (Emmen)", "Plan?")
    AgendaDocument(office, (item,), {"WO-2026-0266": DOSSIER}).distributed()
    at_home = dataclasses.replace(SITTING, place="Bij Noor thuis")
    with pytest.raises(ValidationError, match="vergaderplaats bij zitting 2026-14"):
        AgendaDocument(at_home, (item,), {"WO-2026-0266": DOSSIER}).distributed()
