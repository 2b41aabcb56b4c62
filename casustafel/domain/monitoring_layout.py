"""The blocks a monitoring reader sees and the flow networks that tie their counts together.

Each count is one figure (`FigureKey`, prefixed with the table code) that may appear in
several blocks (the closed cases per month are a column of the flows block and the row
totals of the step, outcome and area blocks) but is one edge per network, so that the
suppression sees every sum a reader can form.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from casustafel.domain.catalogue import TableDefinition
from casustafel.domain.model import InterventionDomain, TableCode
from casustafel.domain.suppression import Edge, FigureKey, FigureSystem, Network
from casustafel.i18n import _

__all__ = ["ALL", "NOT_WEIGHED", "PERIOD_TOTAL", "TOTAL", "UNKNOWN", "Block", "Cell", "Layout"]

UNKNOWN = _("Onbekend")
NOT_WEIGHED = _("Nog niet gewogen")
TOTAL = _("Totaal")
PERIOD_TOTAL = _("Totaal periode")
ALL = "totaal"  # the key part that stands for "all months" / "all categories"


@dataclass(frozen=True, slots=True)
class Cell:
    """One published cell: a count (`key`), a lead-time statistic (`stat`, None = n.b.),
    or a sum of counts (`parts`: a coarser unit or a period total made of protected
    figures; it is shown only when every part is shown, else as `x`).
    """

    key: FigureKey | None = None
    stat: float | None = None
    parts: tuple[FigureKey, ...] | None = None


@dataclass(frozen=True, slots=True)
class Block:
    """One table a reader sees; `None` cells are not applicable."""

    id: str
    table: TableCode
    indicator: str
    title: str
    row_header: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[Cell | None, ...], ...]


Counts = Mapping[FigureKey, int]  # keyed like the figures, table code first


class Layout:
    """Collects figures and networks while it lays out the blocks of each table."""

    def __init__(self, months: Sequence[str], *, by_area: bool) -> None:
        self.months = tuple(months)
        self.by_area = by_area
        self.values: dict[FigureKey, int] = {}
        self.networks: list[Network] = []
        self.hidden: set[FigureKey] = set()
        self.context: set[FigureKey] = set()

    def system(self) -> FigureSystem:
        return FigureSystem(
            dict(self.values), tuple(self.networks), frozenset(self.hidden), frozenset(self.context)
        )

    def table_blocks(
        self,
        table: TableCode,
        definition: TableDefinition,
        counts: Counts,
        seen: Mapping[str, set[str]],
        areas: Sequence[str],
        prefix: str | None = None,
    ) -> list[Block]:
        """The blocks of one table code; its networks are added to the layout.

        `prefix` starts every figure key (the table code by default; with the year in it
        when pieces of several years are published together).
        """
        t = prefix or table.value
        self._t = t
        self._counts = counts
        outcomes = _ordered(
            [o.code for o in definition.closing_outcomes],
            seen.get("outc", set()),
        )
        outcome_labels = {o.code: o.label for o in definition.weighing_outcomes}
        outcome_labels |= {o.code: o.label for o in definition.closing_outcomes}
        weighings = _ordered(
            [o.code for o in definition.weighing_outcomes] + [NOT_WEIGHED], seen.get("sigw", set())
        )
        blocks: list[Block] = []
        self._signal_network(weighings, areas)
        self._case_network(definition, seen, areas)
        self._outcome_network(outcomes)
        # The n behind every lead time is a figure of the system too (see `_split_network`).
        self._split_network("gewogen", "sig", "sigwd", "sigwr", hide_rest=True)
        self._split_network("besproken", "new", "disc", "discr", hide_rest=True)
        self._split_network("afhandeling", "closed", "clotr", "clohd", hide_rest=False)
        if self.by_area:
            self._closed_area_network(areas)

        blocks.append(self._flows_block(table))
        blocks.append(
            self._month_block(
                table,
                "signalen_weging",
                _("Signalen naar wegingsuitkomst"),
                weighings,
                lambda c: outcome_labels.get(c, c),
                "sigw",
                total="sig",
            )
        )
        if definition.has_steps:
            labels = {s.code: s.display for s in definition.steps}
            steps = self._step_codes(definition, seen)
            blocks.append(
                self._month_block(
                    table,
                    "hoogste_trede",
                    _("Afgesloten zaken naar hoogste trede"),
                    steps,
                    lambda c: labels.get(c, c),
                    "step",
                    total="closed",
                )
            )
        else:
            routes = _ordered([r.code.value for r in definition.routes], seen.get("route", set()))
            route_labels = {r.code.value: r.label for r in definition.routes}
            self._route_network(routes)
            blocks.append(
                self._month_block(
                    table,
                    "routes",
                    _("Afgesloten zaken naar geopende route"),
                    routes,
                    lambda c: route_labels.get(c, c),
                    "route",
                    total=None,
                )
            )
        blocks.append(
            self._month_block(
                table,
                "uitkomsten",
                _("Afgesloten zaken naar uitkomst"),
                outcomes,
                lambda c: outcome_labels.get(c, c),
                "outc",
                total="closed",
            )
        )
        blocks.extend(self._intervention_blocks(table, definition, seen))
        if self.by_area:
            for indicator, title, prefix, total in (
                ("signalen_gebied", _("Signalen per wijk of dorp"), "siga", "sig"),
                ("nieuwe_zaken_gebied", _("Nieuwe zaken per wijk of dorp"), "newa", "new"),
                ("afgesloten_gebied", _("Afgesloten zaken per wijk of dorp"), "closeda", "closed"),
            ):
                blocks.append(self._area_block(table, indicator, title, areas, prefix, total))
        return blocks

    # --- figures and networks ---------------------------------------------------------------

    def _key(self, *parts: str) -> FigureKey:
        key = (self._t, *parts)
        if key not in self.values:
            self.values[key] = self._counts.get(key, 0)
        return key

    def _net(self, name: str, edges: list[tuple[tuple[str, ...], str, str]]) -> None:
        self.networks.append(
            Network(
                f"{self._t}.{name}",
                tuple(Edge(self._key(*parts), tail, head) for parts, tail, head in edges),
            )
        )

    def _signal_network(self, weighings: Sequence[str], areas: Sequence[str]) -> None:
        edges: list[tuple[tuple[str, ...], str, str]] = [(("sig", ALL), "snk", "src")]
        for m in self.months:
            if self.by_area:
                edges += [(("siga", a, m), f"a:{a}", f"i:{m}") for a in areas]
                edges.append((("sig", m), f"i:{m}", f"m:{m}"))
            else:
                edges.append((("sig", m), "src", f"m:{m}"))
            edges += [(("sigw", m, o), f"m:{m}", f"o:{o}") for o in weighings]
        edges += [(("sigw", ALL, o), f"o:{o}", "snk") for o in weighings]
        if self.by_area:
            edges += [(("siga", a, ALL), "src", f"a:{a}") for a in areas]
        self._net("signalen", edges)

    def _case_network(
        self, definition: TableDefinition, seen: Mapping[str, set[str]], areas: Sequence[str]
    ) -> None:
        # Stock and flow: each month node takes the open stock and the new cases in and
        # passes the closed cases and the new open stock on.
        edges: list[tuple[tuple[str, ...], str, str]] = [
            (("new", ALL), "src", "newt"),
            (("open", "start"), "src", f"k:{self.months[0]}"),
            (("closed", ALL), "clot", "snk"),
            (("omloop",), "snk", "src"),
        ]
        self.context.add(self._key("open", "start"))
        self.hidden.add(self._key("omloop"))
        steps = self._step_codes(definition, seen) if definition.has_steps else []
        for index, m in enumerate(self.months):
            following = self.months[index + 1] if index + 1 < len(self.months) else None
            edges.append((("open", m), f"k:{m}", f"k:{following}" if following else "snk"))
            if self.by_area:
                edges += [(("newa", a, m), f"a:{a}", f"n:{m}") for a in areas]
                edges.append((("new", m), f"n:{m}", f"k:{m}"))
            else:
                edges.append((("new", m), "newt", f"k:{m}"))
            if steps:
                edges.append((("closed", m), f"k:{m}", f"c:{m}"))
                edges += [(("step", m, s), f"c:{m}", f"s:{s}") for s in steps]
            else:
                edges.append((("closed", m), f"k:{m}", "clot"))
        edges += [(("step", ALL, s), f"s:{s}", "clot") for s in steps]
        if self.by_area:
            edges += [(("newa", a, ALL), "newt", f"a:{a}") for a in areas]
        self._net("zaken", edges)

    def _outcome_network(self, outcomes: Sequence[str]) -> None:
        edges: list[tuple[tuple[str, ...], str, str]] = [(("closed", ALL), "snk", "src")]
        for m in self.months:
            edges.append((("closed", m), "src", f"m:{m}"))
            edges += [(("outc", m, o), f"m:{m}", f"o:{o}") for o in outcomes]
        edges += [(("outc", ALL, o), f"o:{o}", "snk") for o in outcomes]
        self._net("uitkomsten", edges)

    def _split_network(self, name: str, total: str, part: str, rest: str, hide_rest: bool) -> None:
        """`total = part + rest` per unit and for the year, and each summed over the units.

        `part` is the n behind a lead time (weighed signals, discussed cases, closures
        without and with a discussion at the table): published, and therefore protected
        like every count. A hidden `rest` only closes the sum.
        """
        edges: list[tuple[tuple[str, ...], str, str]] = [
            ((total, ALL), "T", "S"),
            ((part, ALL), "P", "T"),
            ((rest, ALL), "R", "T"),
        ]
        for m in self.months:
            edges += [
                ((total, m), "S", f"u:{m}"),
                ((part, m), f"u:{m}", "P"),
                ((rest, m), f"u:{m}", "R"),
            ]
        self._net(name, edges)
        if hide_rest:
            self.hidden |= {self._key(rest, m) for m in (*self.months, ALL)}

    def _closed_area_network(self, areas: Sequence[str]) -> None:
        edges: list[tuple[tuple[str, ...], str, str]] = [(("closed", ALL), "snk", "src")]
        edges += [(("closeda", a, ALL), "src", f"a:{a}") for a in areas]
        for m in self.months:
            edges += [(("closeda", a, m), f"a:{a}", f"m:{m}") for a in areas]
            edges.append((("closed", m), f"m:{m}", "snk"))
        self._net("afgesloten_gebied", edges)

    def _route_network(self, routes: Sequence[str]) -> None:
        # A case can have several routes: the row sums would count cases twice, so they
        # are in the network (a reader can add the cells) but never published.
        edges: list[tuple[tuple[str, ...], str, str]] = [(("route", ALL, ALL), "snk", "src")]
        for m in self.months:
            edges.append((("route", m, ALL), "src", f"m:{m}"))
            edges += [(("route", m, r), f"m:{m}", f"r:{r}") for r in routes]
        edges += [(("route", ALL, r), f"r:{r}", "snk") for r in routes]
        self._net("routes", edges)
        self.hidden.add(self._key("route", ALL, ALL))
        self.hidden |= {self._key("route", m, ALL) for m in self.months}

    def _step_codes(self, definition: TableDefinition, seen: Mapping[str, set[str]]) -> list[str]:
        ladder = [s.code for s in definition.steps if s.number is not None]
        return _ordered(ladder, seen.get("step", set()))

    # --- blocks ----------------------------------------------------------------------------

    def _flows_block(self, table: TableCode) -> Block:
        rows = [
            (
                Cell(self._key("sig", m)),
                Cell(self._key("new", m)),
                Cell(self._key("closed", m)),
                Cell(self._key("open", m)),
            )
            for m in self.months
        ]
        total: tuple[Cell | None, ...] = (
            Cell(self._key("sig", ALL)),
            Cell(self._key("new", ALL)),
            Cell(self._key("closed", ALL)),
            None,
        )
        return Block(
            id=f"{table.value}.stromen",
            table=table,
            indicator="stromen",
            title=_("Instroom, uitstroom en open zaken"),
            row_header=_("Maand"),
            rows=(*self.months, PERIOD_TOTAL),
            columns=(
                _("Signalen"),
                _("Nieuwe zaken"),
                _("Afgesloten zaken"),
                _("Open einde maand"),
            ),
            cells=(*rows, total),
        )

    def _month_block(
        self,
        table: TableCode,
        indicator: str,
        title: str,
        codes: Sequence[str],
        label: Callable[[str], str],
        prefix: str,
        total: str | None,
    ) -> Block:
        """Months down, categories across, with a total row and (if `total`) a total column."""
        rows: list[tuple[Cell | None, ...]] = []
        for m in (*self.months, ALL):
            cells: list[Cell | None] = [Cell(self._key(prefix, m, c)) for c in codes]
            if total is not None:
                cells.append(Cell(self._key(total, m)))
            rows.append(tuple(cells))
        columns = [label(c) for c in codes] + ([TOTAL] if total is not None else [])
        return Block(
            id=f"{table.value}.{indicator}",
            table=table,
            indicator=indicator,
            title=title,
            row_header=_("Maand"),
            rows=(*self.months, PERIOD_TOTAL),
            columns=tuple(columns),
            cells=tuple(rows),
        )

    def _area_block(
        self,
        table: TableCode,
        indicator: str,
        title: str,
        areas: Sequence[str],
        prefix: str,
        total: str,
    ) -> Block:
        rows = [tuple(Cell(self._key(prefix, a, m)) for m in (*self.months, ALL)) for a in areas]
        rows.append(tuple(Cell(self._key(total, m)) for m in (*self.months, ALL)))
        return Block(
            id=f"{table.value}.{indicator}",
            table=table,
            indicator=indicator,
            title=title,
            row_header=_("Wijk of dorp"),
            rows=(*areas, TOTAL),
            columns=(*self.months, TOTAL),
            cells=tuple(rows),
        )

    def _intervention_blocks(
        self, table: TableCode, definition: TableDefinition, seen: Mapping[str, set[str]]
    ) -> list[Block]:
        domain_of = {i.code: i.domain.value for i in definition.interventions}
        labels = {i.code: i.label for i in definition.interventions}
        types = _ordered([i.code for i in definition.interventions], seen.get("intt", set()))
        types = [c for c in types if c in seen.get("intt", set())]
        domains = [d.value for d in InterventionDomain]
        if any(c not in domain_of for c in types):
            domains.append(UNKNOWN)
        # Months → domain cells → type cells → type totals → domain totals: a hierarchy.
        edges: list[tuple[tuple[str, ...], str, str]] = [(("int", ALL), "tot", "src")]
        for m in self.months:
            edges.append((("int", m), "src", f"m:{m}"))
            edges += [(("intd", m, d), f"m:{m}", f"md:{m}:{d}") for d in domains]
            edges += [
                (("intt", m, c), f"md:{m}:{domain_of.get(c, UNKNOWN)}", f"t:{c}") for c in types
            ]
        edges += [(("intt", ALL, c), f"t:{c}", f"dt:{domain_of.get(c, UNKNOWN)}") for c in types]
        edges += [(("intd", ALL, d), f"dt:{d}", "tot") for d in domains]
        self._net("interventies", edges)
        return [
            self._month_block(
                table,
                "interventies_domein",
                _("Interventies per domein"),
                domains,
                lambda d: d.capitalize(),
                "intd",
                total="int",
            ),
            self._month_block(
                table,
                "interventies_type",
                _("Interventies per type"),
                types,
                lambda c: labels.get(c, c),
                "intt",
                total="int",
            ),
        ]


def _ordered(known: Sequence[str], seen: set[str]) -> list[str]:
    """The catalogue's codes in its order, then codes only the records know, sorted."""
    extra = sorted(seen - set(known), key=lambda c: (c == UNKNOWN, c))
    return [*known, *extra]
