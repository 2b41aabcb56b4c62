"""`casustafel import`: signals from a partner's list, validated row by row, all or nothing.

Each valid row becomes a signal waiting for weighing at the chosen table, its person or
address matched to one already in the vault (same BSN, or same name and date of birth;
same postcode and house number) instead of a duplicate. Only an exact match is linked: a
BSN that belongs to a known person with another name or birth date is a conflict,
reported by line and field names (never values) and handled as `on_conflict` says
(`REFUSE`: a bad row; `SKIP`: left out; `WITHOUT_SUBJECT`: the signal without the person).
A row already in the vault (same table, date, source, description and subject) is
skipped and counted unless `again` asks to import it once more. By default one bad row
imports nothing and every bad row is reported with its line number and reason;
`skip_invalid` imports the good rows. A dry run reports the same. Text is stored as
written (``=SUM(A1)`` stays text). The import is audited once, with its counts, never
with file names or cell contents.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path

from sqlalchemy import func, select

from casustafel.db import models
from casustafel.db.audit import AuditRecord
from casustafel.db.repositories.subjects import SubjectMatcher, normalise_subject
from casustafel.db.repositories.tx import Tx, utc_now
from casustafel.db.vault import Vault
from casustafel.domain import catalogue, names, validation
from casustafel.domain import model as dm
from casustafel.domain.matching import FIELD_LABELS
from casustafel.errors import CasustafelError, SubjectConflictError, ValidationError
from casustafel.i18n import _

from .import_reader import RawRow, read_table
from .signals import intake_signal_in

__all__ = [
    "ConflictPolicy",
    "ImportConflict",
    "ImportProblem",
    "ImportReport",
    "import_signals",
    "row_to_signal",
]


class ConflictPolicy(Enum):
    """What an import does with a row whose BSN belongs to someone with another name."""

    REFUSE = "weigeren"  # a bad row: nothing is imported (unless skip_invalid)
    SKIP = "overslaan"  # the row is left out; the others are imported
    WITHOUT_SUBJECT = "zonder-betrokkene"  # the signal is imported, the person not linked


@dataclass(frozen=True, slots=True)
class ImportConflict:
    """A row whose person conflicts with a known one: its line and the differing fields."""

    line: int
    fields: tuple[str, ...]  # identity fields (surname, given_names, birth_date)

    @property
    def text(self) -> str:
        names_ = ", ".join(FIELD_LABELS.get(f, f) for f in self.fields)
        return _("bsn bekend bij een betrokkene met een andere {fields}").format(fields=names_)


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """A row that was not imported: its line in the file and why (no cell contents)."""

    line: int
    message: str


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    rows: int
    imported: int
    problems: tuple[ImportProblem, ...]
    unknown_columns: tuple[str, ...]
    new_subjects: int
    matched_subjects: int
    dry_run: bool
    batch: str
    conflicts: tuple[ImportConflict, ...] = ()
    duplicates: int = 0  # rows already in the vault, skipped

    @property
    def rejected(self) -> bool:
        """True when bad rows stopped the whole import (the default all-or-nothing mode)."""
        return bool(self.problems) and self.imported == 0


class _DryRunDone(Exception):  # noqa: N818 (control flow: roll the transaction back)
    """Raised at the end of a dry run so that the transaction is rolled back."""


_FIELD_LABELS = {
    "datum": "datum", "received_on": "datum", "geboortedatum": "geboortedatum",
    "birth_date": "geboortedatum", "bsn": "bsn", "postcode": "postcode",
    "house_number": "huisnummer", "huisnummer": "huisnummer", "surname": "achternaam",
    "wijk": "wijk", "area": "wijk", "phone": "telefoon",
}  # fmt: skip


def _area(text: str) -> str:
    if not text:
        return ""
    for name in catalogue.area_names():
        if name.casefold() == text.casefold():
            return name
    # The cell is not repeated: in a row whose columns slipped it can hold a name or BSN.
    raise ValidationError(_("onbekende wijk of dorp"), "wijk")


def _required_date(text: str, today: dt.date) -> dt.date:
    if not text:
        raise ValidationError(_("Vul een datum in."), "datum")
    return validation.validate_event_date(text, today=today, max_years_ahead=0)


def row_to_signal(row: RawRow, table: dm.TableCode, today: dt.date) -> dm.NewSignal:
    """Validate one row and turn it into a signal; `ValidationError` names what is wrong."""
    v = row.values
    problems: list[str] = []

    def attempt(column: str, check: object) -> object:
        try:
            return check() if callable(check) else check
        except ValidationError as exc:
            problems.append(f"{column}: {exc.message.rstrip('.')}")
            return None

    received = attempt("datum", lambda: _required_date(v.get("datum", ""), today))
    birth = attempt(
        "geboortedatum",
        lambda: (
            validation.validate_birth_date(v["geboortedatum"], today=today)
            if v.get("geboortedatum")
            else None
        ),
    )
    bsn = attempt("bsn", lambda: validation.validate_bsn(v["bsn"]) if v.get("bsn") else "")
    postcode = attempt(
        "postcode", lambda: validation.validate_postcode(v["postcode"]) if v.get("postcode") else ""
    )
    number = attempt(
        "huisnummer",
        lambda: validation.validate_house_number(v["huisnummer"]) if v.get("huisnummer") else "",
    )
    area = attempt("wijk", lambda: _area(v.get("wijk", "")))
    if bool(v.get("postcode")) != bool(v.get("huisnummer")):
        problems.append(_("adres: vul postcode en huisnummer allebei in"))
    if problems:
        raise ValidationError("; ".join(problems))
    prefix = v.get("tussenvoegsel", "")
    surname = v.get("achternaam", "")
    if surname and not prefix:
        prefix, surname = names.split_surname(surname)
    address = dm.Address(
        street=v.get("straat", ""), house_number=str(number or ""), postcode=str(postcode or ""),
        city=v.get("woonplaats", ""),
    )  # fmt: skip
    subject: dm.NewSubject | None = None
    if surname or bsn:
        if not surname:
            raise ValidationError(_("achternaam: vul de achternaam in bij een BSN"))
        subject = dm.NewSubject(
            dm.SubjectKind.PERSOON,
            dm.SubjectRole.BETROKKENE,
            dm.Person(
                surname=surname, prefix=prefix, given_names=v.get("voornamen", ""),
                birth_date=birth if isinstance(birth, dt.date) else None, bsn=str(bsn or ""),
            ),
            address,
        )  # fmt: skip
    elif address.postcode:
        subject = dm.NewSubject(dm.SubjectKind.ADRES, dm.SubjectRole.BETROKKENE, address=address)
    assert isinstance(received, dt.date)
    return dm.NewSignal(
        table=table,
        received_on=received,
        source=v.get("bron", "")[:120],
        description=v.get("omschrijving", ""),
        area=str(area or ""),
        subject=subject,
    )


def _subject_count(tx: Tx) -> int:
    return int(tx.session.scalar(select(func.count()).select_from(models.Subject)) or 0)


def import_signals(
    vault: Vault,
    path: Path,
    table: dm.TableCode,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    on_conflict: ConflictPolicy = ConflictPolicy.REFUSE,
    again: bool = False,
    today: dt.date | None = None,
) -> ImportReport:
    """Import a partner's list as signals waiting for weighing at `table`.

    Args:
        on_conflict: what to do with a row whose BSN belongs to someone else.
        again: import rows already in the vault once more (default: skip and count them).

    Raises:
        ImportFileError: the file itself cannot be used (size, empty, binary, structure).
    """
    today = today or dt.date.today()
    raw = read_table(path)
    problems: list[ImportProblem] = []
    good: list[tuple[int, dm.NewSignal]] = []
    for row in raw.rows:
        try:
            good.append((row.line, row_to_signal(row, table, today)))
        except ValidationError as exc:
            problems.append(ImportProblem(row.line, exc.message))
    batch = f"{today.isoformat()}-{secrets.token_hex(6)}"
    if problems and not skip_invalid:
        good = []
    imported = new_subjects = linked = duplicates = 0
    conflicts: list[ImportConflict] = []
    if good:
        result: list[int] = []
        try:
            with vault.unit_of_work() as tx:
                before = _subject_count(tx)
                now = utc_now()
                matcher = SubjectMatcher(tx.session)
                seen = set() if again else _existing_keys(tx, table)
                written = with_subject = 0
                for line, signal in good:
                    if not again and _key(matcher, signal) in seen:
                        duplicates += 1
                        continue
                    try:
                        intake_signal_in(tx, signal, batch=batch, now=now, matcher=matcher)
                    except SubjectConflictError as exc:
                        conflicts.append(ImportConflict(line, exc.fields))
                        if on_conflict is ConflictPolicy.WITHOUT_SUBJECT:
                            plain = replace(signal, subject=None)
                            intake_signal_in(tx, plain, batch=batch, now=now, matcher=matcher)
                            written += 1
                        continue
                    except CasustafelError as exc:  # a rule only the vault can check
                        raise _RowFailedError(line, exc.message) from None
                    written += 1
                    with_subject += signal.subject is not None
                if conflicts and on_conflict is ConflictPolicy.REFUSE:
                    problems.extend(ImportProblem(c.line, c.text) for c in conflicts)
                    problems.sort(key=lambda p: p.line)
                    if not skip_invalid:
                        raise _ConflictsRefusedError
                result = [written, _subject_count(tx) - before, with_subject]
                tx.audit(
                    AuditRecord(
                        dm.AuditAction.IMPORT,
                        object_kind="signal",
                        detail=(
                            f"tabel={table.value} rijen={len(raw.rows)} ingelezen={written} "
                            f"overgeslagen={len(problems)} conflict={len(conflicts)} "
                            f"dubbel={duplicates} batch={batch}" + (" proef=ja" if dry_run else "")
                        ),
                    )
                )
                if dry_run:
                    raise _DryRunDone
        except _DryRunDone:
            pass
        except _ConflictsRefusedError:
            result = [0, 0, 0]
        except _RowFailedError as exc:
            problems.append(ImportProblem(exc.line, exc.message))
            problems.sort(key=lambda p: p.line)
            result = [0, 0, 0]
        imported, new_subjects, with_subjects = result
        linked = with_subjects - new_subjects
    if dry_run or not imported:
        _audit_attempt(vault, table, len(raw.rows), len(problems), dry_run)
    return ImportReport(
        rows=len(raw.rows),
        imported=imported,
        problems=tuple(problems),
        unknown_columns=raw.unknown_columns,
        new_subjects=new_subjects,
        matched_subjects=linked if imported else 0,
        dry_run=dry_run,
        batch=batch if imported and not dry_run else "",
        conflicts=tuple(conflicts),
        duplicates=duplicates,
    )


class _ConflictsRefusedError(Exception):
    """Conflicting rows stop the whole import (REFUSE without skip_invalid): roll back."""


SignalKey = tuple[dt.date, str, str, int | None]


def _existing_keys(tx: Tx, table: dm.TableCode) -> set[SignalKey]:
    """(date, source, description, subject) of every signal of the table already stored."""
    rows = tx.session.execute(
        select(
            models.Signal.received_on,
            models.Signal.source,
            models.Signal.description,
            models.Signal.subject_id,
        ).where(models.Signal.table_code == table.value)
    )
    return {(r.received_on, r.source, r.description, r.subject_id) for r in rows}


def _key(matcher: SubjectMatcher, signal: dm.NewSignal) -> SignalKey:
    """The row's key as it would be stored; a subject not yet known has no id (not a repeat)."""
    subject_id: int | None = None
    if signal.subject is not None:
        try:
            subject_id = matcher.match_id(normalise_subject(signal.subject))
        except ValidationError:
            subject_id = None
        if subject_id is None:
            subject_id = -1  # a new person: never equal to a stored signal's subject
    return (signal.received_on, signal.source.strip(), signal.description.strip(), subject_id)


class _RowFailedError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(line)
        self.line = line
        self.message = message


def _audit_attempt(vault: Vault, table: dm.TableCode, rows: int, bad: int, dry_run: bool) -> None:
    """A dry run or a refused import is audited too (it read and matched personal data)."""
    with vault.unit_of_work() as tx:
        tx.audit(
            AuditRecord(
                dm.AuditAction.IMPORT,
                object_kind="signal",
                detail=f"tabel={table.value} rijen={rows} ingelezen=0 fout={bad}"
                + (" proef=ja" if dry_run else ""),
            )
        )
