"""The app's settings: one typed value with the defaults of DOMAIN.md, stored inside the vault.

Only window geometry and similar UI state live in QSettings; everything that shapes what
the app does with case data lives here, so it travels with the vault and changes are audited.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any

from casustafel.errors import ValidationError
from casustafel.i18n import _


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    """Retention in months per kind of record (DOMAIN.md "Privacy (AVG) rules").

    `outcome_months` sets a term for one outcome code of the table, above the general terms
    (see `domain.retention_rules`); an outcome not in it follows the general terms.
    """

    signal_not_taken_up_months: int = 12
    closed_case_months: int = 24
    audit_log_months: int = 60
    outcome_months: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Settings:
    auto_lock_minutes: int = 5  # 2–15, never off
    # In meeting mode the chair listens for long stretches: a separate, longer limit.
    meeting_lock_minutes: int = 15  # 5–60, never off
    suppression_k: int = 5  # 5 or 10
    signal_wait_workdays: int = 10  # signals waiting longer appear in "Mijn werk"
    inactivity_weeks: int = 6  # open cases without activity this long appear in "Mijn werk"
    good_friday_is_holiday: bool = False
    liberation_day_is_holiday: bool = False
    backup_folder: str = ""
    backups_to_keep: int = 5
    retention: dict[str, RetentionPolicy] = field(
        default_factory=lambda: {t: RetentionPolicy() for t in ("WO", "OM", "MH")}
    )

    def __post_init__(self) -> None:
        if not 2 <= self.auto_lock_minutes <= 15:
            raise ValidationError(
                _("Automatisch vergrendelen moet tussen 2 en 15 minuten liggen."),
                field="auto_lock_minutes",
            )
        if not 5 <= self.meeting_lock_minutes <= 60:
            raise ValidationError(
                _("Vergrendelen in de vergadermodus moet tussen 5 en 60 minuten liggen."),
                field="meeting_lock_minutes",
            )
        if self.suppression_k not in (5, 10):
            raise ValidationError(
                _("De drempel voor kleine aantallen is 5 of 10."), field="suppression_k"
            )

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Settings:
        raw: dict[str, Any] = json.loads(text) if text else {}
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in raw.items() if k in known}
        if "retention" in values:
            values["retention"] = {
                table: RetentionPolicy(**policy) for table, policy in values["retention"].items()
            }
        return cls(**values)
