"""Every subcommand's exit codes, as scripts see them: real processes on real vaults.

The codes are a public interface (README "Opdrachtregel en exitcodes"): 2 usage or vault
not found, 3 wrong passphrase, 4 damaged, 5 newer version, 6 invalid input, 7 refused,
8 output not written. Each error is one Dutch line on stderr, and a failing command
changes no byte of the vault and leaves an existing output file as it was.

Commands that only read share one demo vault per module (one copy per broken variant);
no process ever gets a terminal (stdin is /dev/null), so nothing may wait for input.
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

from casustafel.db.vault import Vault, VaultPaths
from casustafel.db.vault_lock import LOCK_FILES
from tests.cli.test_backup_disk import unwritable_folder
from tests.interrupts import interrupt_at

PASSPHRASE = "een lange zin om te testen"
WRONG = "dit is niet het wachtwoord"
NEW_PASSPHRASE = {"CASUSTAFEL_NEW_PASSPHRASE": "een tweede lange zin hier"}
OLD = b"oude inhoud die moet blijven"


def run_cli(
    *args: str | Path,
    passphrase: str | None = PASSPHRASE,
    env: dict[str, str] | None = None,
    file_size_limit: int | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `python -m casustafel` without a terminal; optionally with a file size limit."""
    full_env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("CASUSTAFEL_")
        or k in ("CASUSTAFEL_KDF_PROFILE", "CASUSTAFEL_STATE_DIR")
    }
    full_env["CASUSTAFEL_KDF_PROFILE"] = "floor"
    if passphrase is not None:
        full_env["CASUSTAFEL_PASSPHRASE"] = passphrase
    full_env.update(env or {})

    def limit_file_size() -> None:
        # Writes past the limit fail with EFBIG instead of killing the process: a full disk.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        assert file_size_limit is not None
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

    return subprocess.run(
        [sys.executable, "-m", "casustafel", *map(str, args)],
        capture_output=True,
        text=True,
        env=full_env,
        stdin=subprocess.DEVNULL,
        timeout=180,
        check=False,
        preexec_fn=limit_file_size if file_size_limit else None,
    )


def one_dutch_line(result: subprocess.CompletedProcess[str]) -> str:
    """The single stderr line of a failed command (asserting there is exactly one)."""
    message = result.stderr
    assert message.startswith("casustafel: ") and message.count("\n") == 1, message
    assert "Traceback" not in message and "Error" not in message, message
    return message.strip()


def digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.name not in LOCK_FILES
    }


def assert_verifies(vault: Path) -> None:
    result = run_cli("verify", vault)
    assert result.returncode == 0, result.stdout + result.stderr


# --- the prepared vault -------------------------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    vault: Path
    backup: Path
    csv: Path
    subject_id: int
    sitting_id: int
    work: Path


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Prepared:
    work = tmp_path_factory.mktemp("exitcodes")
    vault = work / "basis.casustafel"
    made = run_cli("demo", vault, "--cases", "12", "--seed", "4", "--today", "23-11-2026")
    assert made.returncode == 0, made.stderr
    backup = work / "basis.ctbackup"
    assert run_cli("backup", vault, "-o", backup).returncode == 0
    csv = work / "lijst.csv"
    csv.write_text(
        "datum;bron;omschrijving;achternaam;wijk\n01-11-2026;politie;geluidsoverlast;Jansen;"
        "Angelslo\n",
        encoding="utf-8",
    )
    opened = Vault.unlock(vault, PASSPHRASE)
    try:
        with opened.engine.connect() as conn:
            subject_id = conn.execute(text("SELECT min(id) FROM subjects")).scalar_one()
            sitting_id = conn.execute(text("SELECT min(id) FROM sittings")).scalar_one()
    finally:
        opened.lock()
    return Prepared(vault, backup, csv, subject_id, sitting_id, work)


def copy_of(prepared: Prepared, name: str) -> Path:
    target = prepared.work / f"{name}.casustafel"
    if not target.exists():
        shutil.copytree(prepared.vault, target)
    return target


# --- the table of commands ----------------------------------------------------------------

Argv = Callable[[Prepared, Path, Path], list[str | Path]]

