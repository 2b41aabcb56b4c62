"""The council's half-year progress report as PDF, anonymised exactly like the export.

Everything printed comes from two suppressed `Monitoring` values (this half year and the one
before) through `Monitoring.value`: tables, chart data and the generated explanation see
only the published forms (a number, `<k`, `x`, `n.b.`), never a true small count. The
records behind them are the anonymous statistical records, so the report can hold no
name, case number or other personal data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from casustafel.domain.model import TableCode
from casustafel.domain.monitoring import INDICATOR_DEFINITIONS, Block, Cell, Monitoring, Period
from casustafel.i18n import _
from casustafel.reports.base import (
    CONTENT_WIDTH,
    ITEM_INDENT,
    DocumentSpec,
    build_pdf_bytes,
    data_table,
    document_styles,
    esc,
)
from casustafel.reports.halfyear_charts import ChartSeries, bar_chart, line_chart, step_chart
from casustafel.reports.halfyear_text import (
    Compared,
    Indicator,
    explain_table,
    format_count,
    format_days,
)

__all__ = [
    "HalfYearReport",
    "build_halfyear_pdf",
    "cell_text",
    "half_label",
    "previous_half",
    "table_chart_series",
    "table_comparison",
]

_MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
_MONTHS_LONG = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
NOT_APPLICABLE = "\u2013"  # an en dash: this cell has no meaning (e.g. open cases over a period)
# The blocks printed as tables, with the heading of their first column.
_TABLE_LABELS = {
    "stromen": _("Aantal"),
    "signalen_weging": _("Uitkomst weging"),
    "hoogste_trede": _("Hoogste trede"),
    "routes": _("Route"),
    "uitkomsten": _("Uitkomst"),
}
_INDICATORS = tuple(_TABLE_LABELS)


@dataclass(frozen=True)
class HalfYearReport:
    """What the report is built from.

    Attributes:
        half: the half year as `"2026-1"`.
        current: the suppressed figures of the half year.
        previous: the suppressed figures of the half year before.
        printed_on: the print date in the footer.
        last_year: the same half year one year earlier: the comparison the text makes
            (the safety plan's targets are year on year, and woonoverlast has a season).
        interpretations: the regisseur's own interpretation per table (checked by the
            service for identifying text before it gets here).
    """

    half: str
    current: Monitoring
    previous: Monitoring
    printed_on: dt.date
    last_year: Monitoring | None = None  # the same half year a year before
    interpretations: Mapping[TableCode, str] = field(default_factory=dict)

    @property
    def k(self) -> int:
        return self.current.request.k


def previous_half(half: str) -> str:
    """`"2026-1"` → `"2025-2"`; `"2026-2"` → `"2026-1"` (validated by `Period.half_year`)."""
    Period.half_year(half)
    year, part = int(half[:4]), int(half[5:])
    return f"{year - 1}-2" if part == 1 else f"{year}-1"


def half_label(half: str) -> str:
    """`"2026-1"` → "eerste halfjaar 2026 (januari t/m juni)"."""
    period = Period.half_year(half)
    which = _("eerste") if half.endswith("-1") else _("tweede")
    first, last = int(period.start[5:]), int(period.end[5:])
    return _("{which} halfjaar {year} ({first} t/m {last})").format(
        which=which, year=half[:4], first=_MONTHS_LONG[first - 1], last=_MONTHS_LONG[last - 1]
    )


def cell_text(monitoring: Monitoring, cell: Cell | None) -> str:
    """The published form of a cell as printed: `1.234`, `157,5`, `<5`, `x`, `n.b.` or `–`."""
    value = monitoring.value(cell)
    if value is None:
        return NOT_APPLICABLE
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return format_days(value)
    return format_count(value)


def _published(monitoring: Monitoring, cell: Cell | None) -> tuple[float | None, str]:
    """(number, "") when published as a number, else (None, published mark)."""
    value = monitoring.value(cell)
    if isinstance(value, int | float):
        return float(value), ""
    return None, value or ""


def _series(monitoring: Monitoring, name: str, cells: Sequence[Cell | None]) -> ChartSeries:
    pairs = [_published(monitoring, cell) for cell in cells]
    return ChartSeries(name, tuple(v for v, _m in pairs), tuple(m for _v, m in pairs))


def _blocks(monitoring: Monitoring, table: TableCode) -> dict[str, Block]:
    return {b.indicator: b for b in monitoring.blocks if b.table is table}


def _unit_name(unit: str) -> str:
    """ "2026-03" → "mrt", "2026-K1" → "K1" (kwartaal), "2026-H1" → "H1" (halfjaar).

    Never a bare small number: a reader must not mistake a label for a count.
    """
    tag = unit[5:]
    if tag[0] in "KH":
        return tag
    return _MONTHS[int(tag) - 1]


def _month_names(monitoring: Monitoring, table: TableCode) -> list[str]:
    """The names of the periods (months, quarters or the half year) a table is shown in."""
    return [_unit_name(u) for u in _blocks(monitoring, table)["stromen"].rows[:-1]]


def table_chart_series(monitoring: Monitoring, table: TableCode) -> dict[str, list[ChartSeries]]:
    """The data of each chart of `table`, as published (tests check it holds no small count)."""
    blocks = _blocks(monitoring, table)
    months = len(blocks["stromen"].rows) - 1
    flows = blocks["stromen"].cells[:months]
    column = {name: i for i, name in enumerate(blocks["stromen"].columns)}

    def flow(name: str) -> ChartSeries:
        return _series(monitoring, name, [row[column[name]] for row in flows])

    steps = blocks.get("hoogste_trede") or blocks["routes"]
    lead = blocks["doorlooptijden"].cells[:months]
    return {
        "stromen": [flow(_("Signalen")), flow(_("Nieuwe zaken")), flow(_("Afgesloten zaken"))],
        "open": [flow(blocks["stromen"].columns[3])],
        "treden": [
            _series(
                monitoring,
                _("Totaal halfjaar"),
                [
                    steps.cells[-1][j]
                    for j in range(len(steps.columns))
                    if steps.columns[j] != _("Totaal")
                ],
            )
        ],
        "doorlooptijden": [
            _series(monitoring, _("Signaal → weging"), [row[1] for row in lead]),
            _series(monitoring, _("Triage"), [row[7] for row in lead]),
            _series(monitoring, _("Behandeld"), [row[10] for row in lead]),
        ],
    }


def _charts(monitoring: Monitoring, table: TableCode) -> list[Flowable]:
    data = table_chart_series(monitoring, table)
    blocks = _blocks(monitoring, table)
    months = _month_names(monitoring, table)
    k = monitoring.request.k
    half = (CONTENT_WIDTH - 6 * mm) / 2
    steps = blocks.get("hoogste_trede") or blocks["routes"]
    step_labels = [c for c in steps.columns if c != _("Totaal")]
    step_title = (
        _("Afgesloten zaken naar hoogste trede")
        if "hoogste_trede" in blocks
        else _("Afgesloten zaken naar geopende route")
    )
    top = [
        bar_chart(_("Instroom en uitstroom (aantal)"), months, data["stromen"], width=half, k=k),
        line_chart(_("Open zaken aan het eind (aantal)"), months, data["open"], width=half, k=k),
    ]
    bottom = [
        step_chart(step_title, step_labels, data["treden"][0], width=half, k=k),
        line_chart(
            _("Doorlooptijden (mediaan, dagen)"),
            months,
            data["doorlooptijden"],
            width=half,
            k=k,
        ),
    ]
    grid = Table([top, bottom], colWidths=[half + 6 * mm, half])
    grid.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    note = Paragraph(
        esc(
            _(
                "Een gearceerd vakje staat voor een onderdrukt aantal ('<{k}' of 'x') of een "
                "doorlooptijd over minder dan {k} zaken ('n.b.'); de hoogte zegt niets over "
                "het aantal."
            ).format(k=k)
        ),
        document_styles().muted,
    )
    return [grid, note]


def _transposed(monitoring: Monitoring, block: Block, label: str) -> Flowable:
    """A month block with the categories down and the months across (fits portrait A4)."""
    months = _month_names(monitoring, block.table)
    header = [label, *months, _("Totaal")]
    rows = [
        [name, *(cell_text(monitoring, row[j]) for row in block.cells)]
        for j, name in enumerate(block.columns)
    ]
    return data_table(header, rows, [3.4, *([1.0] * len(months)), 1.3], indent=ITEM_INDENT)


def table_comparison(current: Monitoring, previous: Monitoring, table: TableCode) -> list[Compared]:
    """The period figures of `table` in both periods, as published, for the explanation."""

    def figures(monitoring: Monitoring) -> list[int | float | str | None]:
        blocks = _blocks(monitoring, table)
        flows = blocks["stromen"].cells
        lead = blocks["doorlooptijden"].cells[-1]
        last_unit = flows[len(flows) - 2] if len(flows) > 1 else flows[-1]
        return [
            monitoring.value(flows[-1][0]),
            monitoring.value(flows[-1][1]),
            monitoring.value(flows[-1][2]),
            monitoring.value(last_unit[3]),
            monitoring.value(lead[7]),
            monitoring.value(lead[10]),
        ]

    order = (
        Indicator.SIGNALS,
        Indicator.NEW,
        Indicator.CLOSED,
        Indicator.OPEN,
        Indicator.LEAD_TRIAGE,
        Indicator.LEAD,
    )
    return [
        Compared(indicator, before, after)
        for indicator, before, after in zip(order, figures(previous), figures(current), strict=True)
    ]


_AGAINST = _("ten opzichte van hetzelfde halfjaar vorig jaar")


def _summary(report: HalfYearReport) -> list[Flowable]:
    st = document_styles()
    previous = half_label(previous_half(report.half))
    story: list[Flowable] = [
        Paragraph(esc(_("Samenvatting")), st.section, bulletText="1."),
        Paragraph(
            esc(
                _(
                    "Deze rapportage geeft per casustafel de instroom, de uitstroom, het aantal "
                    "open zaken, de hoogste trede bij afsluiting, de doorlooptijden (apart voor "
                    "zaken die na triage zijn afgesloten en zaken die aan tafel zijn behandeld) "
                    "en de cijfers per wijk of dorp. De toelichting vergelijkt met hetzelfde "
                    "halfjaar vorig jaar, omdat de doelen van het veiligheidsplan per jaar "
                    "gelden en woonoverlast met de seizoenen meebeweegt; het {previous} staat "
                    "ernaast. Aantallen zijn zaken of signalen, doorlooptijden kalenderdagen."
                ).format(previous=previous)
            ),
            st.indented,
        ),
    ]
    last_year = report.last_year or report.previous
    rows = []
    for table in report.current.request.tables:
        year_ago = table_comparison(report.current, last_year, table)
        half_ago = table_comparison(report.current, report.previous, table)
        for item, other in zip(year_ago, half_ago, strict=True):
            rows.append(
                [
                    table.label if item.indicator is Indicator.SIGNALS else "",
                    item.indicator.short[0].upper() + item.indicator.short[1:],
                    _plain(item.before, item.indicator),
                    _plain(other.before, item.indicator),
                    _plain(item.after, item.indicator),
                ]
            )
    header = [
        _("Tafel"),
        _("Cijfer"),
        _("Zelfde halfjaar vorig jaar"),
        _("Vorig halfjaar"),
        _("Dit halfjaar"),
    ]
    story.append(data_table(header, rows, [1.3, 2.6, 1.3, 1.2, 1.2], indent=6 * mm))
    return story


def _plain(value: int | float | str | None, indicator: Indicator) -> str:
    if value is None:
        return NOT_APPLICABLE
    if isinstance(value, str):
        return value
    if indicator in (Indicator.LEAD, Indicator.LEAD_TRIAGE):
        return _("{days} dagen").format(days=format_days(value))
    return format_count(int(value))


def _table_section(report: HalfYearReport, table: TableCode, number: int) -> list[Flowable]:
    st = document_styles()
    current = report.current
    blocks = _blocks(current, table)
    story: list[Flowable] = [
        PageBreak(),
        Paragraph(esc(table.label), st.section, bulletText=f"{number}."),
        Paragraph(esc(_("Ontwikkeling")), st.item),
    ]
    comparison = table_comparison(current, report.last_year or report.previous, table)
    for sentence in explain_table(table.label.lower(), comparison, _AGAINST):
        story.append(Paragraph(esc(sentence), st.indented, bulletText="•"))
    story.append(Paragraph(esc(_("Duiding door de regisseur")), st.item))
    text = report.interpretations.get(table, "").strip()
    for paragraph in [p for p in text.split("\n\n") if p.strip()] or [""]:
        story.append(
            Paragraph(
                esc(paragraph.strip()) if paragraph else esc(_("Geen duiding gegeven.")),
                st.indented,
            )
        )
    notes = [n for n in current.notes if n.startswith(table.label)]
    for note in notes:
        story.append(Paragraph(esc(note), document_styles().muted))
    story.append(Spacer(1, 3 * mm))
    story.extend(_charts(current, table))
    for indicator in _INDICATORS:
        block = blocks.get(indicator)
        if block is None:
            continue
        label = _TABLE_LABELS[indicator]
        story.append(
            KeepTogether([Paragraph(esc(block.title), st.item), _transposed(current, block, label)])
        )
    lead = blocks["doorlooptijden"]
    story.append(
        KeepTogether(
            [Paragraph(esc(lead.title), st.item), _transposed(current, lead, _("Doorlooptijd"))]
        )
    )
    story.extend(_area_section(current, table))
    return story


_AREA_BLOCKS = (
    ("signalen_gebied", _("Signalen")),
    ("nieuwe_zaken_gebied", _("Nieuwe zaken")),
    ("afgesloten_gebied", _("Afgesloten zaken")),
)


def _area_section(monitoring: Monitoring, table: TableCode) -> list[Flowable]:
    """Per wijk or dorp the half year's signals, new and closed cases (the totals column)."""
    blocks = _blocks(monitoring, table)
    found = [(blocks[i], label) for i, label in _AREA_BLOCKS if i in blocks]
    if not found:
        return []
    areas = list(dict.fromkeys(a for block, _l in found for a in block.rows))
    rows = []
    for area in areas:
        line = [area]
        for block, _label in found:
            if area in block.rows:
                line.append(cell_text(monitoring, block.cells[block.rows.index(area)][-1]))
            else:
                line.append("0")
        rows.append(line)
    header = [_("Wijk of dorp"), *(label + _(" (aantal)") for _b, label in found)]
    st = document_styles()
    return [
        Paragraph(esc(_("Per wijk of dorp, heel het halfjaar")), st.item),
        data_table(header, rows, [3.0, 1.4, 1.4, 1.4], indent=ITEM_INDENT),
    ]


