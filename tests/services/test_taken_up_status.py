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
    assert _status(vault, case_id) == "Geagendeerd, wacht op zitting"
    assert cases.get_case_file(vault, case_id).status_text == "Geagendeerd, wacht op zitting"

    sittings.add_case_item(vault, seeded.sitting_id, case_id)
    on_agenda = f"Geagendeerd, zitting {SITTING_DAY:%d-%m-%Y}"
    assert _status(vault, case_id) == on_agenda
    assert cases.get_case_file(vault, case_id).status_text == on_agenda

    cancel_sitting(vault, seeded.sitting_id, "Zaal niet beschikbaar")
    assert _status(vault, case_id) == "Geagendeerd, wacht op zitting"


def test_other_statuses_keep_their_label(vault: Vault) -> None:
    seeded = seed(vault)
    sittings.add_case_item(vault, seeded.sitting_id, seeded.quiet_case)
    assert _status(vault, seeded.quiet_case) == "In behandeling"
