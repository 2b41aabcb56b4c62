"""Hostile import files read in-process: each gets its one Dutch refusal, fast.

The same files go through the real command in tests/cli/test_import_fuzz.py, which also
bounds time and memory and verifies the vault; here every refusal is checked quickly.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from casustafel.db.vault import Vault
from casustafel.domain.model import TableCode
from casustafel.errors import ImportFileError
from casustafel.services import signals
from casustafel.services.import_reader import read_table
from casustafel.services.importer import import_signals
from tests.services.hostile_files import ALL_FILES, CANARY, GOOD_ROW, HEADER, Hostile, write

TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    "hostile",
    [pytest.param(h, marks=pytest.mark.slow) if h.heavy else h for h in ALL_FILES],
    ids=lambda h: f"{h.suffix[1:]}-{h.name}",
)
def test_hostile_file_is_refused_with_one_line(tmp_path: Path, hostile: Hostile) -> None:
    path = write(tmp_path, hostile)
    try:
        table = read_table(path)
    except ImportFileError as exc:
        message = exc.message
    else:
        problems = [f"Regel {row.line}: {row.problem}" for row in table.rows if row.problem]
        assert problems, "a hostile file must not read as clean rows"
        message = problems[0]
        assert all(not row.values for row in table.rows if row.problem)
    assert hostile.expect in message
    assert "\n" not in message and CANARY not in message


def test_skip_invalid_skips_and_counts_broken_records(vault: Vault, tmp_path: Path) -> None:
    path = tmp_path / "gemengd.csv"
    path.write_text(
        "\n".join(
            [
                HEADER,
                GOOD_ROW,
                f"01-11-2026;Politie;x;{CANARY};;te veel",
                GOOD_ROW,
                '01-11-2026;Politie;"open;Smit;',
                f"01-11-2026;Politie;x;{CANARY};111222333",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    refused = import_signals(vault, path, TableCode.WO, today=TODAY)
    assert refused.rejected and signals.list_signals(vault) == []
    assert [p.line for p in refused.problems] == [3, 5]
    skipped = import_signals(vault, path, TableCode.WO, skip_invalid=True, today=TODAY)
    assert (skipped.rows, skipped.imported, len(skipped.problems)) == (4, 2, 2)
    assert len(signals.list_signals(vault)) == 2
    assert all(CANARY not in p.message for p in skipped.problems)


def test_a_real_workbook_still_reads(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Datum", "Bron", "Omschrijving", CANARY])
    sheet.append([dt.date(2026, 11, 1), "Politie", "regel 1\nregel 2", "x"])
    path = tmp_path / "lijst.xlsx"
    book.save(path)
    table = read_table(path)
    assert table.unknown_columns == ("4 (D)",)
    assert table.rows[0].values["omschrijving"] == "regel 1\nregel 2"
    assert table.rows[0].values["datum"] == "2026-11-01"
