"""Generated hostile import files (CSV and XLSX), each with the refusal it must get.

Shared by the in-process reader test (tests/services/test_import_hostile.py) and the
command-line fuzz test (tests/cli/test_import_fuzz.py). Every file carries the canary
name below somewhere a careless reader would echo it (a header, a cell), so that a test
can assert it never reaches the terminal.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl

CANARY = "Geheimnaam"  # a "person" that must never be echoed
HEADER = "datum;bron;omschrijving;achternaam;bsn"
GOOD_ROW = "01-11-2026;Politie;geluid;Jansen;"
_SHEET = "xl/worksheets/sheet1.xml"
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


@dataclass(frozen=True)
class Hostile:
    """A file to write and the text its refusal must contain (file level or row level)."""

    name: str
    suffix: str
    build: Callable[[], bytes]
    expect: str  # a fragment of the one refusal line (or of the "Regel N:" line)
    heavy: bool = False  # takes seconds to build or read: marked slow in-process


def _csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def _base_parts() -> dict[str, bytes]:
    """The parts of a small real workbook made by openpyxl: header and one good row."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["datum", "bron", "achternaam"])
    sheet.append(["01-11-2026", "Politie", "Jansen"])
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _xlsx(replace: dict[str, bytes], *, stored: frozenset[str] = frozenset()) -> bytes:
    parts = {**_base_parts(), **replace}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            kind = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=kind)
    return buffer.getvalue()


def _sheet(body: str, dimension: str = "A1:C2") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}>'
        f'<dimension ref="{dimension}"/><sheetData>{body}</sheetData></worksheet>'
    ).encode()


def _row(number: int, *texts: str) -> str:
    cells = "".join(
        f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{text}</t></is></c>'
        for i, text in enumerate(texts)
    )
    return f'<row r="{number}">{cells}</row>'


_HEAD = _row(1, "datum", "bron", "achternaam")


def _zip_bomb() -> bytes:
    # One cell of 200 MB of zeros in a sheet: a few hundred KB compressed.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in _base_parts().items():
            if name != _SHEET:
                archive.writestr(name, data)
        with archive.open(_SHEET, "w") as sheet:
            sheet.write(
                f'<?xml version="1.0"?><worksheet {_NS}><dimension ref="A1:C2"/><sheetData>'
                f'{_HEAD}<row r="2"><c r="A2" t="inlineStr"><is><t>'.encode()
            )
            chunk = b"0" * (1024 * 1024)
            for _ in range(200):
                sheet.write(chunk)
            sheet.write(b"</t></is></c></row></sheetData></worksheet>")
    return buffer.getvalue()


def _many_small_bombs() -> bytes:
    # 120 parts of 1 MB each: every one below the ratio check's floor, together too much.
    return _xlsx({f"xl/media/image{n}.bin": bytes(1024 * 1024) for n in range(120)})


def _lying_zip_bomb() -> bytes:
    """The same bomb, its central directory claiming the sheet unpacks to 2 KB."""
    data = bytearray(_zip_bomb())
    name = _SHEET.encode()
    at = data.find(b"PK\x01\x02")  # the central directory's entries
    while at != -1:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46 : at + 46 + length]) == name:
            struct.pack_into("<I", data, at + 24, 2048)
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


def _laughs() -> bytes:
    entities = '<!ENTITY l0 "ha">' + "".join(
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    return (
        f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]>'
        f'<sst {_NS} count="1" uniqueCount="1"><si><t>&l9;</t></si></sst>'
    ).encode()


