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

import hashlib
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from casustafel.domain.catalogue import TableDefinition, areas, table_definition
from casustafel.domain.model import StatKind, StatRecord, TableCode
from casustafel.domain.monitoring_grid import Grain, months_of, span_of, unit_of, units_of_span
from casustafel.domain.monitoring_layout import (
    ALL,
    NOT_WEIGHED,
    UNKNOWN,
    Block,
    Cell,
    Layout,
)
from casustafel.domain.suppression import (
    DEFAULT_K,
    NOT_AVAILABLE,
    SECONDARY_MARK,
    FigureKey,
    FigureSystem,
    Protection,
    Unit,
    check_k,
    protect,
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
    grain: Grain = Grain.MONTH  # the finest grain asked for; the data may make it coarser


@dataclass(frozen=True)
class Monitoring:
    """The indicators of one request, suppressed and ready to write.

    Attributes:
        pieces: the protected year pieces the figures come from (see `YearPiece`).
        notes: Dutch sentences for the reader: which grain each table is published at,
            and why when it is coarser than asked.
    """

    request: MonitoringRequest
    blocks: tuple[Block, ...]
    protection: Protection
    system: FigureSystem = field(repr=False)
    pieces: tuple[YearPiece, ...] = field(default=(), repr=False)
    notes: tuple[str, ...] = ()

    def value(self, cell: Cell | None) -> int | float | str | None:
        """What is published in a cell: a number, `<k`, `x`, `n.b.`, or None (n.v.t.)."""
        if cell is None:
            return None
        if cell.key is not None:
            return self.protection.display(cell.key)
        if cell.parts is not None:
            shown = [self.protection.display(part) for part in cell.parts]
            if all(isinstance(v, int) for v in shown):
                return sum(int(v) for v in shown)
            return SECONDARY_MARK
        return NOT_AVAILABLE if cell.stat is None else cell.stat

    def raw(self, cell: Cell) -> int:
        """The true count behind a cell (for tests and the on-screen non-publication mode)."""
        if cell.parts is not None:
            return sum(self.protection.values[part] for part in cell.parts)
        assert cell.key is not None
        return self.protection.values[cell.key]

    def published_keys(self) -> set[FigureKey]:
        """Every figure a published cell shows or sums."""
        keys: set[FigureKey] = set()
        for block in self.blocks:
            for row in block.cells:
                for cell in row:
                    if cell is not None and cell.key is not None:
                        keys.add(cell.key)
                    elif cell is not None and cell.parts is not None:
                        keys.update(cell.parts)
        return keys

    @property
    def suppressed_count(self) -> int:
        """Distinct suppressed counts behind the published cells (each counted once)."""
        return sum(self.protection.marks[key].is_suppressed for key in self.published_keys())

    def grain_of(self, table: TableCode) -> Grain:
        """The coarsest grain a table is shown at in this publication."""
        grains = [p.grain for p in self.pieces if p.table is table]
        shown = self.request.grain
        for grain in grains:
            shown = shown.coarser(grain)
        return shown


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
        "zoals PERCENTIEL.INC), met het aantal (n) waarover ze berekend zijn. Signaal → "
        "weging: signalen ontvangen in de periode met een wegingsbesluit. Registratie → "
        "eerste bespreking: zaken geregistreerd in de periode die al aan tafel zijn "
        "besproken. Afgesloten zonder bespreking aan tafel (triage): zaken afgesloten in de "
        "periode die nooit aan tafel zijn besproken, van registratie tot afsluiting. "
        "Afgesloten na bespreking aan tafel: idem, voor zaken die wel zijn besproken. Een "
        "mediaan staat er alleen als het aantal ernaast gepubliceerd is en ten minste k is, "
        "anders 'n.b.'."
    ),
    "signalen_gebied": _("Signalen ontvangen in de maand, per wijk of dorp."),
    "nieuwe_zaken_gebied": _("Zaken geregistreerd in de maand, per wijk of dorp."),
    "afgesloten_gebied": _("Zaken afgesloten in de maand, per wijk of dorp."),
    "onderdrukking": _(
        "Kleine aantallen: elk aantal van 1 tot k wordt getoond als '<k'; 0 blijft 0. "
        "Aanvullend onderdrukte aantallen staan als 'x' (niet gepubliceerd, niet 0), zodat geen "
        "onderdrukt aantal uit totalen of andere cellen is terug te rekenen. 'n.b.': het aantal "
        "waarnemingen is onderdrukt of kleiner dan k. Leeg: niet van toepassing."
    ),
}


