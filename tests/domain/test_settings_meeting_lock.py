"""The meeting-mode lock time: a default of 15 minutes, 5 to 60, kept through JSON."""

from __future__ import annotations

import pytest

from casustafel.domain.settings import Settings
from casustafel.errors import ValidationError


def test_meeting_lock_defaults_to_a_quarter_and_round_trips() -> None:
    assert Settings().meeting_lock_minutes == 15
    assert (
        Settings.from_json(Settings(meeting_lock_minutes=30).to_json()).meeting_lock_minutes == 30
    )
    assert Settings.from_json('{"auto_lock_minutes": 5}').meeting_lock_minutes == 15  # older vault


@pytest.mark.parametrize("minutes", [0, 4, 61])
def test_meeting_lock_outside_5_to_60_is_refused(minutes: int) -> None:
    with pytest.raises(ValidationError) as refused:
        Settings(meeting_lock_minutes=minutes)
    assert refused.value.field == "meeting_lock_minutes"
