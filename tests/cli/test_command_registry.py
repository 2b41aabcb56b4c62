"""The explicit command list, lazy loading of subcommands, and `casustafel sittings`."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pypdf

from casustafel.cli import COMMANDS, build_parser, load_command
from tests.cli.test_agenda_cmd import sitting_vault  # noqa: F401 (a shared module fixture)
from tests.cli.test_vault_commands import run_cli, with_passphrase
from tests.conftest import TEST_PASSPHRASE


def _subparsers(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:  # type: ignore[type-arg]
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def test_every_command_module_is_listed_and_its_summary_matches() -> None:
    modules = {
        p.stem for p in Path(load_command(COMMANDS[0]).__file__ or "").parent.glob("*_cmd.py")
    }
    assert {c.module for c in COMMANDS} == modules
    full = _subparsers(build_parser())
    helps = {a.dest: a.help for a in full._choices_actions}
    for command in COMMANDS:
        assert helps[command.name] == command.summary, command.name
    assert [c.name for c in COMMANDS] == sorted(c.name for c in COMMANDS)


_PROBE = """
import sys
from casustafel.cli import build_parser
build_parser(WORDS)
commands = sorted(m for m in sys.modules if m.startswith("casustafel.cli.") and m.endswith("_cmd"))
heavy = {"sqlalchemy", "sqlcipher3", "reportlab", "PySide6", "alembic"}
print(commands)
print(sorted(heavy & {m.split(".")[0] for m in sys.modules}))
"""


def _loaded_by(words: list[str]) -> list[str]:
    probe = _PROBE.replace("WORDS", repr(words))
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return done.stdout.splitlines()


def test_help_loads_no_command_and_no_storage_library() -> None:
    # `casustafel --help` and `--version` must start fast: nothing heavy is imported.
    assert _loaded_by([]) == ["[]", "[]"]
    assert _loaded_by(["--vault", "cases"]) == ["[]", "[]"]


def test_a_command_loads_only_its_own_module() -> None:
    assert _loaded_by(["sittings"])[0] == "['casustafel.cli.sittings_cmd']"


_COLLECTOR_PROBE = """
import gc, sys
import casustafel.db.vault_lock as vault_lock
loaded_with_collector = []
import casustafel.cli as cli
real_load = cli.load_command
def load(command):
    loaded_with_collector.append(gc.isenabled())
    return real_load(command)
cli.load_command = load
def report(name):  # called just before the command's handler
    print(loaded_with_collector, gc.isenabled(), gc.get_freeze_count() > 50_000, flush=True)
    raise SystemExit(0)
vault_lock.set_program_name = report
sys.argv = ["casustafel", "sittings", "geen-kluis"]
from casustafel.launch import main
main()
"""


def test_a_command_loads_without_the_collector_and_runs_with_it() -> None:
    # Loading SQLAlchemy and the models with the collector on cost ±0.1 s CPU per command;
    # the command itself must run with it on (an import of 20,000 rows makes garbage).
    done = subprocess.run(
        [sys.executable, "-c", _COLLECTOR_PROBE], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["[False]", "True", "True"]


def test_main_with_argv_leaves_the_collector_alone() -> None:
    # Tests call main(argv) in their own process: nothing of theirs may be frozen.
    import gc

    from casustafel.cli import main

    before = gc.get_freeze_count()
    assert main(["sittings", "geen-kluis"]) == 2
    assert gc.isenabled()
    assert gc.get_freeze_count() == before


def test_overview_lists_every_command_with_its_line() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for command in COMMANDS:
        assert command.name in result.stdout
    assert "toon de zittingen met id" in result.stdout


def test_sittings_lists_ids_numbers_and_dates(sitting_vault: tuple[Path, int]) -> None:  # noqa: F811
    vault, sitting_id = sitting_vault
    env = with_passphrase(TEST_PASSPHRASE)
    text = run_cli("sittings", str(vault), "--table", "WO", env=env)
    assert text.returncode == 0, text.stderr
    assert str(sitting_id) in text.stdout and "zittingen" in text.stdout
    listed = json.loads(run_cli("sittings", str(vault), "--json", env=env).stdout)
    ours = next(s for s in listed if s["id"] == sitting_id)
    assert ours["table"] == "WO" and ours["items"] > 0
    none = run_cli("sittings", str(vault), "--table", "OM", env=env)
    assert none.returncode == 0 and "0 zittingen" in none.stdout


def test_decisions_takes_next_with_table(
    sitting_vault: tuple[Path, int],  # noqa: F811
    tmp_path: Path,
) -> None:
    vault, _sitting = sitting_vault
    out = tmp_path / "besluiten.pdf"
    args = ("decisions", str(vault), "--sitting", "next", "--variant", "verspreid", "-o", str(out))
    missing = run_cli(*args, env=with_passphrase(TEST_PASSPHRASE))
    assert missing.returncode == 2 and "--table" in missing.stderr
    done = run_cli(*args, "--table", "WO", env=with_passphrase(TEST_PASSPHRASE))
    assert done.returncode == 0, done.stderr
    assert "Besluitenlijst" in pypdf.PdfReader(out).pages[0].extract_text()