def closed_month(record: StatRecord) -> str | None:
    """The month a case counts as closed; never before its registration month."""
    if record.closed_month is None:
        return None
    return max(record.closed_month, record.registered_month)


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
        span: str,
        grain: Grain,
        definition: TableDefinition,
    ) -> None:
        t = self.t = f"{table.value}:{span}"
        self.months = units_of_span(span, grain)  # the units, named `months` for history
        self.month_set = frozenset(self.months)
        self.first, self.last = months_of(span)[0], months_of(span)[-1]
        self.grain = grain
        self.by_area = True
        self._groups: dict[str, str] = {}
        self.domain_of = {i.code: i.domain.value for i in definition.interventions}
        # The figures every record touches, built once: most records add to the same
        # few dozen month figures, and a tuple made once is hashed and compared cheaply.
        self._open = tuple((t, "open", m) for m in self.months)
        self._start: FigureKey = (t, "open", "start")
        self._turnover: FigureKey = (t, "omloop")
        self._period: dict[str, FigureKey] = {
            name: (t, name, ALL)
            for name in ("sig", "new", "closed", "int", "sigwd", "sigwr", "disc", "discr")
        }
        self._period |= {name: (t, name, ALL) for name in ("clotr", "clohd")}
        self.weighing: dict[str, list[int]] = defaultdict(list)
        self.discussion: dict[str, list[int]] = defaultdict(list)
        self.lead_triage: dict[str, list[int]] = defaultdict(list)
        self.lead_handled: dict[str, list[int]] = defaultdict(list)
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

    def _group(self, area: str) -> str:
        found = self._groups.get(area)
        if found is None:
            found = self._groups[area] = area_group(area)
        return found

    def _unit(self, month: str) -> str:
        return unit_of(month, self.grain)

    def _count(self, record: StatRecord) -> list[FigureKey] | None:
        """The figures `record` adds one to, None when it does not count in the year.

        Also notes its lead times, area and categories (one pass: this runs for every
        record of every export).
        """
        t, months, period = self.t, self.months, self._period
        area = self._group(record.area)
        registered_month = record.registered_month
        figures: list[FigureKey]
        if record.kind is StatKind.SIGNAL:
            if not self.first <= registered_month <= self.last:
                return None
            registered = self._unit(registered_month)
            outcome = record.outcome or NOT_WEIGHED
            self.areas.add(area)
            self.seen["sigw"].add(outcome)
            weighed = "sigwd" if record.weighing_days is not None else "sigwr"
            if record.weighing_days is not None:
                self.weighing[registered].append(record.weighing_days)
            return [
                (t, "sig", registered),
                period["sig"],
                (t, "sigw", registered, outcome),
                (t, "sigw", ALL, outcome),
                (t, weighed, registered),
                period[weighed],
                (t, "siga", area, registered),
                (t, "siga", area, ALL),
            ]
        closed_month = record.closed_month
        if closed_month is not None and closed_month < registered_month:
            closed_month = registered_month  # as `closed_month`: never before registration
        if registered_month > self.last or (closed_month is not None and closed_month < self.first):
            return None
        registered = "" if registered_month < self.first else self._unit(registered_month)
        closed: str | None = None
        if closed_month is not None:
            closed = "~" if closed_month > self.last else self._unit(closed_month)
        # New in the year or open at its start: the turnover, hidden, closes the stock.
        if not registered:
            figures = [self._start, self._turnover]
        else:
            discussed = "disc" if record.first_discussion_days is not None else "discr"
            figures = [
                (t, "new", registered),
                period["new"],
                self._turnover,
                (t, discussed, registered),
                period[discussed],
                (t, "newa", area, registered),
                (t, "newa", area, ALL),
            ]
            self.areas.add(area)
            if record.first_discussion_days is not None:
                self.discussion[registered].append(record.first_discussion_days)
        # Open at the end of each unit from registration until closing.
        low = bisect_left(months, registered)
        high = len(months) if closed is None or closed == "~" else bisect_left(months, closed)
        figures += self._open[low:high]
        if closed is not None and closed in self.month_set:
            self.areas.add(area)
            handled = record.first_discussion_days is not None
            if record.lead_time_days is not None:
                (self.lead_handled if handled else self.lead_triage)[closed].append(
                    record.lead_time_days
                )
            split = "clohd" if handled else "clotr"
            figures += ((t, split, closed), period[split])
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


