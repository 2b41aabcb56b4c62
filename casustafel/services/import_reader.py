"""Reading partners' lists (CSV or XLSX) into header-keyed rows of plain text.

Everything a file can do wrong at file level becomes one Dutch `ImportFileError`: too
large, empty, binary, not a real workbook, unreadable CSV, no known columns. Cells are
read as text and never evaluated: a formula in a workbook is read as its formula text
(`data_only=False`), and CSV text such as ``=1+2`` stays exactly that.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from casustafel.errors import ImportFileError
from casustafel.i18n import _

__all__ = [
    "KNOWN_COLUMNS",
    "MAX_IMPORT_BYTES",
    "RawRow",
    "RawTable",
    "read_table",
]

MAX_IMPORT_BYTES = 20 * 1024 * 1024
# The documented columns (issue: "at least"), plus an optional separate prefix column.
KNOWN_COLUMNS: tuple[str, ...] = (
    "datum", "bron", "omschrijving", "achternaam", "tussenvoegsel", "voornamen",
    "geboortedatum", "bsn", "straat", "huisnummer", "postcode", "woonplaats", "wijk",
)  # fmt: skip
REQUIRED_COLUMNS: tuple[str, ...] = ("datum",)
_SNIFF_BYTES = 64 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
_CSV_FIELD_LIMIT = 100_000


@dataclass(frozen=True, slots=True)
class RawRow:
    """One data row: its line (CSV) or row number (XLSX), and text per known column."""

    line: int
    values: dict[str, str]


@dataclass(frozen=True, slots=True)
class RawTable:
    """A read file: the rows, the unknown column names, and which format it was."""

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
    names = [h.strip().lstrip("\ufeff").strip().lower() for h in header]
    mapping: dict[int, str] = {}
    unknown: list[str] = []
    for index, name in enumerate(names):
        if name in KNOWN_COLUMNS and name not in mapping.values():
            mapping[index] = name
        elif name:
            unknown.append(header[index].strip())
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


def _rows(numbered: Iterable[tuple[int, list[str]]], fmt: str) -> RawTable:
    iterator: Iterator[tuple[int, list[str]]] = iter(numbered)
    header: list[str] | None = None
    for _line, cells in iterator:
        if any(c.strip() for c in cells):
            header = cells
            break
    if header is None:
        raise ImportFileError(_("Het bestand bevat geen gegevens."))
    mapping, unknown = _header_map(header)
    rows = []
    for line, cells in iterator:
        if not any(c.strip() for c in cells):
            continue
        values = {name: cells[i].strip() if i < len(cells) else "" for i, name in mapping.items()}
        rows.append(RawRow(line, values))
    if not rows:
        raise ImportFileError(_("Het bestand bevat alleen kopregels en geen signalen."))
    return RawTable(tuple(rows), unknown, fmt)


def _decode(data: bytes) -> str:
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


def _read_csv(data: bytes) -> RawTable:
    text = _decode(data)
    sample = text[:_SNIFF_BYTES]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;")
    except csv.Error:
        first = sample.splitlines()[0] if sample.splitlines() else ""
        dialect = csv.excel if first.count(",") >= first.count(";") else _Semicolon
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    previous = 0

    def numbered() -> Iterator[tuple[int, list[str]]]:
        nonlocal previous
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error:
                raise ImportFileError(
                    _(
                        "Het CSV-bestand is op regel {line} niet te lezen (een veld is te lang "
                        "of een aanhalingsteken is niet gesloten)."
                    ).format(line=reader.line_num)
                ) from None
            start = previous + 1
            previous = reader.line_num
            yield start, cells

    old_limit = csv.field_size_limit(_CSV_FIELD_LIMIT)
    try:
        return _rows(numbered(), "csv")
    finally:
        csv.field_size_limit(old_limit)


class _Semicolon(csv.excel):
    delimiter = ";"


def _read_xlsx(path: Path) -> RawTable:
    try:
        # From bytes, so that openpyxl judges the content and not the file name's extension.
        workbook = openpyxl.load_workbook(
            io.BytesIO(path.read_bytes()), read_only=True, data_only=False
        )
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError):
        raise ImportFileError(_("Het bestand is geen geldig Excel-bestand (.xlsx).")) from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise ImportFileError(_("Het Excel-bestand heeft geen werkblad."))
        numbered = (
            (index, [_cell_text(v) for v in row])
            for index, row in enumerate(sheet.iter_rows(values_only=True), start=1)
        )
        return _rows(numbered, "xlsx")
    finally:
        workbook.close()


_NOT_A_LIST = "Het bestand is geen tekstbestand (CSV) of Excel-bestand (.xlsx)."


def read_table(path: Path) -> RawTable:
    """Read a partner's list; raise `ImportFileError` with one Dutch line when it cannot be.

    Raises:
        ImportFileError: missing, too large, empty, binary, malformed, or other columns.
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
