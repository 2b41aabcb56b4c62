"""`casustafel demo VAULT [--cases N] [--seed S] [--today DATUM]`: a vault with synthetic data."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import secrets
from pathlib import Path
from typing import Any

from casustafel import markers
from casustafel.domain.validation import parse_date
from casustafel.errors import UsageError
from casustafel.i18n import _
from casustafel.services.demo import DEFAULT_CASES, DemoOptions, create_demo_vault

from .common import PASSPHRASE_ENV, add_passphrase_arguments, add_vault_argument, read_passphrase

MAX_CASES = 200_000


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "demo", help=_("maak een kluis met realistische, verzonnen gegevens")
    )
    add_vault_argument(parser)
    parser.add_argument(
        "--cases",
        type=int,
        default=DEFAULT_CASES,
        metavar="N",
        help=_("aantal casussen (standaard {n})").format(n=DEFAULT_CASES),
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=1,
        metavar="S",
        help=_("startwaarde; zelfde waarde, zelfde data"),
    )
    parser.add_argument(
        "--today",
        metavar="DATUM",
        help=_("peildatum van de demo (dd-mm-jjjj); standaard vandaag"),
    )
    add_passphrase_arguments(parser)
    parser.set_defaults(handler=run)


def _passphrase(args: argparse.Namespace) -> tuple[str, bool]:
    """The passphrase given by file or environment, or a generated one (True when generated)."""
    if args.passphrase_file or os.environ.get(PASSPHRASE_ENV):
        return read_passphrase(args), False
    return "demo-" + secrets.token_urlsafe(12), True


def run(args: argparse.Namespace) -> int:
    if not 1 <= args.cases <= MAX_CASES:
        raise UsageError(
            _("Kies voor --cases een aantal van 1 tot en met {max}.").format(max=MAX_CASES)
        )
    today = parse_date(args.today, field="today") if args.today else dt.date.today()
    passphrase, generated = _passphrase(args)
    vault, report = create_demo_vault(
        Path(args.vault),
        passphrase,
        DemoOptions(cases=args.cases, seed=args.seed, today=today),
        progress=lambda _done, _total: markers.reached("demo-building"),
    )
    folder = vault.paths.folder
    vault.lock()
    print(
        _(
            "Demokluis aangemaakt: {path} ({cases} casussen waarvan {open} open, {signals} "
            "signalen, {subjects} betrokkenen) in {seconds:.1f} s."
        ).format(
            path=folder,
            cases=report.cases,
            open=report.open_cases,
            signals=report.signals,
            subjects=report.subjects,
            seconds=report.seconds,
        )
    )
    if generated:
        print(_("Wachtwoord van deze demokluis (alleen voor demo's): {p}").format(p=passphrase))
    return 0