@dataclass(frozen=True)
class YearPiece:
    """The protected figures of one table over one calendar half year, at one grain.

    Every publication of that table and half year (any period inside it, with or
    without areas, any coarser grain) shows figures of this one piece, so combining them gains
    a reader nothing over the piece itself, which `protect` proves safe.
    """

    table: TableCode
    span: str  # the half year, "2026-H1"
    grain: Grain
    blocks: tuple[Block, ...]
    protection: Protection
    system: FigureSystem = field(repr=False)
    counts: _TableCounts = field(repr=False)
    digest: str = ""
    share: float = 0.0  # the suppressed share of its plain (not per area) figures


# The goal of the publication: at most this share of published figures suppressed.
MAX_SUPPRESSED_SHARE = 0.10
_AREA_INDICATORS = frozenset({"signalen_gebied", "nieuwe_zaken_gebied", "afgesloten_gebied"})
_CACHE: dict[tuple[object, ...], YearPiece] = {}


def protect_year(
    records: Sequence[StatRecord],
    table: TableCode,
    span: str,
    grain: Grain,
    k: int,
    definition: TableDefinition | None = None,
) -> YearPiece:
    """Count, lay out and protect one table over one half year `span` at `grain`."""
    k = check_k(k)
    definition = definition or table_definition(table)
    mine = [r for r in records if r.table is table]
    cache_key = (table, span, grain, k, hash(tuple(mine)), id(definition))
    if cache_key in _CACHE:
        return _CACHE[cache_key]
    counts = _TableCounts(table, mine, span, grain, definition)
    layout = Layout(counts.months, by_area=True)
    blocks = layout.table_blocks(
        table, definition, counts.count, counts.seen, _area_order(counts.areas), counts.t
    )
    built: list[Unit] = []

    def units(key: FigureKey) -> list[Unit]:
        # Only asked for when the cycle search finds no witness for a small count.
        if not built:
            built.extend(counts.units())
        return built

    system = replace(layout.system(), units=units)
    protection = protect(system, k)
    if protection.unresolved:
        # Never publish a figure without proof. Every small count can be protected by one
        # record more or less (suppressing what that record touches), so this is a defect.
        raise ValidationError(
            _("De aantallen zijn te klein om veilig te publiceren; kies een langere periode.")
        )
    digest = hashlib.sha256(
        repr(sorted((k_, v) for k_, v in system.values.items())).encode()
    ).hexdigest()[:16]
    piece = YearPiece(
        table,
        span,
        grain,
        tuple(blocks),
        protection,
        system,
        counts,
        digest,
        _share(blocks, protection),
    )
    if len(_CACHE) > 64:
        _CACHE.clear()
    _CACHE[cache_key] = piece
    return piece


