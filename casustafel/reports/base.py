"""The shared look of every municipal PDF: page frame, header, footer, styles and atomic writing.

Every report (agenda, decisions list, monitoring report, access request, audit export) builds a
`DocumentSpec` with its header fields and a platypus story, and hands both to `build_pdf_bytes`
or `write_pdf`. This module owns what all of them must get right in one place: A4 with a calm
layout, "pagina x van y", the "Vertrouwelijk" footer with recipient and print date, PDF metadata
that holds no personal data, and writing that never leaves a half-written or clobbered file.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from casustafel.i18n import _
from casustafel.reports.output import atomic_write_bytes
from casustafel.resources import read_bytes as read_resource

__all__ = [
    "AUTHOR",
    "CONTENT_WIDTH",
    "ITEM_INDENT",
    "DocumentSpec",
    "DocumentStyles",
    "atomic_write_bytes",
    "build_pdf_bytes",
    "data_table",
    "document_styles",
    "esc",
    "facts_table",
    "format_date_long",
    "format_date_short",
    "format_time",
    "write_pdf",
]

AUTHOR = "Casustafel"
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = 22 * mm
MARGIN_RIGHT = 20 * mm
MARGIN_TOP = 24 * mm  # leaves room for the running header drawn on the canvas
MARGIN_BOTTOM = 24 * mm  # leaves room for the two-line footer
CONTENT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
ITEM_INDENT = 12 * mm  # hanging indent for numbered items ("5.12"); text of items aligns here

ACCENT = colors.HexColor("#1F3A5F")
MUTED = colors.HexColor("#5A6472")
RULE = colors.HexColor("#C5CCD6")
SHADE = colors.HexColor("#E9EEF4")
ZEBRA = colors.HexColor("#F6F8FA")

_MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
_WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def format_date_long(day: dt.date, *, weekday: bool = False) -> str:
    """Return a Dutch long date: `14 april 2026`, or `dinsdag 14 april 2026`."""
    text = f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return f"{_WEEKDAYS[day.weekday()]} {text}" if weekday else text


def format_date_short(day: dt.date) -> str:
    """Return a Dutch numeric date: `14-04-2026`."""
    return f"{day.day:02d}-{day.month:02d}-{day.year}"


def format_time(moment: dt.time) -> str:
    """Return a Dutch clock time as written in municipal letters: `09.30 uur`."""
    return f"{moment.hour:02d}.{moment.minute:02d} uur"


def esc(text: str) -> str:
    """Escape free text for a Paragraph: user text may hold `<` or `&`, which are markup there."""
    return escape(text)


@dataclass(frozen=True, slots=True)
class DocumentSpec:
    """Header, footer and metadata fields of one document; none of them may hold personal data.

    Attributes:
        title: Document kind as shown large on page one, e.g. "Agenda" or "Besluitenlijst".
        recipient: Who this copy is for, printed in the footer ("Voorzitter", "Alle
            deelnemers", a partner organisation).
        printed_on: Print date for the footer.
        table_name: The casustafel, e.g. "Woonoverlast"; empty for cross-table documents.
        sitting_number: Sitting number such as "2026-14"; empty when not about a sitting.
        date: Date of the sitting or period the document is about.
        time: Start time of the sitting.
        place: Meeting place.
        variant_label: Copy marking shown in the running header, e.g. "Verspreidversie".
        facts: Extra label/value rows for the title block (chair, minute-taker, ...).
        subject: PDF metadata subject; defaults to the variant label.
        keywords: PDF metadata keywords; the table name and "casustafel" are always added.
        confidential: Print the "Vertrouwelijk" marking and the handling note in the footer.
        footer_note: Handling instruction under the confidentiality line.
    """

    title: str
    recipient: str
    printed_on: dt.date
    table_name: str = ""
    sitting_number: str = ""
    date: dt.date | None = None
    time: dt.time | None = None
    place: str = ""
    variant_label: str = ""
    facts: tuple[tuple[str, str], ...] = ()
    subject: str = ""
    keywords: tuple[str, ...] = ()
    confidential: bool = True
    footer_note: str = ""

    @property
    def heading(self) -> str:
        """Large title on page one: "Agenda casustafel Woonoverlast"."""
        if self.table_name:
            return _("{title} casustafel {table}").format(title=self.title, table=self.table_name)
        return self.title

    @property
    def pdf_title(self) -> str:
        """Metadata title: "Agenda casustafel Woonoverlast, zitting 2026-14"."""
        if self.sitting_number:
            return _("{heading}, zitting {number}").format(
                heading=self.heading, number=self.sitting_number
            )
        return self.heading

    @property
    def pdf_keywords(self) -> tuple[str, ...]:
        """Metadata keywords, always including "casustafel" and the table name."""
        base = ["casustafel", self.table_name, *self.keywords]
        return tuple(dict.fromkeys(k for k in base if k))

    @property
    def running_header(self) -> str:
        """Small line at the top of every page."""
        parts = [self.pdf_title]
        if self.date is not None:
            parts.append(format_date_long(self.date))
        return "  ·  ".join(parts)


@dataclass(frozen=True, slots=True)
class DocumentStyles:
    """The paragraph styles every report uses, so all documents share one hierarchy."""

    font: str
    font_bold: str
    title: ParagraphStyle
    subtitle: ParagraphStyle
    section: ParagraphStyle
    item: ParagraphStyle
    body: ParagraphStyle
    indented: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    label: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle


@cache
def _fonts() -> tuple[str, str]:
    """Register the bundled DejaVu Sans and return (regular, bold) font names.

    Helvetica would do for Dutch accents, but its WinAnsi encoding has no ł, ş, ğ or ő: names of
    Polish, Turkish or Romanian subjects would print as black boxes. DejaVu Sans covers them and
    is embedded as a subset. Falls back to Helvetica if the font files are missing.
    """
    try:
        regular = TTFont("CasustafelSans", io.BytesIO(read_resource("fonts/DejaVuSans.ttf")))
        bold = TTFont("CasustafelSans-Bold", io.BytesIO(read_resource("fonts/DejaVuSans-Bold.ttf")))
    except (OSError, ValueError):
        return "Helvetica", "Helvetica-Bold"
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(bold)
    # There is no italic cut: <i> in a paragraph falls back to the regular face.
    pdfmetrics.registerFontFamily(
        "CasustafelSans",
        normal="CasustafelSans",
        bold="CasustafelSans-Bold",
        italic="CasustafelSans",
        boldItalic="CasustafelSans-Bold",
    )
    return "CasustafelSans", "CasustafelSans-Bold"


@cache
def document_styles() -> DocumentStyles:
    """Return the shared styles (built once; ParagraphStyle objects are treated as read-only)."""
    font, bold = _fonts()

    def style(name: str, **kw: Any) -> ParagraphStyle:
        base: dict[str, Any] = {
            "fontName": font,
            "fontSize": 9.5,
            "leading": 13.5,
            "textColor": colors.black,
            "alignment": TA_LEFT,
        }
        base.update(kw)
        return ParagraphStyle(name, **base)

    return DocumentStyles(
        font=font,
        font_bold=bold,
        title=style("cs-title", fontName=bold, fontSize=19, leading=24, textColor=ACCENT),
        subtitle=style("cs-subtitle", fontSize=10.5, leading=14, textColor=MUTED, spaceAfter=2),
        section=style(
            "cs-section",
            fontName=bold,
            fontSize=12,
            leading=16,
            textColor=ACCENT,
            spaceBefore=12,
            spaceAfter=4,
            keepWithNext=1,  # never strand a section title at the foot of a page
            leftIndent=ITEM_INDENT,
            bulletIndent=0,
            bulletFontName=bold,
            bulletFontSize=12,
        ),
        item=style(
            "cs-item",
            fontName=bold,
            fontSize=10.5,
            leading=14,
            spaceBefore=8,
            spaceAfter=2,
            keepWithNext=1,
            leftIndent=ITEM_INDENT,
            bulletIndent=0,
            bulletFontName=bold,
            bulletFontSize=10.5,
        ),
        body=style("cs-body", spaceAfter=3),
        indented=style("cs-indented", leftIndent=ITEM_INDENT, spaceAfter=3),
        small=style("cs-small", fontSize=8.5, leading=11.5),
        muted=style("cs-muted", fontSize=8.5, leading=11.5, textColor=MUTED),
        label=style("cs-label", fontName=bold, fontSize=8.5, leading=11.5, textColor=MUTED),
        cell=style("cs-cell", fontSize=8.5, leading=11, embeddedHyphenation=1),
        cell_head=style("cs-cell-head", fontName=bold, fontSize=8.5, leading=11, textColor=ACCENT),
    )


def _plain_lines(text: str, style: ParagraphStyle, width: float) -> str | None:
    """Break `text` into lines exactly as a Paragraph in `style` would, or return None.

    This is the greedy rule of reportlab's `Paragraph.breakLines` for unstyled text: a word
    moves to the next line when it would end beyond `width` plus the space shrinkage the
    style allows. Where a Paragraph would squeeze the spaces of a line (the word lands inside
    that shrinkage), split an over-wide word, or break at a hyphen (embedded hyphenation),
    only the Paragraph can draw it, and None is returned.
    """
    if not text:
        return None  # an empty Paragraph takes no height; an empty string takes a line
    font, size = style.fontName, style.fontSize
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text  # the common case: one line, nothing to break
    if "-" in text or "\xad" in text:
        return None
    space = pdfmetrics.stringWidth(" ", font, size)
    shrink = style.spaceShrinkage * space
    lines: list[str] = []
    line: list[str] = []
    used = -space  # the first word on a line has no space before it
    for word in text.split(" "):
        word_width = pdfmetrics.stringWidth(word, font, size)
        if word_width > width:
            return None
        wanted = used + space + word_width
        if wanted <= width or not line:
            line.append(word)
            used = wanted
        elif wanted <= width + shrink * len(line):
            return None
        else:
            lines.append(" ".join(line))
            line, used = [word], word_width
    lines.append(" ".join(line))
    return "\n".join(lines)


def _cell(text: str, style: ParagraphStyle, width: float) -> str | Paragraph:
    """A table cell for `text`: plain lines when they match the Paragraph, else a Paragraph.

    A plain string cell costs a fraction of a Paragraph (no markup parse, no fragment layout),
    and with the table's FONT/LEADING/TEXTCOLOR set from the same style it draws at exactly the
    same baselines: reportlab puts the first one at top padding + font size in both cases and
    steps by the leading. Whitespace is collapsed first, as a Paragraph does.
    """
    plain = _plain_lines(" ".join(text.split()), style, width)
    return plain if plain is not None else Paragraph(esc(text), style)


def _font_commands(
    cells: tuple[int, int], until: tuple[int, int], style: ParagraphStyle
) -> list[tuple[Any, ...]]:
    """TableStyle commands that make plain string cells look like Paragraphs in `style`."""
    return [
        ("FONT", cells, until, style.fontName, style.fontSize, style.leading),
        ("TEXTCOLOR", cells, until, style.textColor),
    ]


def facts_table(rows: Sequence[tuple[str, str]], *, indent: float = 0.0) -> Table:
    """Return a borderless two-column label/value table (sitting facts, item facts).

    Values are escaped here; labels are our own fixed texts.
    """
    st = document_styles()
    widths = [34 * mm, CONTENT_WIDTH - 34 * mm - indent]
    label_room, value_room = widths[0] - 4, widths[1] - 4  # minus the padding set below
    data = [
        [_cell(label, st.label, label_room), _cell(value, st.body, value_room)]
        for label, value in rows
    ]
    table = Table(data, colWidths=widths, hAlign="RIGHT" if indent else "LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                *_font_commands((0, 0), (0, -1), st.label),
                *_font_commands((1, 0), (1, -1), st.body),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("TOPPADDING", (0, 0), (0, -1), 2.5),  # align the smaller label with the value
            ]
        )
    )
    return table


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    *,
    indent: float = 0.0,
) -> Table:
    """Return a ruled table with a shaded header row and light zebra rows.

    Args:
        header: Column titles.
        rows: Cell texts (plain text; escaped here).
        widths: Relative column widths; scaled to the content width minus `indent`.
        indent: Left indent, so a table can sit under a numbered item.
    """
    st = document_styles()
    available = CONTENT_WIDTH - indent
    total = sum(widths)
    col_widths = [available * w / total for w in widths]
    rooms = [w - 8 for w in col_widths]  # minus the 4 pt left and right padding set below
    data: list[list[str | Paragraph]] = [
        [_cell(h, st.cell_head, room) for h, room in zip(header, rooms, strict=True)]
    ]
    data.extend(
        [_cell(c, st.cell, room) for c, room in zip(row, rooms, strict=True)] for row in rows
    )
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        *_font_commands((0, 0), (-1, 0), st.cell_head),
        *_font_commands((0, 1), (-1, -1), st.cell),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    commands.extend(("BACKGROUND", (0, r), (-1, r), ZEBRA) for r in range(2, len(data), 2))
    table = Table(data, colWidths=col_widths, repeatRows=1, hAlign="RIGHT" if indent else "LEFT")
    table.setStyle(TableStyle(commands))
    return table


def _title_block(spec: DocumentSpec) -> list[Flowable]:
    """Page-one header: large title, the copy marking, then the sitting facts."""
    st = document_styles()
    story: list[Flowable] = [Paragraph(esc(spec.heading), st.title)]
    if spec.variant_label:
        story.append(Paragraph(esc(spec.variant_label), st.subtitle))
    story.append(Spacer(1, 4 * mm))
    rows: list[tuple[str, str]] = []
    if spec.sitting_number:
        rows.append((_("Zitting"), spec.sitting_number))
    if spec.date is not None:
        when = format_date_long(spec.date, weekday=True)
        if spec.time is not None:
            when = _("{date}, {time}").format(date=when, time=format_time(spec.time))
        rows.append((_("Datum"), when))
    if spec.place:
        rows.append((_("Plaats"), spec.place))
    rows.extend(spec.facts)
    if rows:
        story.append(facts_table(rows))
    story.append(_Rule(space_before=3 * mm, space_after=2 * mm))
    return story


class _Rule(Flowable):  # type: ignore[misc]  # reportlab ships no types
    """A thin full-width rule separating the title block from the body."""

    def __init__(self, space_before: float, space_after: float) -> None:
        super().__init__()
        self.spaceBefore = space_before
        self.spaceAfter = space_after

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._width = avail_width
        return avail_width, 0.6

    def draw(self) -> None:
        self.canv.setStrokeColor(RULE)
        self.canv.setLineWidth(0.6)
        self.canv.line(0, 0, self._width, 0)


def _draw_frame(canvas: Canvas, spec: DocumentSpec, page: int, total: int) -> None:
    """Draw the running header and the footer of one page; called once the page count is known."""
    st = document_styles()
    left, right = MARGIN_LEFT, PAGE_WIDTH - MARGIN_RIGHT
    canvas.saveState()
    # Running header: document identity left, copy marking right, a rule below.
    top = PAGE_HEIGHT - 13 * mm
    canvas.setFont(st.font, 7.5)
    canvas.setFillColor(MUTED)
    canvas.drawString(left, top, spec.running_header)
    if spec.variant_label:
        canvas.setFont(st.font_bold, 7.5)
        canvas.setFillColor(ACCENT)
        canvas.drawRightString(right, top, spec.variant_label.upper())
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(left, top - 2.5 * mm, right, top - 2.5 * mm)
    # Footer: confidentiality, recipient and print date left; page x of y right.
    base = 12 * mm
    canvas.line(left, base + 7 * mm, right, base + 7 * mm)
    x = left
    if spec.confidential:
        marking = _("VERTROUWELIJK")
        canvas.setFont(st.font_bold, 8)
        canvas.setFillColor(colors.HexColor("#9B1C1C"))
        canvas.drawString(x, base + 2.5 * mm, marking)
        x += pdfmetrics.stringWidth(marking, st.font_bold, 8) + 3 * mm
    canvas.setFont(st.font, 8)
    canvas.setFillColor(colors.black)
    canvas.drawString(
        x,
        base + 2.5 * mm,
        _("Voor: {recipient}   ·   Afgedrukt op {date}").format(
            recipient=spec.recipient, date=format_date_short(spec.printed_on)
        ),
    )
    canvas.drawRightString(
        right, base + 2.5 * mm, _("pagina {page} van {total}").format(page=page, total=total)
    )
    note = spec.footer_note or (
        _("Alleen voor de ontvanger. Niet kopiëren of doorsturen; vernietigen na gebruik.")
        if spec.confidential
        else ""
    )
    if note:
        canvas.setFont(st.font, 7)
        canvas.setFillColor(MUTED)
        canvas.drawString(left, base - 1.5 * mm, note)
    canvas.restoreState()


def _canvas_class(spec: DocumentSpec) -> type[Canvas]:
    """Return a canvas that holds pages back until the end, so each can say "van N".

    Platypus only knows the page count after the last page; this is reportlab's usual
    canvasmaker pattern and avoids laying the whole document out twice.
    """

    class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no types
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802  # reportlab's API name
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            for number, state in enumerate(self._held, start=1):
                self.__dict__.update(state)
                _draw_frame(self, spec, number, total)
                super().showPage()
            super().save()

    return _NumberedCanvas


def build_pdf_bytes(spec: DocumentSpec, story: Sequence[Flowable]) -> bytes:
    """Lay out `story` under the header of `spec` and return the PDF as bytes.

    The PDF is built in memory, so no temporary file with case data is ever written.
    Metadata is set explicitly from non-personal fields only: the title names the document,
    table and sitting number, the author is always "Casustafel".
    """
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=spec.pdf_title,
        author=AUTHOR,
        subject=spec.subject or spec.variant_label or spec.title,
        keywords=list(spec.pdf_keywords),
        creator=AUTHOR,
        lang="nl-NL",
    )
    doc.build([*_title_block(spec), *story], canvasmaker=_canvas_class(spec))
    return buffer.getvalue()


def write_pdf(path: Path, spec: DocumentSpec, story: Sequence[Flowable]) -> Path:
    """Build the PDF and write it atomically to `path`; return `path`.

    Raises:
        OutputError: The file could not be written; an existing file at `path` is unchanged.
    """
    atomic_write_bytes(path, build_pdf_bytes(spec, story), what=_("De PDF"))
    return path