# Every subcommand that opens an existing vault: (vault, output file) → its arguments.
VAULT_COMMANDS: dict[str, Argv] = {
    "verify": lambda p, v, o: ["verify", v],
    "passwd": lambda p, v, o: ["passwd", v],
    "cases": lambda p, v, o: ["cases", v],
    "import": lambda p, v, o: ["import", v, p.csv, "--table", "WO"],
    "export": lambda p, v, o: [
        "export",
        v,
        "--from",
        "2026-01",
        "--to",
        "2026-06",
        "--format",
        "csv",
        "-o",
        o,
    ],
    "report": lambda p, v, o: ["report", v, "--half", "2026-1", "-o", o],
    "agenda": lambda p, v, o: ["agenda", v, "--table", "WO", "--variant", "verspreid", "-o", o],
    "decisions": lambda p, v, o: [
        "decisions",
        v,
        "--sitting",
        str(p.sitting_id),
        "--variant",
        "verspreid",
        "-o",
        o,
    ],
    "ics": lambda p, v, o: ["ics", v, "-o", o],
    "backup": lambda p, v, o: ["backup", v, "-o", o],
    "retention": lambda p, v, o: ["retention", v, "--dry-run"],
    "inzage": lambda p, v, o: ["inzage", v, "--subject", str(p.subject_id), "-o", o],
}
WRITES_OUTPUT = ["agenda", "backup", "decisions", "export", "ics", "inzage", "report"]
# Commands that make a new vault (or put one back): (new vault path) → their arguments.
CREATING_COMMANDS: dict[str, Callable[[Prepared, Path], list[str | Path]]] = {
    "init": lambda p, new: ["init", new, "--user", "Anna"],
    "demo": lambda p, new: ["demo", new, "--cases", "3"],
    "restore": lambda p, new: ["restore", p.backup, "--to", new],
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(VAULT_COMMANDS))
def test_missing_vault_exits_2(prepared: Prepared, name: str) -> None:
    argv = VAULT_COMMANDS[name](prepared, prepared.work / "nergens.casustafel", prepared.work / "x")
    result = run_cli(*argv, env=NEW_PASSPHRASE)
    assert result.returncode == 2
    assert "Geen kluis gevonden" in one_dutch_line(result)


@pytest.mark.slow
def test_missing_backup_exits_2(prepared: Prepared) -> None:
    result = run_cli("restore", prepared.work / "nergens.ctbackup", "--to", prepared.work / "r")
    assert result.returncode == 2
    assert "Geen reservekopie" in one_dutch_line(result)


@pytest.fixture(scope="module")
def wrong_vault(prepared: Prepared) -> Path:
    return copy_of(prepared, "fout-wachtwoord")


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(VAULT_COMMANDS))
def test_wrong_passphrase_exits_3_and_changes_nothing(
    prepared: Prepared, wrong_vault: Path, name: str
) -> None:
    before = digest(wrong_vault)
    out = prepared.work / f"uit-{name}"
    result = run_cli(*VAULT_COMMANDS[name](prepared, wrong_vault, out), passphrase=WRONG)
    assert (result.returncode, one_dutch_line(result)) == (
        3,
        "casustafel: Het wachtwoord is onjuist.",
    )
    assert digest(wrong_vault) == before
    assert not out.exists()


def test_restore_with_wrong_passphrase_exits_3(prepared: Prepared) -> None:
    target = prepared.work / "hersteld-fout"
    result = run_cli("restore", prepared.backup, "--to", target, passphrase=WRONG)
    assert result.returncode == 3, result.stderr
    assert not VaultPaths.of(target).folder.exists()
    assert not [p for p in prepared.work.iterdir() if p.name.startswith(".herstel-")]


@pytest.fixture(scope="module")
def damaged_key_vault(prepared: Prepared) -> Path:
    vault = copy_of(prepared, "kapotte-sleutel")
    key = VaultPaths.of(vault).key
    key.write_bytes(key.read_bytes()[:-40])
    return vault


@pytest.fixture(scope="module")
def damaged_db_vault(prepared: Prepared) -> Path:
    vault = copy_of(prepared, "kapotte-database")
    db = VaultPaths.of(vault).db
    raw = bytearray(db.read_bytes())
    raw[len(raw) // 2] ^= 0x10
    db.write_bytes(bytes(raw))
    return vault


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(VAULT_COMMANDS))
@pytest.mark.parametrize(
    ("which", "words"),
    [("key", "sleutelbestand"), ("db", "beschadigd")],
)
def test_damage_exits_4(
    prepared: Prepared,
    damaged_key_vault: Path,
    damaged_db_vault: Path,
    name: str,
    which: str,
    words: str,
) -> None:
    vault = damaged_key_vault if which == "key" else damaged_db_vault
    before = digest(vault)
    result = run_cli(
        *VAULT_COMMANDS[name](prepared, vault, prepared.work / "x"), env=NEW_PASSPHRASE
    )
    assert result.returncode == 4
    assert words in one_dutch_line(result)
    assert digest(vault) == before


