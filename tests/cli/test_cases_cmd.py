"""`casustafel cases` through a real process: columns, filters, JSON, no personal data."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from casustafel.db.keyfile import FLOOR_PARAMS
from casustafel.db.vault import Vault
from casustafel.domain.model import (
    Address,
    NewCase,
    NewSubject,
    Person,
    SubjectKind,
    SubjectRole,
    TableCode,
)
from casustafel.services import cases
from tests.cli.test_vault_commands import PASSPHRASE, run_cli, with_passphrase


def _vault(tmp_path: Path) -> Path:
    path = tmp_path / "k.casustafel"
    vault, _recovery = Vault.create(path, "Tester", PASSPHRASE, params=FLOOR_PARAMS)
    subject = NewSubject(
        SubjectKind.PERSOON, SubjectRole.VEROORZAKER,
        Person("Kwakernaak", "van", "Xaviera", dt.date(1977, 7, 7), "111222333"),
        Address("Zilverschoonstraat", "99", "7823 XY", "Emmen"),
    )  # fmt: skip
    cases.register_case(
        vault,
        NewCase(
            TableCode.WO,
            dt.date(2026, 2, 3),
            "Bargeres",
            lead_partner="lefier",
            subjects=(subject,),
        ),
    )
    cases.register_case(
        vault, NewCase(TableCode.OM, dt.date(2026, 2, 4), "Erica", lead_partner="riec")
    )
    vault.lock()
    return path


@pytest.mark.slow
def test_table_output_and_filters(tmp_path: Path) -> None:
    path = _vault(tmp_path)
    result = run_cli("cases", str(path), env=with_passphrase())
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "Nummer",
        "Tafel",
        "Status",
        "Stap",
        "Wijk",
        "Label",
        "Voortouw",
        "Volgende",
        "termijn",
    ]
    assert lines[1].split() == [
        "OM-2026-0001",
        "OM",
        "Aangemeld",
        "SIGNAAL",
        "Erica",
        "Erica",
        "riec",
    ]
    assert lines[2].split() == [
        "WO-2026-0001",
        "WO",
        "Aangemeld",
        "MELDING",
        "Bargeres",
        "X.v.K.",
        "(Bargeres)",
        "lefier",
    ]
    assert lines[3] == "2 casussen"
    for secret in ("Kwakernaak", "Xaviera", "111222333", "1977", "7823", "Zilverschoon"):
        assert secret not in result.stdout
    only_wo = run_cli(
        "cases", str(path), "--table", "WO", "--status", "aangemeld", env=with_passphrase()
    )
    assert only_wo.stdout.splitlines()[-1] == "1 casussen"


def test_json_output(tmp_path: Path) -> None:
    result = run_cli(
        "cases", str(_vault(tmp_path)), "--table", "WO", "--json", env=with_passphrase()
    )
    assert json.loads(result.stdout) == [
        {
            "number": "WO-2026-0001", "table": "WO", "status": "aangemeld", "step": "MELDING",
            "area": "Bargeres", "label": "X.v.K. (Bargeres)", "lead_partner": "lefier",
            "next_due": None,
        }
    ]  # fmt: skip


@pytest.mark.slow
def test_usage_errors(tmp_path: Path) -> None:
    bad = run_cli("cases", str(tmp_path / "nergens.casustafel"), env=with_passphrase())
    assert bad.returncode == 2
    wrong = run_cli("cases", str(_vault(tmp_path)), "--status", "open", env=with_passphrase())
    assert wrong.returncode == 2 and wrong.stderr.startswith("casustafel: Onjuist gebruik: ")
