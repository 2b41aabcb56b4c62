"""One error hierarchy for everything a user can fix, each with a Dutch message and exit code.

Exit codes are a public interface (scripts depend on them):
0 ok; 1 unexpected error; 2 usage error or vault not found; 3 wrong passphrase or
recovery key; 4 vault or key file damaged or tampered; 5 vault written by a newer
version of the app. Codes 6 and up are added per subcommand and documented in the README.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_USAGE = 2
EXIT_WRONG_SECRET = 3
EXIT_DAMAGED = 4
EXIT_NEWER_VERSION = 5
EXIT_INVALID_INPUT = 6
EXIT_REFUSED = 7
EXIT_OUTPUT = 8


class CasustafelError(Exception):
    """Base of every error the user can act on; `message` is one clear Dutch line."""

    exit_code = EXIT_UNEXPECTED

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(CasustafelError):
    """Wrong command-line use."""

    exit_code = EXIT_USAGE


class VaultNotFoundError(CasustafelError):
    """The vault folder or one of its files does not exist."""

    exit_code = EXIT_USAGE


class VaultExistsError(CasustafelError):
    """A vault is already at the requested place."""

    exit_code = EXIT_USAGE


class WrongSecretError(CasustafelError):
    """The passphrase or recovery key does not open the vault."""

    exit_code = EXIT_WRONG_SECRET


class VaultDamagedError(CasustafelError):
    """The database or key file is damaged or has been tampered with."""

    exit_code = EXIT_DAMAGED


class KeyFileDamagedError(VaultDamagedError):
    """The key file is damaged: reported apart from a wrong passphrase."""


class NewerVersionError(CasustafelError):
    """The vault was written by a newer version of the app; it is left untouched."""

    exit_code = EXIT_NEWER_VERSION


class ValidationError(CasustafelError):
    """Input that breaks a rule (BSN, postcode, dates, ladder guard, ...).

    `field` names the form field the message belongs to, when there is one, so that
    forms can show the message next to the field.
    """

    exit_code = EXIT_INVALID_INPUT

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class RuleViolation(ValidationError):  # noqa: N818 - reads as the domain term
    """A guard of the procesaanpak or the case life cycle refused a move."""


class ImportFileError(ValidationError):
    """An import file that cannot be read, or whose rows do not validate."""


class NotFoundError(CasustafelError):
    """A case, subject, sitting or other record that does not exist (or no longer)."""

    exit_code = EXIT_USAGE


class RefusedError(CasustafelError):
    """The user declined, or a safety rule refuses (e.g. overwrite without --force)."""

    exit_code = EXIT_REFUSED


class VaultBusyError(RefusedError):
    """Another program or window holds the vault's write lock; nothing is wrong with it."""


class OutputError(CasustafelError):
    """An output file could not be written (full disk, no permission); nothing was lost."""

    exit_code = EXIT_OUTPUT


class VaultLockedError(CasustafelError):
    """The vault was locked while work was under way."""

    exit_code = EXIT_UNEXPECTED


class VaultGoneError(VaultLockedError):
    """The open vault's folder was moved, replaced or deleted; nothing more is written to it."""

    exit_code = EXIT_REFUSED


class SubjectConflictError(ValidationError):
    """A typed BSN belongs to a known person with another name or birth date.

    Never linked silently: the user chooses the known person or corrects the input.
    `fields` names the differing identity fields (never their values).
    """

    def __init__(self, message: str, fields: tuple[str, ...]) -> None:
        super().__init__(message, field="bsn")
        self.fields = fields


class VaultRolledBackError(VaultDamagedError):
    """The database is older than the state this machine last saw committed (exit 4).

    A lost WAL file or an older copy of the vault folder; the user may accept the older
    state, which is then logged.
    """
