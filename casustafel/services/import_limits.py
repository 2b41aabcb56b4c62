"""The limits an imported list is held to, and the one Dutch refusal per limit.

One home for every bound on a partner's list (file size, rows, columns, cell length, the
unpacked size of a workbook), so that the CSV reader, the XLSX checks and the messages
name the same numbers. Each refusal is an `ImportFileError` (exit 6) that names its limit
and never repeats anything from the file.
"""

from __future__ import annotations

from casustafel.errors import ImportFileError
from casustafel.i18n import _

__all__ = [
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_IMPORT_BYTES",
    "MAX_ROWS",
    "MAX_XLSX_PARTS",
    "MAX_XLSX_RATIO",
    "MAX_XLSX_UNPACKED",
    "cell_too_long",
    "column_label",
    "too_many_columns",
    "too_many_rows",
]

MAX_IMPORT_BYTES = 20 * 1024 * 1024
# Data rows below the header: a partner's list of signals is hundreds of rows; 50,000 keeps
# a whole year of a large municipality in one file while bounding time and memory.
MAX_ROWS = 50_000
MAX_COLUMNS = 100
# Excel's own limit for the text of one cell.
MAX_CELL_CHARS = 32_767
# An XLSX is a zip: what it may unpack to in total, into how many parts, and how strongly
# one large part may be compressed (real sheets compress 5-30 times; a zip bomb 1000+).
MAX_XLSX_UNPACKED = 100 * 1024 * 1024
MAX_XLSX_PARTS = 500
MAX_XLSX_RATIO = 200


def dutch_number(value: int) -> str:
    """50000 as '50.000'."""
    return f"{value:,}".replace(",", ".")


def column_label(index: int) -> str:
    """Column 0 as '1 (A)', column 27 as '28 (AB)': how a user finds it in a spreadsheet."""
    number = index + 1
    letters = ""
    rest = number
    while rest:
        rest, remainder = divmod(rest - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return f"{number} ({letters})"


def too_many_rows() -> ImportFileError:
    return ImportFileError(
        _(
            "Het bestand heeft meer dan {limit} regels; dat is de grens. Splits het in "
            "kleinere bestanden."
        ).format(limit=dutch_number(MAX_ROWS))
    )


def too_many_columns() -> ImportFileError:
    return ImportFileError(
        _("Het bestand heeft meer dan {limit} kolommen; dat is de grens.").format(
            limit=dutch_number(MAX_COLUMNS)
        )
    )


def cell_too_long() -> ImportFileError:
    return ImportFileError(
        _("Een cel in het bestand is langer dan {limit} tekens; dat is de grens.").format(
            limit=dutch_number(MAX_CELL_CHARS)
        )
    )