def _definitions(report: HalfYearReport, number: int) -> list[Flowable]:
    st = document_styles()
    used = dict.fromkeys(b.indicator for b in report.current.blocks if b.indicator in _INDICATORS)
    keys = [*used, "doorlooptijden", "onderdrukking"]
    titles = {b.indicator: b.title for b in report.current.blocks}
    titles["onderdrukking"] = _("Kleine aantallen")
    story: list[Flowable] = [
        PageBreak(),
        Paragraph(esc(_("Definities")), st.section, bulletText=f"{number}."),
    ]
    for key in keys:
        story.append(Paragraph(esc(titles.get(key, key)), st.item))
        story.append(Paragraph(esc(INDICATOR_DEFINITIONS[key]), st.indented))
    story.append(
        Paragraph(
            esc(
                _(
                    "'{dash}': niet van toepassing. De cijfers komen uit de anonieme statistische "
                    "records van de casustafels: ook zaken die na afloop van de bewaartermijn zijn "
                    "vernietigd, tellen mee. Vergelijkingen gebruiken alleen cijfers die in beide "
                    "halfjaren zijn gepubliceerd."
                ).format(dash=NOT_APPLICABLE)
            ),
            st.indented,
        )
    )
    return story


def _spec(report: HalfYearReport) -> DocumentSpec:
    request = report.current.request
    tables = ", ".join(t.label for t in request.tables)
    return DocumentSpec(
        title=_("Halfjaarrapportage casustafels"),
        recipient=_("Gemeenteraad"),
        printed_on=report.printed_on,
        variant_label=half_label(report.half)[0].upper() + half_label(report.half)[1:],
        facts=(
            (_("Periode"), str(request.period).replace("t/m", _("tot en met"))),
            (_("Tafels"), tables),
            (
                _("Vergeleken met"),
                _("hetzelfde halfjaar vorig jaar en het {previous}").format(
                    previous=half_label(previous_half(report.half))
                ),
            ),
            (
                _("Kleine aantallen"),
                _("aantallen onder {k} als '<{k}', aanvullend onderdrukt als 'x'").format(
                    k=report.k
                ),
            ),
        ),
        subject=_("Voortgangsrapportage {half}").format(half=report.half),
        keywords=("halfjaarrapportage", "monitoring", report.half),
        confidential=False,
        footer_note=_(
            "Geanonimiseerde cijfers: kleine aantallen zijn onderdrukt; er staan geen "
            "persoonsgegevens in dit document."
        ),
    )