@pytest.mark.slow
def test_damaged_backup_is_refused_with_4(prepared: Prepared) -> None:
    bad = prepared.work / "kapot.ctbackup"
    raw = bytearray(prepared.backup.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    bad.write_bytes(bytes(raw))
    result = run_cli("restore", bad, "--to", prepared.work / "hersteld-kapot")
    assert result.returncode == 4
    assert "beschadigd" in one_dutch_line(result)


@pytest.fixture(scope="module")
def newer_vault(prepared: Prepared) -> Path:
    vault = copy_of(prepared, "nieuwer")
    opened = Vault.unlock(vault, PASSPHRASE)
    with opened.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'toekomst'"))
    opened.lock()
    return vault


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(VAULT_COMMANDS))
def test_newer_schema_exits_5_untouched(prepared: Prepared, newer_vault: Path, name: str) -> None:
    before = digest(newer_vault)
    result = run_cli(
        *VAULT_COMMANDS[name](prepared, newer_vault, prepared.work / "x"), env=NEW_PASSPHRASE
    )
    assert result.returncode == 5
    assert "nieuwere versie" in one_dutch_line(result)
    assert digest(newer_vault) == before


@pytest.mark.parametrize("name", WRITES_OUTPUT)
def test_existing_output_without_force_exits_7(prepared: Prepared, name: str) -> None:
    out = prepared.work / f"bestaand-{name}.out"
    out.write_bytes(OLD)
    result = run_cli(*VAULT_COMMANDS[name](prepared, prepared.vault, out))
    assert result.returncode == 7
    assert "--force" in one_dutch_line(result)
    assert out.read_bytes() == OLD


@pytest.mark.parametrize(("name", "code"), [("init", 2), ("demo", 2), ("restore", 7)])
def test_existing_vault_is_never_replaced(prepared: Prepared, name: str, code: int) -> None:
    before = digest(prepared.vault)
    result = run_cli(*CREATING_COMMANDS[name](prepared, prepared.vault))
    assert result.returncode == code
    assert "al een kluis" in one_dutch_line(result)
    assert digest(prepared.vault) == before


# Usage (2): the shape of the command line, checked by the parser or a fixed set of
# values. Invalid input (6): a value of the right shape that breaks a rule the app checks.
BAD_VALUES: list[tuple[str, int, str]] = [
    ("verify", 2, ""),
    ("cases {v} --table XX", 2, "Onjuist gebruik: --table: 'XX' kan niet; kies uit WO, OM, MH"),
    ("cases {v} --bestaat-niet", 2, "Onjuist gebruik: onbekend: --bestaat-niet"),
    ("import {v} {csv}", 2, "Onjuist gebruik: dit ontbreekt: --table"),
    ("inzage {v} --subject abc -o {o}", 2, "Onjuist gebruik: --subject: 'abc' is geen geheel"),
    ("inzage {v} --subject 999999 -o {o}", 2, "bestaat niet"),
    ("demo {o} --cases 0", 2, "Kies voor --cases een aantal van 1 tot en met"),
    ("demo {o} --cases veel", 2, "'veel' is geen geheel getal"),
    ("export {v} --from 2026-01 --to 2026-06 --format pdf -o {o}", 2, "kies uit csv, json, xlsx"),
    ("export {v} --from 2026-01 --to 2026-06 --format csv --k 3 -o {o}", 2, "kies uit 5, 10"),
    ("agenda {v} --table WO --variant verspreid --sitting morgen -o {o}", 2, "--sitting"),
    ("agenda {v} --table WO --variant voorzitter --partner politie -o {o}", 2, "--partner"),
    ("decisions {v} --sitting 999999 --variant verspreid -o {o}", 2, "bestaat niet"),
    ("bestaatniet", 2, "onbekende subopdracht 'bestaatniet'"),
    ("demo {o} --cases 3 --today 31-02-2026", 6, "Deze datum bestaat niet"),
    ("export {v} --from 2026-13 --to 2026-06 --format csv -o {o}", 6, "Geen geldige maand"),
    ("export {v} --from 2026-06 --to 2026-01 --format csv -o {o}", 6, "vóór ze begint"),
    ("export {v} --from 2026-01 --to 2026-06 --tables XX --format csv -o {o}", 6, "tafel"),
    ("report {v} --half 2026-3 -o {o}", 6, "Geen geldig halfjaar"),
    ("import {v} {o} --table WO", 6, "bestaat niet"),
    ("agenda {v} --table WO --variant verspreid --partner niemand -o {o}", 6, "niet uitgenodigd"),
]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize(("line", "code", "words"), BAD_VALUES)
def test_bad_option_values(prepared: Prepared, line: str, code: int, words: str) -> None:
    out = prepared.work / "nooit.out"
    argv = line.format(v=prepared.vault, csv=prepared.csv, o=out).split()
    result = run_cli(*argv)
    assert result.returncode == code
    message = one_dutch_line(result)
    assert words in message
    # argparse's own English words never reach the user.
    for english in ("invalid", "required", "choose from", "unrecognized", "argument "):
        assert english not in message
    assert not out.exists() and not VaultPaths.of(out).folder.exists()


