"""The distributed copy's guard against names: whole words, so place names do not trip it."""

from __future__ import annotations

import datetime as dt

import pytest

from casustafel.errors import ValidationError
from casustafel.reports.sitting_data import CaseDossier, SubjectLine, check_public_text

DOSSIER = CaseDossier(
    case_number="WO-2026-0266",
    status="In behandeling",
    step="4 CASUSTAFEL",
    lead_partner="Lefier",
    registered_on=dt.date(2026, 3, 1),
    tenure="huur",
    subjects=(SubjectLine(name="Noor Jansen", role="veroorzaker"),),
)


def test_a_name_inside_a_longer_word_is_not_a_mention() -> None:
    check_public_text("WO-2026-0266", ["Overlast in Veenoord: buurtbemiddeling?"], DOSSIER)


@pytest.mark.parametrize(
    "text", ["Is Noor bereid tot bemiddeling?", "Gesprek met noor.", "Jansen weigert (Noor)"]
)
def test_a_name_as_a_word_is_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="een naam"):
        check_public_text("WO-2026-0266", [text], DOSSIER)