def build_halfyear_pdf(report: HalfYearReport) -> bytes:
    """The half-year report as PDF bytes (built in memory; nothing personal to write)."""
    story: list[Flowable] = _summary(report)
    number = 2
    for table in report.current.request.tables:
        story.extend(_table_section(report, table, number))
        number += 1
    story.extend(_definitions(report, number))
    return build_pdf_bytes(_spec(report), story)


@dataclass(frozen=True, slots=True)
class PrintedShare:
    """How much of what the report prints is suppressed (the benchmark's usefulness goal).

    Attributes:
        published: count cells the report prints for the half year (tables and areas).
        suppressed: of those, shown as `<k` or `x`.
        largest_hidden_total: the largest true value of a suppressed total (a row or
            column total, or a figure of the flows block).
    """

    published: int
    suppressed: int
    largest_hidden_total: int

    @property
    def share(self) -> float:
        return self.suppressed / self.published if self.published else 0.0


def printed_share(monitoring: Monitoring) -> PrintedShare:
    """Count the suppressed cells among the count cells the report prints."""
    printed = {*_INDICATORS, "doorlooptijden"}
    published = suppressed = largest = 0
    for block in monitoring.blocks:
        cells: list[tuple[Cell | None, bool]] = []
        if block.indicator in printed:
            for i, row in enumerate(block.cells):
                for j, cell in enumerate(row):
                    total = (
                        block.indicator == "stromen"
                        or i == len(block.rows) - 1
                        or block.columns[j] == _("Totaal")
                    )
                    cells.append((cell, total))
        elif block.indicator.endswith("_gebied"):
            cells = [(row[-1], block.rows[i] == _("Totaal")) for i, row in enumerate(block.cells)]
        for cell, total in cells:
            if cell is None or (cell.key is None and cell.parts is None):
                continue
            published += 1
            if isinstance(monitoring.value(cell), str):
                suppressed += 1
                if total:
                    largest = max(largest, monitoring.raw(cell))
    return PrintedShare(published, suppressed, largest)
