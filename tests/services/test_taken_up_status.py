"""'Geagendeerd' says whether a sitting is set: the weighing outcome is not an agenda."""

from __future__ import annotations

from casustafel.db.vault import Vault
from casustafel.services import cases, sittings
from casustafel.services.sitting_planning import cancel_sitting
from tests.services.sitting_fixtures import SITTING_DAY, seed


def _status(vault: Vault, case_id: int) -> str:
    (row,) = [c for c in cases.list_case_summaries(vault) if c.id == case_id]
    return row.status_text


def test_a_taken_up_case_waits_for_a_sitting_until_it_is_on_an_agenda(vault: Vault) -> None:
    seeded = seed(vault)
    case_id = seeded.new_case  # weighed as "geagendeerd", on no agenda yet
    assert _status(vault, case_id) == "Geagendeerd, wacht"
    assert cases.get_case_file(vault, case_id).status_sentence == (
        "Geagendeerd, wacht op een zitting (staat op geen agenda)"
    )

    sittings.add_case_item(vault, seeded.sitting_id, case_id)
    assert _status(vault, case_id) == f"Geagendeerd {SITTING_DAY:%d-%m}"
    assert cases.get_case_file(vault, case_id).status_sentence == (
        f"Geagendeerd voor de zitting van {SITTING_DAY:%d-%m-%Y}"
    )

    cancel_sitting(vault, seeded.sitting_id, "Zaal niet beschikbaar")
    assert _status(vault, case_id) == "Geagendeerd, wacht"


def test_other_statuses_keep_their_label(vault: Vault) -> None:
    seeded = seed(vault)
    sittings.add_case_item(vault, seeded.sitting_id, seeded.quiet_case)
    assert _status(vault, seeded.quiet_case) == "In behandeling"
