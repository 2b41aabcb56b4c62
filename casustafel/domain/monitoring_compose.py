"""Compose what a request publishes from the protected year pieces, adding nothing new.

A request (a period, a grain, with or without areas) only selects and adds up figures of
the protected pieces (`monitoring.YearPiece`): a cell is one protected figure, or the sum
of several shown only when every one of them is shown (else `x`). So no request, nor any
combination of requests, shows a reader more than the pieces do. The n behind every
median is such a figure; a median is given only when its n is shown and at least k.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from casustafel.domain.model import TableCode
from casustafel.domain.monitoring_grid import GRAIN_LABELS, months_of, whole_units
from casustafel.domain.monitoring_layout import ALL, PERIOD_TOTAL, TOTAL, Block, Cell
from casustafel.domain.suppression import FigureSystem, Protection, quantile_or_none
from casustafel.i18n import _

if TYPE_CHECKING:
    from casustafel.domain.monitoring import Monitoring, MonitoringRequest, YearPiece

__all__ = ["LEAD_MEASURES", "compose"]

# The lead times, each with the figure that is its n and the series of its values.
LEAD_MEASURES: tuple[tuple[str, str, str], ...] = (
    ("sigwd", "weighing", _("Signaal → weging")),
    ("disc", "discussion", _("Registratie → eerste bespreking")),
    ("clotr", "lead_triage", _("Afgesloten zonder bespreking aan tafel (triage)")),
    ("clohd", "lead_handled", _("Afgesloten na bespreking aan tafel")),
)
_AREA = frozenset({"signalen_gebied", "nieuwe_zaken_gebied", "afgesloten_gebied"})

# One output unit: its label and, per piece, the canonical units it is made of.
_Plan = list[tuple[str, list[tuple["YearPiece", list[str]]]]]


def compose(request: MonitoringRequest, pieces: Sequence[YearPiece]) -> Monitoring:
    """The `Monitoring` of `request`, every count taken from `pieces`."""
    from casustafel.domain.monitoring import Monitoring

    protection = _merged_protection(request.k, pieces)
    system = FigureSystem(
        {k: v for p in pieces for k, v in p.system.values.items()},
        tuple(n for p in pieces for n in p.system.networks),
        frozenset(h for p in pieces for h in p.system.hidden),
        frozenset(c for p in pieces for c in p.system.context),
    )
    months = request.period.months
    blocks: list[Block] = []
    notes: list[str] = []
    for table in request.tables:
        mine = [p for p in pieces if p.table is table]
        plan: _Plan = []
        total_parts: list[tuple[YearPiece, list[str]]] = []
        for piece in mine:
            grain = request.grain.coarser(piece.grain)
            inside = [m for m in months if m in months_of(piece.span)]
            canonical = piece.counts.months
            units = whole_units(inside, grain)
            for unit in units:
                parts = [u for u in canonical if set(months_of(u)) <= set(months_of(unit))]
                plan.append((unit, [(piece, parts)]))
                total_parts.append((piece, parts))
            covered = {m for unit in units for m in months_of(unit)}
            if any(m not in covered for m in inside):
                notes.append(
                    _(
                        "{table} {span}: {months} vallen niet samen met een hele periode "
                        "{grain} en worden niet los getoond."
                    ).format(
                        table=table.label,
                        span=piece.span,
                        months=", ".join(m for m in inside if m not in covered),
                        grain=GRAIN_LABELS[grain],
                    )
                )
            if piece.grain.rank > request.grain.rank:
                notes.append(
                    _(
                        "{table} {year}: gepubliceerd {grain}, omdat fijner meer dan 10% van "
                        "de cijfers onderdrukt zou worden."
                    ).format(table=table.label, year=piece.span, grain=GRAIN_LABELS[piece.grain])
                )
        single = len(mine) == 1 and tuple(months) == months_of(mine[0].span)
        ids = list(dict.fromkeys(b.id for p in mine for b in p.blocks))
        for block_id in ids:
            found = [(p, b) for p in mine for b in p.blocks if b.id == block_id]
            if found[0][1].indicator in _AREA and not request.by_area:
                continue
            blocks.append(_block(found, plan, total_parts, single))
        if mine:
            blocks.append(_lead_block(table, mine, plan, total_parts, single, protection))
    return Monitoring(request, tuple(blocks), protection, system, tuple(pieces), tuple(notes))


def _merged_protection(k: int, pieces: Sequence[YearPiece]) -> Protection:
    # Figure keys carry table and year, so the pieces never share a key.
    return Protection(
        k=k,
        marks={key: m for p in pieces for key, m in p.protection.marks.items()},
        values={key: v for p in pieces for key, v in p.protection.values.items()},
        unresolved=frozenset(),
        context=frozenset(c for p in pieces for c in p.protection.context),
        withheld=frozenset(w for p in pieces for w in p.protection.withheld),
        witnesses={key: w for p in pieces for key, w in p.protection.witnesses.items()},
    )


def _sum(cells: Sequence[Cell | None], total: bool) -> Cell | None:
    """One cell for a sum of canonical cells (a stock takes its last, and has no total).

    No cells at all (a period with no whole unit of the grain) is not applicable, never a
    0: a 0 is a published fact. A category a piece does not have is a real 0 there
    (`Cell(parts=())`).
    """
    if not cells or all(c is None for c in cells):
        return None
    keys = [c.key for c in cells if c is not None and c.key is not None]
    if not keys:
        return Cell(parts=())
    if all(key[1] == "open" for key in keys):
        return None if total else Cell(key=keys[-1])
    if len(keys) == 1:
        return Cell(key=keys[0])
    return Cell(parts=tuple(keys))


def _categories(found: Sequence[tuple[YearPiece, Block]], area: bool) -> list[str]:
    names: list[str] = []
    for _piece, block in found:
        for name in block.rows[:-1] if area else block.columns:
            if name not in names:
                names.append(name)
    last = TOTAL
    return [n for n in names if n != last] + ([last] if last in names else [])


def _block(
    found: Sequence[tuple[YearPiece, Block]],
    plan: _Plan,
    total_parts: list[tuple[YearPiece, list[str]]],
    single: bool,
) -> Block:
    first = found[0][1]
    area = first.indicator in _AREA
    categories = _categories(found, area)
    if area:
        categories = [*categories, TOTAL] if TOTAL not in categories else categories
    getters: dict[int, Callable[[str, str], Cell | bool | None]] = {}
    for piece, block in found:
        getters[id(piece)] = _getter(block, area)

    def cells_for(parts: Sequence[tuple[YearPiece, list[str]]], name: str) -> list[Cell | None]:
        out: list[Cell | None] = []
        for piece, units in parts:
            get = getters[id(piece)]
            for unit in units:
                cell = get(unit, name)
                if cell is False:
                    out.append(Cell(parts=()))  # the piece never saw this category: 0
                else:
                    out.append(cell if isinstance(cell, Cell) else None)
        return out

    rows: list[list[Cell | None]] = []
    for _unit, parts in plan:
        rows.append([_sum(cells_for(parts, name), total=False) for name in categories])
    if single:
        get = getters[id(found[0][0])]
        rows.append([c if isinstance(c, Cell) else None for c in (get(ALL, n) for n in categories)])
    else:
        rows.append([_sum(cells_for(total_parts, name), total=True) for name in categories])
    units = [u for u, _p in plan]
    if area:
        # Areas down, units across, as the pieces lay them out.
        grid = [[rows[i][j] for i in range(len(rows))] for j in range(len(categories))]
        return Block(
            first.id,
            first.table,
            first.indicator,
            first.title,
            first.row_header,
            tuple(categories),
            (*units, TOTAL),
            tuple(tuple(r) for r in grid),
        )
    return Block(
        first.id,
        first.table,
        first.indicator,
        first.title,
        first.row_header,
        (*units, PERIOD_TOTAL),
        tuple(categories),
        tuple(tuple(r) for r in rows),
    )


def _getter(block: Block, area: bool) -> Callable[[str, str], Cell | bool | None]:
    """Cell of a canonical block by unit (`ALL` for the year) and category; False if absent."""
    if area:
        units = {u: j for j, u in enumerate(block.columns[:-1])} | {ALL: len(block.columns) - 1}
        names = {n: i for i, n in enumerate(block.rows)}
    else:
        units = {u: i for i, u in enumerate(block.rows[:-1])} | {ALL: len(block.rows) - 1}
        names = {n: j for j, n in enumerate(block.columns)}

    def get(unit: str, name: str) -> Cell | bool | None:
        if name not in names:
            return False
        i, j = units[unit], names[name]
        return block.cells[j][i] if area else block.cells[i][j]

    return get


def _lead_block(
    table: TableCode,
    mine: Sequence[YearPiece],
    plan: _Plan,
    total_parts: list[tuple[YearPiece, list[str]]],
    single: bool,
    protection: Protection,
) -> Block:
    k = protection.k
    columns: list[str] = []
    for _part, _series, label in LEAD_MEASURES:
        columns += [
            _("{what}: aantal").format(what=label),
            _("{what}: mediaan (dagen)").format(what=label),
            _("{what}: P75 (dagen)").format(what=label),
        ]

    def row(parts: Sequence[tuple[YearPiece, list[str]]], whole: bool) -> tuple[Cell | None, ...]:
        cells: list[Cell | None] = []
        for part, series, _label in LEAD_MEASURES:
            if whole:
                piece = parts[0][0]
                n: Cell | None = Cell(key=(piece.counts.t, part, ALL))
            else:
                n = _sum([Cell(key=(p.counts.t, part, u)) for p, us in parts for u in us], False)
            values = [v for p, us in parts for u in us for v in getattr(p.counts, series)[u]]
            shown = _shown(n, protection)
            usable = shown is not None and shown >= k
            cells.append(n)
            for fraction in (0.5, 0.75):
                cells.append(Cell(stat=quantile_or_none(values, fraction, k) if usable else None))
        return tuple(cells)

    rows = [row(parts, False) for _u, parts in plan]
    rows.append(row(total_parts or [(mine[0], [])], single))
    return Block(
        id=f"{table.value}.doorlooptijden",
        table=table,
        indicator="doorlooptijden",
        title=_("Doorlooptijden in kalenderdagen"),
        row_header=_("Periode"),
        rows=(*(u for u, _p in plan), PERIOD_TOTAL),
        columns=tuple(columns),
        cells=tuple(rows),
    )


def _shown(cell: Cell | None, protection: Protection) -> int | None:
    """The published number of a count cell, None when it is suppressed."""
    if cell is None:
        return None
    if cell.key is not None:
        value = protection.display(cell.key)
        return value if isinstance(value, int) else None
    parts = cell.parts or ()
    shown = [protection.display(p) for p in parts]
    if all(isinstance(v, int) for v in shown):
        return sum(int(v) for v in shown)
    return None
