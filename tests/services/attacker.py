"""An independent attacker: an integer program over published monitoring files only.

It reads the CSV, JSON and XLSX files of several exports (never the vault, never the
suppression code) and the rules the manifest states: counts are non-negative integers,
`<k` is 1..k−1, `x` is at least 1, a 0 is a 0; in a block with a "Totaal" column the
categories add up to it; a unit's total is the sum of its months ("Totaal periode" the sum
of the rows); open at the end of a month = open before + new − closed; the blocks of one
table share their totals (closed cases by step, by outcome, by area; signals by weighing
outcome and by area); interventions per domain are the sum of their types (the catalogue);
closures without and with a discussion add up to the closed cases; a lead time's n for
weighing is at most the signals, for a first discussion at most the new cases.

For every figure published as `<k` it computes, with `scipy.optimize.milp`, the smallest
and largest value consistent with all of that; a figure whose bounds meet is pinned.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from openpyxl import load_workbook
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix
from scipy.sparse.csgraph import connected_components

from casustafel.domain.catalogue import table_definition
from casustafel.domain.model import TableCode

Var = tuple[str, ...]  # (table, indicator, unit, category)

_TOTAL = "Totaal"
_PERIOD_TOTAL = "Totaal periode"
_AREA = {"signalen_gebied", "nieuwe_zaken_gebied", "afgesloten_gebied"}
_OPEN = ("Open einde maand", "Open einde periode")


def _months(unit: str) -> list[str]:
    year = int(unit[:4])
    tag = unit[5:]
    if tag.startswith("K"):
        first = (int(tag[1:]) - 1) * 3 + 1
        return [f"{year}-{m:02d}" for m in range(first, first + 3)]
    if tag.startswith("H"):
        first = (int(tag[1:]) - 1) * 6 + 1
        return [f"{year}-{m:02d}" for m in range(first, first + 6)]
    return [unit]


def _value(text: object) -> object:
    if isinstance(text, (int, float)) or text is None:
        return text
    raw = str(text).strip()
    if raw.isdigit():
        return int(raw)
    return raw


@dataclass
class Observation:
    table: str
    indicator: str
    row: str
    column: str
    value: object


def read_csv(path: Path) -> list[Observation]:
    text = path.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    return [Observation(t, i, r, c, _value(v)) for t, i, _b, r, c, v in rows[1:]]


def read_json(path: Path) -> list[Observation]:
    document = json.loads(path.read_text("utf-8"))
    found = []
    for block in document["blokken"]:
        for row, cells in zip(block["rijen"], block["cellen"], strict=True):
            for column, value in zip(block["kolommen"], cells, strict=True):
                if value is not None:
                    found.append(
                        Observation(block["tafel"], block["indicator"], row, column, value)
                    )
    return found


def read_xlsx(path: Path, titles: dict[tuple[str, str], str]) -> list[Observation]:
    """The "Cijfers" sheet; a block is known by its title line (table label: title)."""
    labels = {code.label: code.value for code in TableCode}
    book = load_workbook(path, read_only=True)
    try:
        rows = [list(r) for r in book["Cijfers"].iter_rows(values_only=True)]
    finally:
        book.close()
    found: list[Observation] = []
    i = 0
    while i < len(rows):
        head = rows[i][0]
        if isinstance(head, str) and ": " in head and rows[i][1] is None:
            label, title = head.split(": ", 1)
            table = labels[label]
            indicator = titles[(table, title)]
            columns = [c for c in rows[i + 1][1:] if c is not None]
            i += 2
            while i < len(rows) and rows[i][0] is not None:
                for column, value in zip(columns, rows[i][1:], strict=False):
                    if value is not None:
                        found.append(Observation(table, indicator, str(rows[i][0]), column, value))
                i += 1
        i += 1
    return found


@dataclass
class Attack:
    """The integer program over everything the files published."""

    index: dict[Var, int] = field(default_factory=dict)
    low: list[float] = field(default_factory=list)
    high: list[float] = field(default_factory=list)
    rows: list[tuple[dict[int, float], float, float]] = field(default_factory=list)
    small: set[Var] = field(default_factory=set)
    exports: int = 0

    def var(self, key: Var) -> int:
        if key not in self.index:
            self.index[key] = len(self.low)
            self.low.append(0)
            self.high.append(np.inf)
        return self.index[key]

    def fix(self, key: Var, low: float, high: float) -> None:
        n = self.var(key)
        self.low[n] = max(self.low[n], low)
        self.high[n] = min(self.high[n], high)

    def equal(self, left: Iterable[Var], right: Iterable[Var]) -> None:
        coefficients: dict[int, float] = defaultdict(float)
        for key in left:
            coefficients[self.var(key)] += 1
        for key in right:
            coefficients[self.var(key)] -= 1
        self.rows.append((dict(coefficients), 0, 0))

    def at_most(self, part: Var, whole: Var) -> None:
        self.rows.append(({self.var(part): 1, self.var(whole): -1}, -np.inf, 0))

    # --- reading one export ---------------------------------------------------------------

    def add_export(self, observations: list[Observation]) -> None:
        """One export's cells (the same cells in any format give the same constraints)."""
        self.exports += 1
        tag = f"export{self.exports}"
        seen: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        for o in observations:
            if o.indicator == "doorlooptijden" and not o.column.endswith(": aantal"):
                continue  # medians: no counts
            if o.indicator in _AREA:
                unit, category = o.column, o.row
            else:
                unit, category = o.row, o.column
            if category in _OPEN:
                category = "open"
            if unit in (_PERIOD_TOTAL, _TOTAL):
                unit = f"{tag}:totaal"
            elif category != "open":
                seen[(o.table, o.indicator, category)].append(unit)
            key = (o.table, o.indicator, unit, category)
            self._publish(key, o.value)
        for (table, indicator, category), units in seen.items():
            self.equal(
                [(table, indicator, f"{tag}:totaal", category)],
                [(table, indicator, u, category) for u in dict.fromkeys(units)],
            )

    def _publish(self, key: Var, value: object) -> None:
        if isinstance(value, int):
            self.fix(key, value, value)
        elif isinstance(value, str) and value.startswith("<"):
            self.fix(key, 1, int(value[1:]) - 1)
            self.small.add(key)
        elif value == "x":
            self.fix(key, 1, np.inf)
        else:
            self.var(key)

    # --- the documented rules -------------------------------------------------------------

    def close_rules(self) -> None:
        """Add the sums that tie units, blocks and tables (call after every export)."""
        keys = list(self.index)
        tables = {k[0] for k in keys}
        by_table: dict[str, list[Var]] = defaultdict(list)
        for key in keys:
            by_table[key[0]].append(key)
        for table in tables:
            mine = by_table[table]
            units = {k[2] for k in mine if ":" not in k[2]}
            months = sorted({m for u in units for m in _months(u)})
            cells: dict[tuple[str, str], set[str]] = defaultdict(set)
            for _t, indicator, unit, category in mine:
                if ":" not in unit:
                    cells[(indicator, category)].add(unit)
            # Coarse units are sums of months (a stock: its last month).
            for (indicator, category), found in cells.items():
                for unit in found:
                    parts = _months(unit)
                    if parts == [unit]:
                        continue
                    if category == "open":
                        self.equal(
                            [(table, indicator, unit, category)],
                            [(table, indicator, parts[-1], category)],
                        )
                    else:
                        self.equal(
                            [(table, indicator, unit, category)],
                            [(table, indicator, m, category) for m in parts],
                        )
            # Stock and flow per month.
            for before, month in itertools.pairwise(months):
                if int(month[5:]) - int(before[5:]) not in (1, -11):
                    continue
                self.equal(
                    [
                        (table, "stromen", month, "open"),
                        (table, "stromen", month, "Afgesloten zaken"),
                    ],
                    [(table, "stromen", before, "open"), (table, "stromen", month, "Nieuwe zaken")],
                )
            self._block_rules(table, cells, months)

    def _block_rules(
        self, table: str, cells: dict[tuple[str, str], set[str]], months: list[str]
    ) -> None:
        categories: dict[str, set[str]] = defaultdict(set)
        for indicator, category in cells:
            categories[indicator].add(category)
        shared = {
            "signalen_weging": "Signalen",
            "hoogste_trede": "Afgesloten zaken",
            "uitkomsten": "Afgesloten zaken",
            "signalen_gebied": "Signalen",
            "nieuwe_zaken_gebied": "Nieuwe zaken",
            "afgesloten_gebied": "Afgesloten zaken",
        }
        domain_of = {
            i.label: i.domain.value.capitalize()
            for i in table_definition(TableCode(table)).interventions
        }
        for month in months:
            for indicator, names in categories.items():
                body = [c for c in names if c != _TOTAL]
                if indicator in shared or indicator.startswith("interventies"):
                    self.equal(
                        [(table, indicator, month, _TOTAL)],
                        [(table, indicator, month, c) for c in body],
                    )
                if indicator in shared:
                    self.equal(
                        [(table, indicator, month, _TOTAL)],
                        [(table, "stromen", month, shared[indicator])],
                    )
                if indicator == "routes":
                    for c in names:
                        self.at_most(
                            (table, indicator, month, c),
                            (table, "stromen", month, "Afgesloten zaken"),
                        )
            if "interventies_type" in categories and "interventies_domein" in categories:
                self.equal(
                    [(table, "interventies_type", month, _TOTAL)],
                    [(table, "interventies_domein", month, _TOTAL)],
                )
                per_domain: dict[str, list[str]] = defaultdict(list)
                for c in categories["interventies_type"]:
                    if c != _TOTAL:
                        per_domain[domain_of.get(c, "Onbekend")].append(c)
                for domain in categories["interventies_domein"]:
                    if domain == _TOTAL:
                        continue
                    self.equal(
                        [(table, "interventies_domein", month, domain)],
                        [
                            (table, "interventies_type", month, c)
                            for c in per_domain.get(domain, [])
                        ],
                    )
            lead = {c.split(":")[0]: c for c in categories.get("doorlooptijden", set())}
            if lead:
                triage = lead.get("Afgesloten zonder bespreking aan tafel (triage)")
                handled = lead.get("Afgesloten na bespreking aan tafel")
                if triage and handled:
                    self.equal(
                        [
                            (table, "doorlooptijden", month, triage),
                            (table, "doorlooptijden", month, handled),
                        ],
                        [(table, "stromen", month, "Afgesloten zaken")],
                    )
                weighed = lead.get("Signaal → weging")
                if weighed:
                    self.at_most(
                        (table, "doorlooptijden", month, weighed),
                        (table, "stromen", month, "Signalen"),
                    )
                discussed = lead.get("Registratie → eerste bespreking")
                if discussed:
                    self.at_most(
                        (table, "doorlooptijden", month, discussed),
                        (table, "stromen", month, "Nieuwe zaken"),
                    )

    # --- solving --------------------------------------------------------------------------

    def pinned(self) -> dict[Var, int]:
        """Every `<k` figure whose smallest and largest consistent value are equal.

        Two integer solutions that differ in a figure prove it is not pinned, so programs
        with many figures in the objective at once (random directions) settle most of
        them; only the rest get a minimum and a maximum of their own. Each connected part
        of the sums (a table) is solved on its own.
        """
        size = len(self.low)
        matrix = lil_matrix((len(self.rows), size))
        for r, (coefficients, _low, _high) in enumerate(self.rows):
            for column, value in coefficients.items():
                matrix[r, column] = value
        full = matrix.tocsr()
        lows = np.array([low for _c, low, _h in self.rows], dtype=float)
        highs = np.array([high for _c, _l, high in self.rows], dtype=float)
        graph = (full.T @ full) != 0
        _count, part = connected_components(graph, directed=False)
        found: dict[Var, int] = {}
        small_of: dict[int, list[Var]] = defaultdict(list)
        for key in sorted(self.small):
            small_of[int(part[self.index[key]])].append(key)
        for label, keys in small_of.items():
            columns = np.flatnonzero(part == label)
            rows = np.unique(full[:, columns].nonzero()[0])
            found |= self._pinned_in(full[rows][:, columns], lows[rows], highs[rows], columns, keys)
        return found

    def _pinned_in(
        self,
        matrix: Any,
        lows: np.ndarray,
        highs: np.ndarray,
        columns: np.ndarray,
        keys: list[Var],
    ) -> dict[Var, int]:
        position = {int(c): i for i, c in enumerate(columns)}
        size = len(columns)
        constraints = LinearConstraint(matrix, lows, highs)
        bounds = Bounds(
            np.array([self.low[c] for c in columns], dtype=float),
            np.array([self.high[c] for c in columns], dtype=float),
        )
        integrality = np.ones(size)

        def solve(objective: np.ndarray) -> np.ndarray:
            result = milp(
                objective, constraints=constraints, bounds=bounds, integrality=integrality
            )
            assert result.status == 0, result.message
            return np.round(result.x)

        small = {key: position[self.index[key]] for key in keys}
        seen: dict[Var, set[int]] = {key: set() for key in keys}
        open_keys = list(keys)
        rng = np.random.default_rng(0)
        stale = 0
        while open_keys and stale < 2:
            objective = np.zeros(size)
            for key in open_keys:
                objective[small[key]] = rng.choice((-1.0, 1.0)) * rng.uniform(0.5, 1.5)
            x = solve(objective)
            for key in open_keys:
                seen[key].add(int(x[small[key]]))
            still = [key for key in open_keys if len(seen[key]) < 2]
            stale = stale + 1 if len(still) == len(open_keys) else 0
            open_keys = still
        found: dict[Var, int] = {}
        for key in open_keys:
            ends = []
            for sign in (1.0, -1.0):
                objective = np.zeros(size)
                objective[small[key]] = sign
                ends.append(int(solve(objective)[small[key]]))
            if ends[0] == ends[1]:
                found[key] = ends[0]
        return found