def test_passphrase_needed_but_no_terminal_exits_2(prepared: Prepared) -> None:
    result = run_cli("cases", prepared.vault, passphrase=None)
    assert result.returncode == 2
    assert "CASUSTAFEL_PASSPHRASE" in one_dutch_line(result)


def test_help_is_dutch_for_every_subcommand() -> None:
    from casustafel.cli import build_parser

    parser = build_parser()
    texts = [parser.format_help()]
    sub = next(a for a in parser._actions if a.dest == "command")
    texts += [p.format_help() for p in sub.choices.values()]  # type: ignore[union-attr]
    for help_text in texts:
        assert help_text.startswith("gebruik: casustafel")
        for english in ("usage:", "options:", "positional arguments", "show this help"):
            assert english not in help_text
    for name, subparser in sub.choices.items():  # type: ignore[union-attr]
        assert subparser.description, name
        undocumented = [a.dest for a in subparser._actions if not a.help]
        assert undocumented == [], name
    shown = run_cli("--help", passphrase=None)
    assert shown.returncode == 0 and "subopdrachten:" in shown.stdout


def test_no_display_is_a_usage_error_not_a_crash() -> None:
    env = {"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""}
    result = run_cli(passphrase=None, env=env)
    if not sys.platform.startswith("linux"):
        pytest.skip("only Linux starts without a display")
    assert result.returncode == 2
    assert "Geen beeldscherm" in one_dutch_line(result)


# --- output that cannot be written ---------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", WRITES_OUTPUT)
def test_unwritable_folder_exits_8(prepared: Prepared, tmp_path: Path, name: str) -> None:
    vault = copy_of(prepared, "alleenlezen")
    with unwritable_folder(tmp_path, OLD) as folder:
        out = folder / "bestand.out"
        result = run_cli(*VAULT_COMMANDS[name](prepared, vault, out), "--force")
        assert result.returncode == 8
        assert "schrijfrechten" in one_dutch_line(result)
        assert out.read_bytes() == OLD
        assert sorted(p.name for p in folder.iterdir()) == ["bestand.out"]
    assert_verifies(vault)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CREATING_COMMANDS))
def test_creating_in_unwritable_folder_exits_8(
    prepared: Prepared, tmp_path: Path, name: str
) -> None:
    with unwritable_folder(tmp_path, None) as folder:
        result = run_cli(*CREATING_COMMANDS[name](prepared, folder / "nieuw"))
        assert result.returncode == 8
        assert "schrijfrechten" in one_dutch_line(result)
        assert list(folder.iterdir()) == []


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(VAULT_COMMANDS))
def test_full_disk_exits_8_and_loses_nothing(prepared: Prepared, name: str) -> None:
    # RLIMIT_FSIZE stops every write past 4 KiB: the vault's own audit entry (WAL) and the
    # output alike, as a full disk does. Read-only commands fail too, as they audit.
    vault = copy_of(prepared, "vol")
    folder = prepared.work / f"vol-{name}"
    folder.mkdir()
    out = folder / "bestand.out"
    out.write_bytes(OLD)
    argv = VAULT_COMMANDS[name](prepared, vault, out)
    if "-o" in argv:
        argv.append("--force")
    result = run_cli(*argv, env=NEW_PASSPHRASE, file_size_limit=4096)
    assert result.returncode == 8, result.stderr
    assert "vol" in one_dutch_line(result)
    assert out.read_bytes() == OLD
    assert sorted(p.name for p in folder.iterdir()) == ["bestand.out"]
    assert sorted(VaultPaths.of(vault).folder.iterdir())  # still there
    assert_verifies(vault)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CREATING_COMMANDS))