def _xxe() -> bytes:
    return (
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        f"<worksheet {_NS}><sheetData>{_HEAD}"
        '<row r="2"><c r="A2" t="inlineStr"><is><t>&e;</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()


def _many_rows() -> bytes:
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>1</v></c></row>' for n in range(2, 50_100))
    return _xlsx({_SHEET: _sheet(_HEAD + rows, dimension="A1")})


def _wide_row() -> bytes:
    cells = "".join(f'<c r="A2"><v>{n}</v></c>' for n in range(5000))
    return _xlsx({_SHEET: _sheet(_HEAD + f'<row r="2">{cells}</row>', dimension="A1")})


def _deep() -> bytes:
    return _xlsx({_SHEET: _sheet(_HEAD + "<x>" * 10_000 + "</x>" * 10_000)})


def _nul_after_64k() -> bytes:
    good = [GOOD_ROW] * 3000  # about 100 KB of good rows first
    return _csv(HEADER, *good, f"01-11-2026;Politie;x\x00y;{CANARY};")


CSV_FILES: tuple[Hostile, ...] = (
    Hostile(
        "unclosed-quote",
        ".csv",
        lambda: _csv(
            HEADER,
            '01-11-2026;Politie;"geluid;Jansen;',
            *[f"02-11-2026;Buren;x;{CANARY}{i};111222333" for i in range(5)],
        ),
        "Regel 2: een aanhalingsteken loopt door tot regel 7",
    ),
    Hostile("nul-late", ".csv", _nul_after_64k, "Regel 3002: bevat een NUL-teken"),
    Hostile(
        "field-count",
        ".csv",
        lambda: _csv(HEADER, GOOD_ROW, f"01-11-2026;Politie;x;{CANARY};;extra"),
        "Regel 3: 6 velden in plaats van 5",
    ),
    Hostile(
        "long-cell",
        ".csv",
        lambda: _csv(HEADER, f"01-11-2026;Politie;{'x' * 40_000};{CANARY};"),
        "Regel 2: een cel is langer dan 32.767 tekens",
    ),
    Hostile(
        "two-million-rows",
        ".csv",
        lambda: b"datum\n" + b"1\n" * 2_000_000,
        "meer dan 50.000 regels",
        heavy=True,
    ),
    Hostile(
        "wide-header",
        ".csv",
        lambda: _csv("datum;" + ";".join(f"{CANARY}{i}" for i in range(200)), "x"),
        "meer dan 100 kolommen",
    ),
    Hostile("binary", ".csv", lambda: b"\x00\x01" * 100, "geen tekstbestand"),
)

XLSX_FILES: tuple[Hostile, ...] = (
    Hostile(
        "huge-dimension",
        ".xlsx",
        lambda: _xlsx({_SHEET: _sheet(_HEAD, dimension="A1:XFD1048576")}),
        "meer dan 100 kolommen",
    ),
    Hostile(
        "two-million-row-claim",
        ".xlsx",
        lambda: _xlsx({_SHEET: _sheet(_HEAD, dimension="A1:M2000000")}),
        "meer dan 50.000 regels",
    ),
    Hostile(
        "far-row",
        ".xlsx",
        lambda: _xlsx({_SHEET: _sheet(_HEAD + _row(1048576, "1", "x", CANARY), "A1")}),
        "meer dan 50.000 regels",
    ),
    Hostile("many-rows", ".xlsx", _many_rows, "meer dan 50.000 regels", heavy=True),
    Hostile("wide-row", ".xlsx", _wide_row, "meer dan 100 kolommen"),
    Hostile("zip-bomb", ".xlsx", _zip_bomb, "verdacht sterk samengeperst", heavy=True),
    Hostile("many-small-bombs", ".xlsx", _many_small_bombs, "groter dan 100 MB"),
    Hostile("lying-zip-bomb", ".xlsx", _lying_zip_bomb, "beschadigd of onvolledig", heavy=True),
    Hostile("xxe", ".xlsx", lambda: _xlsx({_SHEET: _xxe()}), "XML-definities"),
    Hostile(
        "billion-laughs",
        ".xlsx",
        lambda: _xlsx({"xl/sharedStrings.xml": _laughs()}),
        "XML-definities",
    ),
    Hostile(
        "truncated-sheet",
        ".xlsx",
        lambda: _xlsx({_SHEET: _sheet(_HEAD + _row(2, "01-11-2026", "x", CANARY))[:-40]}),
        "beschadigd of onvolledig",
    ),
    Hostile("deep-nesting", ".xlsx", _deep, "beschadigd of onvolledig"),
    Hostile(
        "long-cell",
        ".xlsx",
        lambda: _xlsx({_SHEET: _sheet(_HEAD + _row(2, "01-11-2026", "x" * 40_000, CANARY))}),
        "langer dan 32.767 tekens",
    ),
    Hostile(
        "not-a-zip",
        ".xlsx",
        lambda: b"PK\x03\x04" + b"\xff" * 500,
        "geen geldig Excel-bestand",
    ),
)

ALL_FILES = CSV_FILES + XLSX_FILES


def write(folder: Path, hostile: Hostile) -> Path:
    path = folder / f"{hostile.name}{hostile.suffix}"
    path.write_bytes(hostile.build())
    return path
