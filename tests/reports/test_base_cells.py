"""Plain-string table cells must break and look exactly as the Paragraph they stand in for."""

from __future__ import annotations

import datetime as dt
import io

import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from casustafel.reports.base import (
    ITEM_INDENT,
    DocumentSpec,
    _cell,
    build_pdf_bytes,
    data_table,
    document_styles,
    esc,
    facts_table,
)

_WORDS = st.text(
    alphabet=st.sampled_from("abcdeéëijkmnoqrstuwyzABCDEŁŞ0123456789,.()&<>ĳ"),
    min_size=1,
    max_size=14,
)
_TEXTS = st.lists(_WORDS, min_size=1, max_size=14).map(" ".join)


def _paragraph_lines(text: str, style: ParagraphStyle, width: float) -> list[str] | None:
    """The lines a Paragraph lays `text` out in at `width`; None if it squeezes a line."""
    paragraph = Paragraph(esc(text), style)
    paragraph.wrap(width, 10_000)
    lines = []
    for line in paragraph.blPara.lines:
        if paragraph.blPara.kind == 0:  # one fragment: (extra space, words)
            extra_space, text_of_line = line[0], " ".join(line[1])
        else:  # escaped markup characters make several fragments per line
            extra_space, text_of_line = line.extraSpace, "".join(w.text for w in line.words)
        if extra_space < -1e-8:
            return None
        lines.append(text_of_line)
    return lines


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(text=_TEXTS, width=st.floats(min_value=25, max_value=300), head=st.booleans())
def test_plain_cells_break_exactly_like_a_paragraph(text: str, width: float, head: bool) -> None:
    style = document_styles().cell_head if head else document_styles().cell
    cell = _cell(text, style, width)
    expected = _paragraph_lines(text, style, width)
    if isinstance(cell, str):
        assert expected is not None, "a line the Paragraph would squeeze was made plain"
        assert cell.split("\n") == expected
    else:
        assert isinstance(cell, Paragraph)


def test_short_cells_are_plain_and_long_or_hyphenated_ones_stay_paragraphs() -> None:
    style = document_styles().cell
    assert _cell("  23-11-2026 ", style, 60) == "23-11-2026"
    address = _cell("Berendboulevard 37B, 7811 PG Emmen", style, 110)
    assert isinstance(address, str)
    assert address.split("\n") == _paragraph_lines(address.replace("\n", " "), style, 110)
    assert len(address.split("\n")) == 2
    # A word wider than the cell is split only by a Paragraph; a hyphen may be a break point.
    assert isinstance(_cell("Zwaluwstaartlaanverlengde 17", style, 40), Paragraph)
    assert isinstance(_cell("Jozef Wałęsa-Quartermaine de Vries", style, 60), Paragraph)


def test_tables_carry_the_styles_of_their_plain_cells() -> None:
    styles = document_styles()
    table = data_table(["Naam", "Adres"], [["Ionuț Ştefan <x> & y", "Kerkstraat 1"]], [1, 1])
    facts = facts_table([("Status", "In behandeling")], indent=ITEM_INDENT)
    spec = DocumentSpec(title="Proef", recipient="Voorzitter", printed_on=dt.date(2026, 4, 10))
    data = build_pdf_bytes(spec, [table, facts])
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "Ionuț Ştefan <x> & y" in text
    assert "In behandeling" in text
    # Each plain cell is drawn in the font, size, leading and colour of its Paragraph style.
    expected = {
        (table, 0, 0): styles.cell_head,
        (table, 1, 1): styles.cell,
        (facts, 0, 0): styles.label,
        (facts, 0, 1): styles.body,
    }
    for (tbl, row, col), style in expected.items():
        assert isinstance(tbl._cellvalues[row][col], str)
        cell_style = tbl._cellStyles[row][col]
        assert (cell_style.fontname, cell_style.fontsize, cell_style.leading) == (
            style.fontName,
            style.fontSize,
            style.leading,
        )
        assert cell_style.color == style.textColor
