"""Import and known persons: conflicts reported (never linked), exact matches linked, no repeats."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from casustafel.db import models
from casustafel.db.vault import Vault
from casustafel.domain.model import Address, NewCase, NewSubject, Person, SubjectKind, TableCode
from casustafel.services import cases, signals
from casustafel.services.importer import ConflictPolicy, import_signals

TODAY = dt.date(2026, 11, 23)
BSN = "111222333"
HEADER = "datum;bron;omschrijving;achternaam;voornamen;geboortedatum;bsn"


def _known(vault: Vault) -> int:
    """Pieter Jan de Boer, 12-03-1985, BSN 111222333, on a case."""
    return cases.register_case(
        vault,
        NewCase(
            table=TableCode.WO,
            registered_on=dt.date(2026, 1, 5),
            subjects=(
                NewSubject(
                    SubjectKind.PERSOON,
                    person=Person("Boer", "de", "Pieter Jan", dt.date(1985, 3, 12), BSN),
                    address=Address(),
                ),
            ),
        ),
    )


def _file(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "lijst.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _count(vault: Vault, model: type[models.Base]) -> int:
    with vault.unit_of_work() as tx:
        return int(tx.session.scalar(select(func.count()).select_from(model)) or 0)


ROWS = (
    "01-11-2026;Politie;Geluid;de Boer;Pieter Jan;12-03-1985;111222333",  # exact: linked
    "02-11-2026;Lefier;Stank;Jansen;Anna;;111222333",  # conflict: another name
    "03-11-2026;Buren;Ruzie;Smit;Kees;01-02-1970;",  # new person
)


def test_a_conflict_stops_the_import_and_is_reported_by_line_and_field_only(
    vault: Vault, tmp_path: Path
) -> None:
    _known(vault)
    for dry_run in (True, False):
        report = import_signals(
            vault, _file(tmp_path, *ROWS), TableCode.WO, today=TODAY, dry_run=dry_run
        )
        assert report.rejected and report.imported == 0
        assert [(c.line, c.fields) for c in report.conflicts] == [(3, ("surname", "given_names"))]
        (problem,) = report.problems
        assert problem.line == 3
        assert "achternaam" in problem.message and "voornamen" in problem.message
        for value in ("Jansen", "Anna", BSN, "Boer"):
            assert value not in problem.message
    assert _count(vault, models.Signal) == 0
    assert _count(vault, models.Subject) == 1


def test_links_only_exact_matches_and_skips_or_imports_conflicts_as_asked(
    vault: Vault, tmp_path: Path
) -> None:
    _known(vault)
    report = import_signals(
        vault, _file(tmp_path, *ROWS), TableCode.WO, today=TODAY, on_conflict=ConflictPolicy.SKIP
    )
    assert (report.imported, report.matched_subjects, report.new_subjects) == (2, 1, 1)
    assert [c.line for c in report.conflicts] == [3]
    stored = signals.list_signals(vault, TableCode.WO)
    assert sorted(s.description for s in stored) == ["Geluid", "Ruzie"]
    # The conflicting row once more, this time without linking the person.
    report = import_signals(
        vault,
        _file(tmp_path, ROWS[1]),
        TableCode.WO,
        today=TODAY,
        on_conflict=ConflictPolicy.WITHOUT_SUBJECT,
    )
    assert (report.imported, report.matched_subjects, report.new_subjects) == (1, 0, 0)
    stench = next(s for s in signals.list_signals(vault, TableCode.WO) if s.description == "Stank")
    assert stench.subject_id is None
    with vault.unit_of_work() as tx:
        known = tx.session.scalars(select(models.Subject).where(models.Subject.bsn == BSN)).one()
        assert (known.surname, known.given_names) == ("Boer", "Pieter Jan")  # never renamed


def test_a_reimport_is_skipped_and_counted_unless_asked(vault: Vault, tmp_path: Path) -> None:
    _known(vault)
    rows = (ROWS[0], ROWS[2], "04-11-2026;Buren;Zonder persoon;;;;")
    first = import_signals(vault, _file(tmp_path, *rows), TableCode.WO, today=TODAY)
    assert (first.imported, first.duplicates) == (3, 0)
    dry = import_signals(vault, _file(tmp_path, *rows), TableCode.WO, today=TODAY, dry_run=True)
    assert (dry.imported, dry.duplicates) == (0, 3)
    again = import_signals(vault, _file(tmp_path, *rows), TableCode.WO, today=TODAY)
    assert (again.imported, again.duplicates) == (0, 3)
    assert not again.rejected
    assert _count(vault, models.Signal) == 3
    forced = import_signals(vault, _file(tmp_path, *rows), TableCode.WO, today=TODAY, again=True)
    assert (forced.imported, forced.duplicates) == (3, 0)
    assert _count(vault, models.Signal) == 6
