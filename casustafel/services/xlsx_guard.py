"""Checks on an XLSX workbook before openpyxl reads it: sizes, ratios, XML shape, no entities.

A workbook is a zip of XML parts, and a hostile one can claim a sheet of a billion cells,
unpack one cell to a gigabyte, or hide an external entity in its XML. So, before openpyxl
unpacks anything:

1. the zip's directory is judged: number of parts, each part's declared size and
   compression ratio, the declared total. `zipfile` never unpacks more than a part
   declares (it stops there and fails the CRC check), so the declared sizes are a bound;
2. every XML part is streamed once through defusedxml (DTDs, entities and external
   references refused) with bounded memory: each element is dropped once it is read. In
   a worksheet the claimed dimension, the row numbers, the cells per row and every text
   are held to the import limits.

Each refusal is one Dutch `ImportFileError` naming the limit, never file content.
"""

from __future__ import annotations

import re
import zipfile
from typing import IO
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from casustafel.errors import ImportFileError
from casustafel.i18n import _

from .import_limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_XLSX_PARTS,
    MAX_XLSX_RATIO,
    MAX_XLSX_UNPACKED,
    cell_too_long,
    dutch_number,
    too_many_columns,
    too_many_rows,
)

__all__ = ["check_workbook", "damaged_workbook"]

# A ratio says little about a small part; only parts above this size are judged by it.
_RATIO_FLOOR = 1024 * 1024
# Real workbook XML nests about ten levels deep; far deeper is an attack on the parser.
_MAX_DEPTH = 64
# The header row plus the data rows.
_MAX_SHEET_ROWS = MAX_ROWS + 1
_CELL_REF = re.compile(r"([A-Za-z]{1,3})?(\d{1,7})?$")


def damaged_workbook() -> ImportFileError:
    return ImportFileError(_("Het Excel-bestand is beschadigd of onvolledig."))


def check_workbook(archive: zipfile.ZipFile) -> None:
    """Refuse `archive` unless its sizes and every XML part keep to the import limits.

    Raises:
        ImportFileError: a limit is exceeded, the XML holds a DTD or entities, or the
            workbook is damaged.
    """
    parts = archive.infolist()
    _check_directory(parts)
    for info in parts:
        if info.filename.endswith((".xml", ".rels")) and not info.is_dir():
            _check_xml_part(archive, info)


def _check_directory(parts: list[zipfile.ZipInfo]) -> None:
    if len(parts) > MAX_XLSX_PARTS:
        raise ImportFileError(
            _("Het Excel-bestand bestaat uit meer dan {limit} onderdelen; dat is de grens.").format(
                limit=dutch_number(MAX_XLSX_PARTS)
            )
        )
    total = 0
    for info in parts:
        total += info.file_size
        squeezed = info.file_size > _RATIO_FLOOR and (
            info.compress_size == 0 or info.file_size / info.compress_size > MAX_XLSX_RATIO
        )
        if squeezed:
            raise ImportFileError(
                _(
                    "Het Excel-bestand is verdacht sterk samengeperst (meer dan {limit} keer); "
                    "het wordt niet uitgepakt."
                ).format(limit=MAX_XLSX_RATIO)
            )
    if total > MAX_XLSX_UNPACKED:
        raise ImportFileError(
            _(
                "Het Excel-bestand is uitgepakt groter dan {limit} MB; dat is de grens. "
                "Splits het in kleinere bestanden."
            ).format(limit=MAX_XLSX_UNPACKED // 1024 // 1024)
        )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _column_number(letters: str) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - ord("A") + 1
    return number


class _SheetShape:
    """Counts what a worksheet holds while it streams past, refusing beyond the limits."""

    def __init__(self) -> None:
        self.rows = 0
        self.cells_in_row = 0

    def dimension(self, ref: str) -> None:
        # "A1:XFD1048576": the range the sheet claims to span; judged before any row.
        for corner in ref.split(":"):
            self._reference(corner)

    def row(self, number: str | None) -> None:
        self.rows += 1
        self.cells_in_row = 0
        if self.rows > _MAX_SHEET_ROWS or (number and self._number(number) > _MAX_SHEET_ROWS):
            raise too_many_rows()

    def cell(self, ref: str | None) -> None:
        self.cells_in_row += 1
        if self.cells_in_row > MAX_COLUMNS:
            raise too_many_columns()
        if ref:
            self._reference(ref)

    def _reference(self, ref: str) -> None:
        match = _CELL_REF.match(ref.strip().replace("$", ""))
        if match is None:
            raise damaged_workbook()
        letters, digits = match.groups()
        if letters and _column_number(letters) > MAX_COLUMNS:
            raise too_many_columns()
        if digits and int(digits) > _MAX_SHEET_ROWS:
            raise too_many_rows()

    @staticmethod
    def _number(text: str) -> int:
        if not text.isdigit() or len(text) > 7:
            raise damaged_workbook()
        return int(text)


def _check_xml_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    sheet = _SheetShape() if info.filename.lower().startswith("xl/worksheets/") else None
    try:
        with archive.open(info) as stream:
            _stream_elements(stream, sheet)
    except (DefusedXmlException, ValueError) as exc:
        if isinstance(exc, DefusedXmlException):
            raise ImportFileError(
                _(
                    "Het Excel-bestand bevat XML-definities (DTD of entiteiten) die in een "
                    "werkmap niet thuishoren; het wordt niet gelezen."
                )
            ) from None
        raise damaged_workbook() from None
    except (ParseError, zipfile.BadZipFile, EOFError, OSError, NotImplementedError):
        # Truncated or malformed XML, a CRC mismatch (a part that unpacks to more than it
        # declares), an unsupported compression method.
        raise damaged_workbook() from None


def _stream_elements(stream: IO[bytes], sheet: _SheetShape | None) -> None:
    stack: list[Element] = []
    for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
        if event == "start":
            stack.append(element)
            if len(stack) > _MAX_DEPTH:
                raise damaged_workbook()
            if sheet is not None:
                name = _local(element.tag)
                if name == "dimension":
                    sheet.dimension(element.get("ref", ""))
                elif name == "row":
                    sheet.row(element.get("r"))
                elif name == "c":
                    sheet.cell(element.get("r"))
            continue
        if element.text is not None and len(element.text) > MAX_CELL_CHARS:
            raise cell_too_long()
        stack.pop()
        # Forget what was read, so that memory stays flat however long the part is.
        element.clear()
        if stack:
            stack[-1].remove(element)
