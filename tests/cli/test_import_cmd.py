"""`casustafel import` through a real process: exact messages and exit codes."""

# ruff: noqa: E501  (the exact messages a user sees are compared whole, on one line)

from __future__ import annotations

from pathlib import Path

from casustafel.db.keyfile import FLOOR_PARAMS
from casustafel.db.vault import Vault
from casustafel.services import signals
from tests.cli.test_vault_commands import PASSPHRASE, run_cli, with_passphrase

HEADER = "datum;bron;omschrijving;achternaam;voornamen;geboortedatum;bsn;telefoon"


def _setup(tmp_path: Path, rows: list[str]) -> tuple[Path, Path]:
    vault_path = tmp_path / "k.casustafel"
    Vault.create(vault_path, "Tester", PASSPHRASE, params=FLOOR_PARAMS)[0].lock()
    csv_path = tmp_path / "lijst.csv"
    csv_path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return vault_path, csv_path


def _count(vault_path: Path) -> int:
    vault = Vault.unlock(vault_path, PASSPHRASE)
    try:
        return len(signals.list_signals(vault))
    finally:
        vault.lock()


GOOD = "01-11-2026;Politie;geluid;Jansen;Piet;01-01-1970;;0612345678"
BAD_BSN = "02-11-2026;Politie;x;Smit;Ans;;123456789;"
BAD_DATE = "32-11-2026;Politie;x;;;;;"


def test_all_good_rows(tmp_path: Path) -> None:
    vault_path, csv_path = _setup(tmp_path, [GOOD, GOOD])
    result = run_cli(
        "import", str(vault_path), str(csv_path), "--table", "WO", env=with_passphrase()
    )
    assert result.returncode == 0
    assert result.stdout == (
        "Ingelezen: 2 signalen voor Woonoverlast, wachtend op weging (1 betrokkenen herkend, 1 nieuw).\n"
    )
    assert result.stderr == "Onbekende kolom genegeerd: 'telefoon'.\n"
    assert _count(vault_path) == 2


def test_bad_rows_stop_everything_with_every_reason(tmp_path: Path) -> None:
    vault_path, csv_path = _setup(tmp_path, [GOOD, BAD_BSN, BAD_DATE])
    result = run_cli(
        "import", str(vault_path), str(csv_path), "--table", "OM", env=with_passphrase()
    )
    assert result.returncode == 6
    assert result.stdout == ""
    assert result.stderr == (
        "Onbekende kolom genegeerd: 'telefoon'.\n"
        "Regel 3: bsn: Het BSN voldoet niet aan de elfproef\n"
        "Regel 4: datum: Deze datum bestaat niet; controleer dag en maand\n"
        "Niets ingelezen: 2 van de 3 regels zijn niet in orde. Verbeter ze, of gebruik "
        "--skip-invalid om alleen de goede regels in te lezen.\n"
    )
    assert _count(vault_path) == 0


def test_skip_invalid_and_dry_run(tmp_path: Path) -> None:
    vault_path, csv_path = _setup(tmp_path, [GOOD, BAD_BSN])
    dry = run_cli(
        "import", str(vault_path), str(csv_path), "--table", "MH", "--dry-run", "--skip-invalid",
        env=with_passphrase(),
    )  # fmt: skip
    assert dry.returncode == 0
    assert dry.stdout == (
        "Proefrun: 1 signalen zouden worden ingelezen voor Mensenhandel (0 betrokkenen herkend, "
        "1 nieuw); er is niets opgeslagen.\n"
    )
    assert dry.stderr.endswith(
        "Regel 3: bsn: Het BSN voldoet niet aan de elfproef\n1 regels overgeslagen.\n"
    )
    assert _count(vault_path) == 0
    real = run_cli(
        "import", str(vault_path), str(csv_path), "--table", "MH", "--skip-invalid",
        env=with_passphrase(),
    )  # fmt: skip
    assert real.returncode == 0 and _count(vault_path) == 1


def test_unusable_files(tmp_path: Path) -> None:
    vault_path, _csv = _setup(tmp_path, [GOOD])
    empty = tmp_path / "leeg.csv"
    empty.write_bytes(b"")
    result = run_cli("import", str(vault_path), str(empty), "--table", "WO", env=with_passphrase())
    assert (result.returncode, result.stderr) == (6, "casustafel: Het bestand is leeg.\n")
    missing = run_cli(
        "import", str(vault_path), str(tmp_path / "weg.csv"), "--table", "WO", env=with_passphrase()
    )
    assert (missing.returncode, missing.stderr) == (
        6,
        "casustafel: Het bestand weg.csv bestaat niet.\n",
    )
    no_table = run_cli("import", str(vault_path), str(empty), env=with_passphrase())
    assert no_table.returncode == 2


def test_conflicts_by_line_and_field_and_a_reimport_skipped(tmp_path: Path) -> None:
    known = "01-11-2026;Politie;geluid;Boer;Pieter;12-03-1985;111222333;"
    other = "02-11-2026;Lefier;stank;Jansen;Anna;;111222333;"
    vault_path, csv_path = _setup(tmp_path, [known])
    assert (
        run_cli(
            "import", str(vault_path), str(csv_path), "--table", "WO", env=with_passphrase()
        ).returncode
        == 0
    )
    csv_path.write_text("\n".join([HEADER, known, other]) + "\n", encoding="utf-8")
    refused = run_cli(
        "import", str(vault_path), str(csv_path), "--table", "WO", env=with_passphrase()
    )
    assert refused.returncode == 6
    assert (
        "Regel 3: bsn bekend bij een betrokkene met een andere achternaam, voornamen\n"
        in refused.stderr
    )
    assert "Jansen" not in refused.stderr + refused.stdout
    skipped = run_cli(
        "import", str(vault_path), str(csv_path), "--table", "WO", "--bij-conflict", "overslaan",
        env=with_passphrase(),
    )  # fmt: skip
    assert skipped.returncode == 0
    assert (
        "Regel 3: bsn bekend bij een betrokkene met een andere achternaam, voornamen; overgeslagen.\n"
        in skipped.stderr
    )
    assert (
        "1 regels stonden al in de kluis en zijn overgeslagen (gebruik --opnieuw om ze toch in te lezen).\n"
        in skipped.stdout
    )
    assert _count(vault_path) == 1
