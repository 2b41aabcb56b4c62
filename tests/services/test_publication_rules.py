"""Publication rules: identifying text in the interpretation is refused; earlier exports bind."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from casustafel.db.vault import Vault
from casustafel.domain.model import TableCode
from casustafel.domain.monitoring import MonitoringRequest, Period
from casustafel.errors import RefusedError, ValidationError
from casustafel.services.halfyear_report import check_interpretation
from casustafel.services.monitoring_export import ExportFormat, export_monitoring
from tests.reports.halfyear_helpers import CANARIES, canary_case


@pytest.mark.parametrize(
    "text",
    [
        f"Veel overlast rond de familie {CANARIES['surname']}.",
        "Zaak WO-2026-0042 liep lang.",
        "Rond postcode 7811 AB speelde veel.",
    ],
)
def test_identifying_interpretation_is_refused(vault: Vault, text: str) -> None:
    canary_case(vault, TableCode.WO, dt.date(2026, 2, 3))
    with pytest.raises(ValidationError, match="Woonoverlast") as caught:
        check_interpretation(vault, {TableCode.WO: text})
    assert text not in caught.value.message
    check_interpretation(vault, {TableCode.WO: "Minder meldingen dan vorig jaar."})


def test_a_changed_half_year_is_not_published_again(vault: Vault, tmp_path: Path) -> None:
    request = MonitoringRequest(Period.parse("2026-01", "2026-06"))
    export_monitoring(vault, request, ExportFormat.CSV, tmp_path / "a.csv")
    export_monitoring(vault, request, ExportFormat.JSON, tmp_path / "b.json")  # same figures
    canary_case(vault, TableCode.WO, dt.date(2026, 3, 3))
    with pytest.raises(RefusedError, match="sindsdien veranderd"):
        export_monitoring(vault, request, ExportFormat.CSV, tmp_path / "c.csv")
    other = MonitoringRequest(Period.parse("2026-01", "2026-06"), k=10)
    with pytest.raises(RefusedError, match="k = 5"):
        export_monitoring(vault, other, ExportFormat.CSV, tmp_path / "d.csv")
