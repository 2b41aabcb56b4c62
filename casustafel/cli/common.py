"""What every subcommand shares: reading secrets, opening the vault, one-line errors."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from casustafel.errors import (
    EXIT_OUTPUT,
    EXIT_UNEXPECTED,
    CasustafelError,
    OutputError,
    RefusedError,
    UsageError,
)
from casustafel.i18n import _

if TYPE_CHECKING:
    from casustafel.db.vault import Vault
    from casustafel.db.vault_lock import Access

PASSPHRASE_ENV = "CASUSTAFEL_PASSPHRASE"  # noqa: S105 - a variable name, not a secret
log = logging.getLogger("casustafel")


def run_guarded(action: Callable[[], int]) -> int:
    """Run a command; turn every known error into one Dutch line and its exit code.

    Unexpected errors print a short apology with the error's type only: an exception's
    text can carry personal data, so it is never printed or logged.
    """
    try:
        return action()
    except CasustafelError as exc:
        print(f"casustafel: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(_("casustafel: afgebroken."), file=sys.stderr)
        return EXIT_UNEXPECTED
    except BrokenPipeError:
        return _stdout_closed()
    except Exception as exc:
        # A full disk or read-only folder that no service translated is still not a bug.
        # Imported here: the storage layer (SQLCipher, SQLAlchemy) is loaded only by the
        # commands that need it, so `casustafel --help` stays fast.
        from casustafel.db.storage_errors import storage_error

        known = storage_error(exc)
        if known is not None:
            print(f"casustafel: {known.message}", file=sys.stderr)
            return known.exit_code
        _print_unexpected(type(exc))
        if _debugging():
            raise
        return EXIT_UNEXPECTED


def _stdout_closed() -> int:
    """The reader of our output went away (`casustafel cases KLUIS | head`): exit 8 quietly.

    Python would complain again when it flushes stdout at exit, so stdout is pointed at
    the null device first. No message: the reader chose to stop, and stderr would only
    clutter the terminal of the pipeline.
    """
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    return EXIT_OUTPUT


def _debugging() -> bool:
    return os.environ.get("CASUSTAFEL_DEBUG") == "1"


def _print_unexpected(kind: type[BaseException]) -> None:
    print(
        _(
            "casustafel: onverwachte fout ({kind}). Excuses; er is niets opgeslagen dat "
            "niet al was bevestigd."
        ).format(kind=kind.__name__),
        file=sys.stderr,
    )


def _quiet_excepthook(
    kind: type[BaseException], _value: BaseException, _tb: TracebackType | None
) -> None:
    _print_unexpected(kind)


def install_quiet_excepthook() -> None:
    """Report exceptions nobody caught (in the desktop app: in a Qt slot) by type only.

    Python's default hook prints the traceback with the exception's text, and that text can
    hold personal data (a value that failed to parse, a key that was not found). With
    CASUSTAFEL_DEBUG=1 the default hook stays, for developers on synthetic data.
    """
    if not _debugging():
        sys.excepthook = _quiet_excepthook


def add_vault_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("vault", metavar="KLUIS", help=_("pad naar de kluis (NAAM.casustafel)"))


def add_passphrase_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--passphrase-file",
        metavar="BESTAND",
        help=_(
            "lees het wachtwoord uit dit bestand (eerste regel); anders ${env} of een vraag"
        ).replace("${env}", PASSPHRASE_ENV),
    )


def _read_secret_file(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.readline().rstrip("\r\n")
    except (OSError, UnicodeDecodeError) as exc:  # not UTF-8 text is unreadable too
        raise UsageError(
            _("Het wachtwoordbestand {path} kan niet worden gelezen.").format(path=path)
        ) from exc


def read_passphrase(args: argparse.Namespace, prompt: str | None = None) -> str:
    """The passphrase from --passphrase-file, the environment, or an interactive prompt."""
    if getattr(args, "passphrase_file", None):
        return _read_secret_file(args.passphrase_file)
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    return prompt_secret(prompt or _("Wachtwoord: "))


def prompt_secret(prompt: str) -> str:
    if not sys.stdin or not sys.stdin.isatty():
        raise UsageError(
            _("Geen wachtwoord: gebruik --passphrase-file of {env}.").format(env=PASSPHRASE_ENV)
        )
    return getpass.getpass(prompt)


def confirm(question: str, *, assume_yes: bool = False) -> None:
    """Ask yes/no on the terminal; refuse (exit 7) unless the answer is yes."""
    if assume_yes:
        return
    if not sys.stdin or not sys.stdin.isatty():
        raise RefusedError(_("Niet bevestigd (geen terminal); gebruik --yes om te bevestigen."))
    answer = input(f"{question} [j/N] ").strip().lower()
    if answer not in ("j", "ja", "y", "yes"):
        raise RefusedError(_("Niet bevestigd; er is niets gewijzigd."))


def checked_output(args: argparse.Namespace, side_files: tuple[Path, ...] = ()) -> Path:
    """The -o file, refused before the passphrase is asked for.

    Refused (exit 7) when it or one of `side_files` (a CSV's manifest) exists and
    --force is not given, or (exit 8) when it names a folder or its folder does not
    exist. Checked first so that a script learns of it at once and no key derivation is
    spent; the services check again when they write.
    """
    output = Path(args.output)
    if output.is_dir():
        raise OutputError(_("{name} is een map; geef een bestandsnaam.").format(name=output.name))
    folder = output.absolute().parent
    if not folder.is_dir():
        raise OutputError(_("De map {folder} bestaat niet.").format(folder=folder))
    for target in (output, *side_files):
        if target.exists() and not args.force:
            raise RefusedError(
                _("{name} bestaat al; gebruik --force om het te vervangen.").format(
                    name=target.name
                )
            )
    return output


def existing_vault(args: argparse.Namespace, access: Access | None = None) -> Path:
    """The VAULT argument, checked to exist and be free before any passphrase is asked for.

    Another program holding the vault (the app, an import) is reported at once (exit 7,
    the holder named), before any key derivation; the vault's lock itself is taken when
    it opens. `access` defaults to writing.
    """
    from casustafel.db.vault import VaultPaths
    from casustafel.db.vault_lock import Access, check_free

    if access is None:
        access = Access.WRITE
    path = Path(args.vault)
    paths = VaultPaths.of(path)
    paths.require_existing()
    check_free(paths.folder, access)
    return path


def open_vault(args: argparse.Namespace) -> Vault:
    """Unlock the VAULT argument with the passphrase from file, environment or prompt."""
    from casustafel.db.vault import Vault

    path = existing_vault(args)
    return Vault.unlock(path, read_passphrase(args))