def test_full_disk_while_creating_leaves_no_half_vault(prepared: Prepared, name: str) -> None:
    folder = prepared.work / f"vol-nieuw-{name}"
    folder.mkdir()
    result = run_cli(*CREATING_COMMANDS[name](prepared, folder / "nieuw"), file_size_limit=4096)
    assert result.returncode == 8, result.stderr
    assert "vol" in one_dutch_line(result)
    assert list(folder.iterdir()) == []  # a retry is not blocked by a half-made vault


# --- Ctrl-C ------------------------------------------------------------------------------


@pytest.mark.slow
def test_ctrl_c_during_demo_leaves_no_half_vault(tmp_path: Path) -> None:
    # Sent once the first batch of cases is written (a marker the program writes): the
    # interrupt lands while the vault is being filled, however slow the machine.
    target = VaultPaths.of(tmp_path / "demo").folder
    result, reached = interrupt_at(
        ["demo", target, "--cases", "5000"], tmp_path / "markers", "demo-building"
    )
    assert reached
    if result.returncode == 0:  # a fast machine finished first: then it must verify
        assert_verifies(target)
        return
    assert (result.returncode, result.stderr) == (1, "casustafel: afgebroken.\n")
    assert not target.exists()
    retry = run_cli("demo", target, "--cases", "3")
    assert retry.returncode == 0, retry.stderr


@pytest.fixture
def long_import(prepared: Prepared, tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    vault = tmp_path / "import.casustafel"
    shutil.copytree(prepared.vault, vault)
    rows = [f"01-11-2026;politie;melding {i};Achternaam{i};Angelslo" for i in range(40_000)]
    csv = tmp_path / "groot.csv"
    csv.write_text("datum;bron;omschrijving;achternaam;wijk\n" + "\n".join(rows), "utf-8")
    yield vault, csv


def signal_count(vault: Path) -> int:
    opened = Vault.unlock(vault, PASSPHRASE)
    try:
        with opened.engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM signals")).scalar_one())
    finally:
        opened.lock()


@pytest.mark.slow
def test_ctrl_c_during_import_imports_all_or_nothing(long_import: tuple[Path, Path]) -> None:
    vault, csv = long_import
    before = signal_count(vault)
    # Sent inside the import's transaction (a marker the program writes there).
    result, reached = interrupt_at(
        ["import", vault, csv, "--table", "WO"], csv.parent / "markers", "import-writing"
    )
    assert reached
    assert result.returncode in (0, 1), result.stderr
    if result.returncode == 1:
        assert result.stderr == "casustafel: afgebroken.\n"
    assert_verifies(vault)
    assert signal_count(vault) in (before, before + 40_000)


def test_export_manifest_is_checked_before_the_passphrase(prepared: Prepared) -> None:
    """A CSV's manifest that exists already is refused at once: no passphrase is asked for."""
    out = prepared.work / "cijfers.csv"
    manifest = prepared.work / "cijfers.manifest.json"
    manifest.write_bytes(OLD)
    # No passphrase and no terminal: reaching the passphrase question would exit 2.
    result = run_cli(*VAULT_COMMANDS["export"](prepared, prepared.vault, out), passphrase=None)
    assert result.returncode == 7
    line = one_dutch_line(result)
    assert "cijfers.manifest.json" in line and "--force" in line
    assert manifest.read_bytes() == OLD
    assert not out.exists()


@pytest.mark.parametrize("name", WRITES_OUTPUT)
def test_output_in_missing_folder_is_refused_before_the_passphrase(
    prepared: Prepared, name: str
) -> None:
    out = prepared.work / "bestaat-niet" / f"uitvoer-{name}.out"
    result = run_cli(*VAULT_COMMANDS[name](prepared, prepared.vault, out), passphrase=None)
    assert result.returncode == 8
    assert "bestaat niet" in one_dutch_line(result)
    assert not out.parent.exists()