def _share(blocks: Sequence[Block], protection: Protection) -> float:
    """Suppressed share of the plain blocks' published counts (each figure once)."""
    keys = {
        cell.key
        for block in blocks
        if block.indicator not in _AREA_INDICATORS
        for row in block.cells
        for cell in row
        if cell is not None and cell.key is not None
    }
    if not keys:
        return 0.0
    hidden = sum(protection.marks[key].is_suppressed for key in keys)
    return hidden / len(keys)


def choose_piece(
    records: Sequence[StatRecord],
    table: TableCode,
    span: str,
    k: int,
    *,
    fixed: Grain | None = None,
    definition: TableDefinition | None = None,
) -> YearPiece:
    """The finest grain whose publication keeps the suppressed share within the goal.

    The choice depends on the data of the half year only (never on what a user asks
    for), so that a monthly and a quarterly request of it show one piece. `fixed` is the
    grain of an earlier publication of the same half year, which is kept.
    """
    if fixed is not None:
        return protect_year(records, table, span, fixed, k, definition)
    for grain in (Grain.MONTH, Grain.QUARTER):
        try:
            piece = protect_year(records, table, span, grain, k, definition)
        except ValidationError:
            continue  # too sparse to protect this finely: a coarser grain
        if piece.share <= MAX_SUPPRESSED_SHARE:
            return piece
    return protect_year(records, table, span, Grain.HALF, k, definition)


def build_monitoring(
    records: Iterable[StatRecord],
    request: MonitoringRequest,
    definitions: Mapping[TableCode, TableDefinition] | None = None,
    *,
    fixed: Mapping[tuple[TableCode, str], Grain] | Grain | None = None,
) -> Monitoring:
    """The publication of `request`: figures of the protected year pieces, composed.

    Args:
        records: the anonymous statistical records (any tables and months; the rest is skipped).
        request: period, tables, area breakdown, k and the grain asked for.
        definitions: the tables' catalogues for labels and column order; the packaged ones
            by default.
        fixed: the grain per table and half year of an earlier publication, kept; one
            grain for every piece (tests, and the screen's working figures).

    Returns:
        The blocks of the request, every count a figure (or a sum of figures) of a
        proven-safe protected year piece.
    """
    from casustafel.domain.monitoring_compose import compose

    k = check_k(request.k)
    every = list(records)
    spans = sorted({span_of(m) for m in request.period.months})
    pieces: list[YearPiece] = []
    for table in request.tables:
        definition = (definitions or {}).get(table) or table_definition(table)
        for span in spans:
            pieces.append(
                choose_piece(
                    every,
                    table,
                    span,
                    k,
                    fixed=fixed if isinstance(fixed, Grain) else (fixed or {}).get((table, span)),
                    definition=definition,
                )
            )
    return compose(request, pieces)


# The fixed area hierarchy of the publication: the areas the safety plan names, the other
# wijken together, the other dorpen together, and unknown. A small area on its own would
# be mostly `<k`; the groups never change with the data, so two publications always
# group alike.
PLAN_AREAS = (
    "Emmen-Centrum",
    "Emmermeer",
    "Emmerhout",
    "Angelslo",
    "Bargeres",
    "Nieuw-Weerdinge",
    "Klazienaveen",
)
OTHER_WIJKEN = _("Overige wijken")
OTHER_DORPEN = _("Overige dorpen")
AREA_ORDER = (*PLAN_AREAS, OTHER_WIJKEN, OTHER_DORPEN, UNKNOWN)


def area_group(area: str) -> str:
    """The published area of a record's wijk or dorp (see `PLAN_AREAS`)."""
    if not area:
        return UNKNOWN
    if area in PLAN_AREAS:
        return area
    kinds = {a.name: a.kind for a in areas()}
    kind = kinds.get(area)
    if kind is None:
        return UNKNOWN
    return OTHER_WIJKEN if str(kind) == "wijk" else OTHER_DORPEN


def _area_order(seen: set[str]) -> tuple[str, ...]:
    known = [name for name in AREA_ORDER if name in seen]
    return (*known, *sorted(seen - set(known)))
