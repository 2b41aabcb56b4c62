"""Monitoring indicators per month and table (and area), from the anonymous records only.

`build_monitoring` counts the records into blocks (the tables a reader sees) and ties all
counts of one table code into flow networks, so that `suppression.protect` can prove that
no suppressed count is recoverable from the others: the stock-and-flow identity
(open at the end of a month = open before + new − closed), the totals, the split of the
closed cases by highest step, by outcome and by area, and interventions per domain and
type are all sums in those networks. Open cases per area are not published: per area the
stock identity would tie every area figure to three others.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from casustafel.domain.catalogue import TableDefinition, area_names, table_definition
from casustafel.domain.model import StatKind, StatRecord, TableCode
from casustafel.domain.monitoring_layout import (
    ALL,
    NOT_WEIGHED,
    PERIOD_TOTAL,
    UNKNOWN,
    Block,
    Cell,
    Layout,
)
from casustafel.domain.suppression import (
    DEFAULT_K,
    NOT_AVAILABLE,
    FigureKey,
    FigureSystem,
    Protection,
    Unit,
    check_k,
    protect,
    quantile_or_none,
)
from casustafel.errors import ValidationError
from casustafel.i18n import _

__all__ = [
    "INDICATOR_DEFINITIONS",
    "Block",
    "Cell",
    "Monitoring",
    "MonitoringRequest",
    "Period",
    "build_monitoring",
    "closed_month",
]

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_HALF = re.compile(r"^(\d{4})-([12])$")


@dataclass(frozen=True, slots=True)
class Period:
    """A run of whole months, `start` and `end` included, as `"YYYY-MM"`."""

    start: str
    end: str

    @classmethod
    def parse(cls, start: str, end: str) -> Period:
        """Validate two months; raises a Dutch `ValidationError` on a bad month or order."""
        for name, text in (("from", start), ("to", end)):
            if not _MONTH.match(text):
                raise ValidationError(
                    _(
                        "Geen geldige maand: {text} (verwacht JJJJ-MM, bijvoorbeeld 2026-01)."
                    ).format(text=text),
                    field=name,
                )
        if end < start:
            raise ValidationError(
                _("De periode eindigt ({end}) vóór ze begint ({start}).").format(
                    start=start, end=end
                ),
                field="to",
            )
        return cls(start, end)

    @classmethod
    def half_year(cls, text: str) -> Period:
        """`"2026-1"` is January–June 2026, `"2026-2"` July–December."""
        match = _HALF.match(text)
        if not match:
            raise ValidationError(
                _("Geen geldig halfjaar: {text} (verwacht JJJJ-1 of JJJJ-2).").format(text=text),
                field="half",
            )
        year, half = match.group(1), int(match.group(2))
        return cls(f"{year}-01", f"{year}-06") if half == 1 else cls(f"{year}-07", f"{year}-12")

    @property
    def months(self) -> tuple[str, ...]:
        year, month = int(self.start[:4]), int(self.start[5:])
        result = []
        while (current := f"{year:04d}-{month:02d}") <= self.end:
            result.append(current)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return tuple(result)

    def __str__(self) -> str:
        return f"{self.start} t/m {self.end}"


@dataclass(frozen=True, slots=True)
class MonitoringRequest:
    period: Period
    tables: tuple[TableCode, ...] = (TableCode.WO, TableCode.OM, TableCode.MH)
    by_area: bool = False
    k: int = DEFAULT_K


@dataclass(frozen=True)
class Monitoring:
    """The indicators of one request, suppressed and ready to write."""

    request: MonitoringRequest
    blocks: tuple[Block, ...]
    protection: Protection
    system: FigureSystem = field(repr=False)

    def value(self, cell: Cell | None) -> int | float | str | None:
        """What is published in a cell: a number, `<k`, `x`, `n.b.`, or None (n.v.t.)."""
        if cell is None:
            return None
        if cell.key is not None:
            return self.protection.display(cell.key)
        return NOT_AVAILABLE if cell.stat is None else cell.stat

    def raw(self, cell: Cell) -> int:
        """The true count behind a cell (for tests and the on-screen non-publication mode)."""
        assert cell.key is not None
        return self.protection.values[cell.key]

    @property
    def suppressed_count(self) -> int:
        """Distinct suppressed counts (a count shown in two blocks is counted once)."""
        return len(self.protection.suppressed)


INDICATOR_DEFINITIONS: dict[str, str] = {
    "stromen": _(
        "Instroom en uitstroom per maand. Signalen: signalen ontvangen in de maand. Nieuwe "
        "zaken: zaken geregistreerd in de maand. Afgesloten: zaken die in de maand een "
        "afsluitende status kregen (afgesloten, overgedragen, niet in behandeling, "
        "doorverwezen); een heropende zaak telt als open tot ze opnieuw wordt afgesloten. Open "
        "einde maand: zaken geregistreerd tot en met de maand en aan het eind ervan niet "
        "afgesloten."
    ),
    "signalen_weging": _(
        "Signalen ontvangen in de maand, naar uitkomst van de weging; 'Nog niet gewogen' als er "
        "nog geen wegingsbesluit is."
    ),
    "hoogste_trede": _(
        "Zaken afgesloten in de maand, naar de hoogste trede van de ladder (woonoverlast) of "
        "de verste fase (ondermijning) die de zaak bereikte. De nazorgstap telt niet mee."
    ),
    "routes": _(
        "Zaken mensenhandel afgesloten in de maand, naar route (zorg, straf, bestuur) die in de "
        "zaak is geopend. Een zaak kan meer routes hebben; daarom is er geen rijtotaal."
    ),
    "uitkomsten": _("Zaken afgesloten in de maand, naar uitkomst bij afsluiting."),
    "interventies_domein": _(
        "Interventies in zaken afgesloten in de maand, per domein (sociaal, zorg, bestuurlijk, "
        "civiel, strafrechtelijk, fiscaal, informatie). Elke interventie telt één keer."
    ),
    "interventies_type": _(
        "Interventies in zaken afgesloten in de maand, per type uit de catalogus van de tafel. "
        "Elke interventie telt één keer."
    ),
    "doorlooptijden": _(
        "Doorlooptijden in kalenderdagen, mediaan en 75e percentiel (lineair geïnterpoleerd, "
        "zoals PERCENTIEL.INC). Signaal → weging: signalen ontvangen in de maand met een "
        "wegingsbesluit. Registratie → eerste bespreking: zaken geregistreerd in de maand die "
        "al aan tafel zijn besproken. Registratie → afsluiting: zaken afgesloten in de maand. "
        "Alleen gegeven bij ten minste k waarnemingen, anders 'n.b.'."
    ),
    "signalen_gebied": _("Signalen ontvangen in de maand, per wijk of dorp."),
    "nieuwe_zaken_gebied": _("Zaken geregistreerd in de maand, per wijk of dorp."),
    "afgesloten_gebied": _("Zaken afgesloten in de maand, per wijk of dorp."),
    "onderdrukking": _(
        "Kleine aantallen: elk aantal van 1 tot k wordt getoond als '<k'; 0 blijft 0. "
        "Aanvullend onderdrukte aantallen staan als 'x' (niet gepubliceerd, niet 0), zodat geen "
        "onderdrukt aantal uit totalen of andere cellen is terug te rekenen. 'n.b.': minder dan k "
        "waarnemingen. Leeg: niet van toepassing."
    ),
}


def closed_month(record: StatRecord) -> str | None:
    """The month a case counts as closed; never before its registration month."""
    if record.closed_month is None:
        return None
    return max(record.closed_month, record.registered_month)


def _quantiles(values: Sequence[int], k: int) -> tuple[Cell, Cell]:
    return Cell(stat=quantile_or_none(values, 0.5, k)), Cell(stat=quantile_or_none(values, 0.75, k))


class _TableCounts:
    """All counts of one table code, gathered in one pass over its records.

    Every count is kept per month and for the whole period (`ALL`), keyed like the
    figures of `monitoring_layout` (table code first). `_count` lists the figures one
    record adds to, and both the totals and the units of the suppression (what a single
    record adds) are counted from those lists, so they agree by construction.
    """

    def __init__(
        self,
        table: TableCode,
        records: Sequence[StatRecord],
        months: Sequence[str],
        definition: TableDefinition,
        by_area: bool,
    ) -> None:
        t = self.t = table.value
        self.months = tuple(months)
        self.month_set = frozenset(months)
        self.by_area = by_area
        self.domain_of = {i.code: i.domain.value for i in definition.interventions}
        # The figures every record touches, built once: most records add to the same
        # few dozen month figures, and a tuple made once is hashed and compared cheaply.
        self._open = tuple((t, "open", m) for m in self.months)
        self._start: FigureKey = (t, "open", "start")
        self._turnover: FigureKey = (t, "omloop")
        self._period: dict[str, FigureKey] = {
            name: (t, name, ALL) for name in ("sig", "new", "closed", "int")
        }
        self.weighing: dict[str, list[int]] = defaultdict(list)
        self.discussion: dict[str, list[int]] = defaultdict(list)
        self.lead: dict[str, list[int]] = defaultdict(list)
        self.areas: set[str] = set()
        self.seen: dict[str, set[str]] = defaultdict(set)
        # Per record that counts in the period, the figures it adds one to (a figure
        # twice when it adds two): kept for `units`, asked for only now and then.
        self.touched: list[list[FigureKey]] = []
        every: list[FigureKey] = []
        for record in records:
            figures = self._count(record)
            if figures is not None:
                self.touched.append(figures)
                every += figures
        self.count: Counter[FigureKey] = Counter(every)  # counted in C, not per `+= 1`

    def _count(self, record: StatRecord) -> list[FigureKey] | None:
        """The figures `record` adds one to, None when it does not count in the period.

        Also notes its lead times, area and categories (one pass: this runs for every
        record of every export).
        """
        t, months, period, by_area = self.t, self.months, self._period, self.by_area
        area = record.area or UNKNOWN
        registered = record.registered_month
        figures: list[FigureKey]
        if record.kind is StatKind.SIGNAL:
            if registered not in self.month_set:
                return None
            outcome = record.outcome or NOT_WEIGHED
            self.areas.add(area)
            self.seen["sigw"].add(outcome)
            if record.weighing_days is not None:
                self.weighing[registered].append(record.weighing_days)
            figures = [
                (t, "sig", registered),
                period["sig"],
                (t, "sigw", registered, outcome),
                (t, "sigw", ALL, outcome),
            ]
            if by_area:
                figures += ((t, "siga", area, registered), (t, "siga", area, ALL))
            return figures
        closed = record.closed_month
        if closed is not None and closed < registered:
            closed = registered  # as `closed_month`: never before its registration
        if registered > months[-1] or (closed is not None and closed < months[0]):
            return None
        # New in the period or open at its start: the turnover, hidden, closes the stock.
        if registered < months[0]:
            figures = [self._start, self._turnover]
        else:
            figures = [(t, "new", registered), period["new"], self._turnover]
            if by_area:
                figures += ((t, "newa", area, registered), (t, "newa", area, ALL))
            self.areas.add(area)
            if record.first_discussion_days is not None:
                self.discussion[registered].append(record.first_discussion_days)
        # Open at the end of each month from registration until closing.
        low = bisect_left(months, registered)
        high = len(months) if closed is None else bisect_left(months, closed)
        figures += self._open[low:high]
        if closed is not None and closed in self.month_set:
            self.areas.add(area)
            if record.lead_time_days is not None:
                self.lead[closed].append(record.lead_time_days)
            figures += self._closed(record, closed, area)
        return figures

    def _closed(self, record: StatRecord, month: str, area: str) -> list[FigureKey]:
        t, period, seen = self.t, self._period, self.seen
        step = record.highest_step or UNKNOWN
        outcome = record.outcome or UNKNOWN
        seen["step"].add(step)
        seen["outc"].add(outcome)
        figures: list[FigureKey] = [
            (t, "closed", month),
            period["closed"],
            (t, "step", month, step),
            (t, "step", ALL, step),
            (t, "outc", month, outcome),
            (t, "outc", ALL, outcome),
        ]
        if self.by_area:
            figures += ((t, "closeda", area, month), (t, "closeda", area, ALL))
        if record.routes:
            seen["route"].update(record.routes)
            for route in sorted(set(record.routes)):
                figures += (
                    (t, "route", month, route),
                    (t, "route", ALL, route),
                    (t, "route", month, ALL),
                    (t, "route", ALL, ALL),
                )
        if record.intervention_types:
            seen["intt"].update(record.intervention_types)
            total = (t, "int", month)
            for code in record.intervention_types:
                domain = self.domain_of.get(code, UNKNOWN)
                figures += (
                    (t, "intt", month, code),
                    (t, "intt", ALL, code),
                    (t, "intd", month, domain),
                    (t, "intd", ALL, domain),
                    total,
                    period["int"],
                )
        return figures

    def units(self) -> list[Unit]:
        """What each record adds to the figures of its table (see `FigureSystem.units`)."""
        return [_RecordUnit(figures) for figures in self.touched]


class _RecordUnit(Mapping[FigureKey, int]):
    """What one record adds to each figure, counted only when it is read.

    The suppression asks every unit whether it holds a figure but reads the amounts of a
    few only, so the list of figures answers `in` and the counting waits.
    """

    __slots__ = ("_amounts", "_figures")

    def __init__(self, figures: list[FigureKey]) -> None:
        self._figures = figures
        self._amounts: dict[FigureKey, int] | None = None

    def _counted(self) -> dict[FigureKey, int]:
        if self._amounts is None:
            self._amounts = dict(Counter(self._figures))
        return self._amounts

    def __contains__(self, key: object) -> bool:
        return key in self._figures

    def __getitem__(self, key: FigureKey) -> int:
        return self._counted()[key]

    def __iter__(self) -> Iterator[FigureKey]:
        return iter(self._counted())

    def __len__(self) -> int:
        return len(self._counted())


def build_monitoring(
    records: Iterable[StatRecord],
    request: MonitoringRequest,
    definitions: Mapping[TableCode, TableDefinition] | None = None,
) -> Monitoring:
    """Count, lay out and suppress the indicators of `request`.

    Args:
        records: the anonymous statistical records (any tables and months; the rest is skipped).
        request: period, tables, area breakdown and k.
        definitions: the tables' catalogues for labels and column order; the packaged ones
            by default.

    Returns:
        The blocks with a proven-safe suppression of every count.
    """
    k = check_k(request.k)
    months = request.period.months
    per_table: dict[TableCode, list[StatRecord]] = {table: [] for table in request.tables}
    for record in records:
        if record.table in per_table:
            per_table[record.table].append(record)
    blocks: list[Block] = []
    layout = Layout(months, by_area=request.by_area)
    every: list[tuple[TableCode, _TableCounts]] = []
    for table in request.tables:
        definition = (definitions or {}).get(table) or table_definition(table)
        counts = _TableCounts(table, per_table[table], months, definition, request.by_area)
        every.append((table, counts))
        blocks.extend(
            layout.table_blocks(
                table, definition, counts.count, counts.seen, _area_order(counts.areas)
            )
        )
        blocks.append(_lead_time_block(table, counts, months, k))
    built: dict[str, list[Unit]] = {}
    counted = {table.value: counts for table, counts in every}

    def units(key: FigureKey) -> list[Unit]:
        # Only asked for when the cycle search finds no witness for a small count; the
        # figures of one table code are never summed with another's.
        if key[0] not in built:
            built[key[0]] = counted[key[0]].units()
        return built[key[0]]

    system = replace(layout.system(), units=units)
    protection = protect(system, k)
    if protection.unresolved:
        # Never publish a figure without proof. Every small count can be protected by one
        # record more or less (suppressing what that record touches), so this is a defect.
        raise ValidationError(
            _("De aantallen zijn te klein om veilig te publiceren; kies een langere periode.")
        )
    return Monitoring(request, tuple(blocks), protection, system)


def _area_order(seen: set[str]) -> tuple[str, ...]:
    known = [name for name in area_names() if name in seen]
    return (*known, *sorted(seen - set(known)))


def _lead_time_block(
    table: TableCode, counts: _TableCounts, months: Sequence[str], k: int
) -> Block:
    rows: list[tuple[Cell | None, ...]] = []
    for month in months:
        rows.append(
            (
                *_quantiles(counts.weighing.get(month, []), k),
                *_quantiles(counts.discussion.get(month, []), k),
                *_quantiles(counts.lead.get(month, []), k),
            )
        )
    every = [counts.weighing, counts.discussion, counts.lead]
    rows.append(
        tuple(
            cell
            for series in every
            for cell in _quantiles([v for m in months for v in series.get(m, [])], k)
        )
    )
    return Block(
        id=f"{table.value}.doorlooptijden",
        table=table,
        indicator="doorlooptijden",
        title=_("Doorlooptijden in dagen"),
        row_header=_("Maand"),
        rows=(*months, PERIOD_TOTAL),
        columns=(
            _("Signaal → weging, mediaan"),
            _("Signaal → weging, P75"),
            _("Registratie → eerste bespreking, mediaan"),
            _("Registratie → eerste bespreking, P75"),
            _("Registratie → afsluiting, mediaan"),
            _("Registratie → afsluiting, P75"),
        ),
        cells=tuple(rows),
    )
