"""Reading partners' lists (CSV or XLSX) into header-keyed rows of plain text.

Everything a file can do wrong at file level becomes one Dutch `ImportFileError`: too
large, too many rows or columns, a cell too long, empty, binary, not a real workbook, no
known columns (limits in `import_limits`; XLSX checks before unpacking in `xlsx_guard`).
What is wrong in one CSV record (a quote running across lines, a different number of
fields than the header, a NUL) is a row problem with its line number, so that the import
refuses the file or, with --skip-invalid, skips and counts that record. Cells are read as
text and never evaluated: a formula in a workbook is read as its formula text
(`data_only=False`), and CSV text such as ``=1+2`` stays exactly that. Unknown column
names are reported by position only: a header cell can hold a person's name.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError

import openpyxl
from defusedxml import DefusedXmlException
from openpyxl.utils.exceptions import InvalidFileException

from casustafel.errors import ImportFileError
from casustafel.i18n import _

from .import_limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_IMPORT_BYTES,
    MAX_ROWS,
    column_label,
    dutch_number,
    too_many_columns,
    too_many_rows,
)
from .xlsx_guard import check_workbook, damaged_workbook

__all__ = [
    "KNOWN_COLUMNS",
    "MAX_IMPORT_BYTES",
    "RawRow",
    "RawTable",
    "read_table",
]

# The documented columns (issue: "at least"), plus an optional separate prefix column.
KNOWN_COLUMNS: tuple[str, ...] = (
    "datum", "bron", "omschrijving", "achternaam", "tussenvoegsel", "voornamen",
    "geboortedatum", "bsn", "straat", "huisnummer", "postcode", "woonplaats", "wijk",
)  # fmt: skip
REQUIRED_COLUMNS: tuple[str, ...] = ("datum",)
_SNIFF_BYTES = 64 * 1024
_ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True, slots=True)
class RawRow:
    """One data row: its line (CSV) or row number (XLSX), and text per known column.

    `problem` is set (and `values` empty) for a record that could not be read as a row:
    the importer reports it with its line and imports nothing, or skips it.
    """

    line: int
    values: dict[str, str]
    problem: str = ""


@dataclass(frozen=True, slots=True)
class RawTable:
    """A read file: the rows, the unknown columns (by position), and which format it was."""

    rows: tuple[RawRow, ...]
    unknown_columns: tuple[str, ...]
    format: str  # "csv" or "xlsx"


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 12.0 from a spreadsheet is house number 12
    return str(value).strip()


def _header_map(header: list[str]) -> tuple[dict[int, str], tuple[str, ...]]:
    if len(header) > MAX_COLUMNS:
        raise too_many_columns()
    names = [h.strip().lstrip("\ufeff").strip().lower() for h in header]
    mapping: dict[int, str] = {}
    unknown: list[str] = []
    for index, name in enumerate(names):
        if name in KNOWN_COLUMNS and name not in mapping.values():
            mapping[index] = name
        elif name:
            unknown.append(column_label(index))
    if not mapping:
        raise ImportFileError(
            _(
                "Het bestand heeft een andere opbouw: geen van de verwachte kolommen gevonden. "
                "Verwacht worden kolommen als {columns}."
            ).format(columns=", ".join(KNOWN_COLUMNS))
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in mapping.values()]
    if missing:
        raise ImportFileError(
            _("De kolom '{column}' ontbreekt; die is verplicht.").format(column=missing[0])
        )
    return mapping, tuple(unknown)


# A record: its first line, its cells, and what is wrong with it ("" when nothing).
_Record = tuple[int, list[str], str]


def _rows(records: Iterable[_Record], fmt: str) -> RawTable:
    iterator: Iterator[_Record] = iter(records)
    header: list[str] | None = None
    for line, cells, problem in iterator:
        if problem:
            # Without a readable header no row can be read either.
            raise ImportFileError(
                _("De kopregel (regel {line}) is niet te lezen: {reason}.").format(
                    line=line, reason=problem
                )
            )
        if any(c.strip() for c in cells):
            header = cells
            break
    if header is None:
        raise ImportFileError(_("Het bestand bevat geen gegevens."))
    mapping, unknown = _header_map(header)
    rows: list[RawRow] = []
    for line, cells, problem in iterator:
        if problem:
            rows.append(RawRow(line, {}, problem))
        elif not any(c.strip() for c in cells):
            continue
        elif fmt == "csv" and len(cells) != len(header):
            reason = _("{found} velden in plaats van {expected} (zoals de kopregel)")
            rows.append(RawRow(line, {}, reason.format(found=len(cells), expected=len(header))))
        else:
            values = {name: cells[i].strip() for i, name in mapping.items() if i < len(cells)}
            rows.append(RawRow(line, values))
        if len(rows) > MAX_ROWS:
            raise too_many_rows()
    if not rows:
        raise ImportFileError(_("Het bestand bevat alleen kopregels en geen signalen."))
    return RawTable(tuple(rows), unknown, fmt)


def _decode(data: bytes) -> str:
    # A NUL early on means a binary file; one further on is a row problem (see _csv_records).
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise ImportFileError(_(_NOT_A_LIST))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Partners' Excel on Windows saves "CSV" as Windows-1252.
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFileError(_(_NOT_A_LIST)) from None


def _csv_records(text: str, dialect: type[csv.Dialect] | csv.Dialect) -> Iterator[_Record]:
    """Each CSV record with its first line and, if it cannot be a row, why not."""
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    previous = 0
    while True:
        start = previous + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            previous = reader.line_num
            yield start, [], _("niet te lezen als CSV (een aanhalingsteken staat verkeerd)")
            continue
        previous = reader.line_num
        if reader.line_num > start:
            # A quoted cell went on over line ends: an unclosed quote swallows the rows
            # after it (other people's data inside one description), so it is never read.
            yield (
                start,
                [],
                _(
                    "een aanhalingsteken loopt door tot regel {end}: niet gesloten, of een "
                    "regeleinde in een cel (dat kan wel in een .xlsx-bestand)"
                ).format(end=reader.line_num),
            )
        elif any("\x00" in cell for cell in cells):
            yield start, [], _("bevat een NUL-teken; dat hoort niet in een tekstbestand")
        elif any(len(cell) > MAX_CELL_CHARS for cell in cells):
            yield (
                start,
                [],
                _("een cel is langer dan {limit} tekens (de grens)").format(
                    limit=dutch_number(MAX_CELL_CHARS)
                ),
            )
        else:
            yield start, cells, ""


def _read_csv(data: bytes) -> RawTable:
    text = _decode(data)
    sample = text[:_SNIFF_BYTES]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;")
    except csv.Error:
        first = sample.splitlines()[0] if sample.splitlines() else ""
        dialect = csv.excel if first.count(",") >= first.count(";") else _Semicolon
    # The cell limit is checked per record with its line number; the csv module's own
    # limit only has to let the whole (size-limited) file through without an error.
    old_limit = csv.field_size_limit(max(len(text), MAX_CELL_CHARS) + 1)
    try:
        return _rows(_csv_records(text, dialect), "csv")
    finally:
        csv.field_size_limit(old_limit)


class _Semicolon(csv.excel):
    delimiter = ";"


def _read_xlsx(path: Path) -> RawTable:
    data = io.BytesIO(path.read_bytes())
    try:
        with zipfile.ZipFile(data) as archive:
            check_workbook(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ImportFileError(_("Het bestand is geen geldig Excel-bestand (.xlsx).")) from None
    if not openpyxl.DEFUSEDXML:  # pragma: no cover - defusedxml is a dependency
        raise ImportFileError(_("Excel-bestanden kunnen hier niet veilig worden gelezen."))
    try:
        with warnings.catch_warnings():
            # openpyxl warns (in English) about styles and extensions it skips; not our
            # user's concern, and a warning must never end as an "unexpected error".
            warnings.simplefilter("ignore")
            # From bytes, so that openpyxl judges the content and not the file name.
            workbook = openpyxl.load_workbook(
                data, read_only=True, data_only=False, keep_links=False
            )
            try:
                return _xlsx_rows(workbook)
            finally:
                workbook.close()
    except ImportFileError:
        raise
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, TypeError, EOFError):
        raise ImportFileError(_("Het bestand is geen geldig Excel-bestand (.xlsx).")) from None
    except (ParseError, DefusedXmlException, ValueError, IndexError, AttributeError):
        raise damaged_workbook() from None


def _xlsx_rows(workbook: openpyxl.Workbook) -> RawTable:
    sheet = workbook.worksheets[0] if workbook.worksheets else None
    if sheet is None:
        raise ImportFileError(_("Het Excel-bestand heeft geen werkblad."))
    # Bounded reads: openpyxl fills gaps up to the bounds it is given, never beyond.
    rows = sheet.iter_rows(min_row=1, max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS, values_only=True)
    records = ((index, [_cell_text(v) for v in row], "") for index, row in enumerate(rows, start=1))
    return _rows(records, "xlsx")


_NOT_A_LIST = "Het bestand is geen tekstbestand (CSV) of Excel-bestand (.xlsx)."


def read_table(path: Path) -> RawTable:
    """Read a partner's list; raise `ImportFileError` with one Dutch line when it cannot be.

    Raises:
        ImportFileError: missing, beyond a limit, empty, binary, malformed, or other columns.
    """
    try:
        size = path.stat().st_size
    except OSError:
        raise ImportFileError(_("Het bestand {name} bestaat niet of is niet te lezen.").format(
            name=path.name)) from None  # fmt: skip
    if size == 0:
        raise ImportFileError(_("Het bestand is leeg."))
    if size > MAX_IMPORT_BYTES:
        raise ImportFileError(
            _("Het bestand is te groot ({size} MB); de grens is {limit} MB. Splits het in "
              "kleinere bestanden.").format(
                size=f"{size / 1024 / 1024:.1f}".replace(".", ","),
                limit=MAX_IMPORT_BYTES // 1024 // 1024,
            )
        )  # fmt: skip
    with path.open("rb") as handle:
        head = handle.read(len(_ZIP_MAGIC))
    if head == _ZIP_MAGIC or path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    return _read_csv(path.read_bytes())
