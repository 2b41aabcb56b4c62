"""The documented example import file is valid: every row imports as described."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from casustafel.db.vault import Vault
from casustafel.domain.model import TableCode
from casustafel.services.importer import import_signals

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "import-voorbeeld.csv"


def test_the_documented_example_imports(vault: Vault) -> None:
    report = import_signals(vault, EXAMPLE, TableCode.WO, today=dt.date(2026, 12, 1))
    assert (report.rows, report.imported, report.problems) == (4, 4, ())
    assert report.unknown_columns == ()
