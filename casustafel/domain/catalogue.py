"""The tables' ladders, phases, routes and catalogues, loaded once from the packaged TOML files.

The data lives in `resources/` (`common.toml` plus one file per table) so that a
municipality can adapt it without touching code. It is validated on load: a broken edit
raises `CatalogueError` with one Dutch message that names the file and the entry, never
a stack trace. The values are frozen and cached; call `clear_cache()` after editing the
files while the app runs (tests do the same). The value classes live in `catalogue_model`
and are re-exported here, so `casustafel.domain.catalogue` stays the one import path.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from casustafel import resources
from casustafel.domain.catalogue_model import (
    Area,
    CatalogueError,
    ExploitationForm,
    InterventionType,
    LegalGround,
    Organisation,
    Outcome,
    Partner,
    PartnerType,
    ProcessKind,
    Route,
    Step,
    TableDefinition,
)
from casustafel.domain.model import CaseStatus, InterventionDomain, MhRoute, TableCode
from casustafel.i18n import _

__all__ = [
    "HANDOVER_OUTCOME",
    "TABLE_FILES",
    "Area",
    "CatalogueError",
    "ExploitationForm",
    "InterventionType",
    "LegalGround",
    "Organisation",
    "Outcome",
    "Partner",
    "PartnerType",
    "ProcessKind",
    "Route",
    "Step",
    "TableDefinition",
    "all_table_definitions",
    "area_names",
    "areas",
    "clear_cache",
    "handover_organisation",
    "handover_organisations",
    "parse_table_definition",
    "partner_types",
    "table_definition",
]

TABLE_FILES: dict[TableCode, str] = {
    TableCode.WO: "woonoverlast.toml",
    TableCode.OM: "ondermijning.toml",
    TableCode.MH: "mensenhandel.toml",
}
COMMON_FILE = "common.toml"

# A hand-over closes a case with this outcome; every table must offer it.
HANDOVER_OUTCOME = "overgedragen"

# The only statuses a weighing can lead to (DOMAIN.md life cycle).
WEIGHING_TARGETS = frozenset(
    {CaseStatus.GEAGENDEERD, CaseStatus.NIET_IN_BEHANDELING, CaseStatus.DOORVERWEZEN}
)


# --- loading ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Common:
    partner_types: tuple[PartnerType, ...]
    handover_organisations: tuple[Organisation, ...]
    areas: tuple[Area, ...]


class _Reader:
    """Reads typed fields from parsed TOML and words every failure as one Dutch message."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> CatalogueError:
        return CatalogueError(
            _("Fout in het catalogusbestand {source} ({where}): {problem}").format(
                source=self.source, where=where, problem=problem
            )
        )

    def text(self, data: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
        value = data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(where, _("'{key}' moet een tekst zijn.").format(key=key))
        return value.strip()

    def flag(self, data: Mapping[str, Any], key: str, where: str) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(where, _("'{key}' moet true of false zijn.").format(key=key))
        return value

    def number(self, data: Mapping[str, Any], key: str, where: str) -> int | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail(where, _("'{key}' moet een geheel getal ≥ 0 zijn.").format(key=key))
        return value

    def entries(
        self, data: Mapping[str, Any], key: str, *, required: bool = True
    ) -> list[tuple[str, Mapping[str, Any]]]:
        """Return the list `key` as (position label, table) pairs."""
        value = data.get(key)
        if value is None and not required:
            return []
        if not isinstance(value, list) or (required and not value):
            raise self.fail(key, _("de lijst ontbreekt of is leeg."))
        result: list[tuple[str, Mapping[str, Any]]] = []
        for index, item in enumerate(value, start=1):
            where = f"{key} nr. {index}"
            if not isinstance(item, dict):
                raise self.fail(where, _("elk item moet een tabel met velden zijn."))
            result.append((where, item))
        return result

    def unique(self, codes: list[str], what: str) -> None:
        seen: set[str] = set()
        for code in codes:
            if code in seen:
                raise self.fail(what, _("de code '{code}' komt twee keer voor.").format(code=code))
            seen.add(code)


def _parse_common(data: Mapping[str, Any], source: str = COMMON_FILE) -> _Common:
    r = _Reader(source)
    types = tuple(
        PartnerType(r.text(d, "code", w), r.text(d, "label", w))
        for w, d in r.entries(data, "partner_types")
    )
    orgs = tuple(
        Organisation(r.text(d, "code", w), r.text(d, "label", w))
        for w, d in r.entries(data, "handover_organisations")
    )
    area_list = []
    for w, d in r.entries(data, "areas"):
        kind = r.text(d, "kind", w)
        if kind not in ("wijk", "dorp", "overig"):
            raise r.fail(w, _("'kind' moet wijk, dorp of overig zijn."))
        area_list.append(Area(r.text(d, "name", w), kind, r.text(d, "note", w, required=False)))
    r.unique([t.code for t in types], "partner_types")
    r.unique([o.code for o in orgs], "handover_organisations")
    r.unique([a.name for a in area_list], "areas")
    return _Common(types, orgs, tuple(area_list))


def _parse_steps(r: _Reader, data: Mapping[str, Any], key: str) -> tuple[Step, ...]:
    steps = []
    for w, d in r.entries(data, key):
        step = Step(
            code=r.text(d, "code", w),
            number=r.number(d, "number", w),
            label=r.text(d, "label", w),
            description=r.text(d, "description", w, required=False),
            actors=r.text(d, "actors", w, required=False),
            huur_only=r.flag(d, "huur_only", w),
            needs_motivation=r.flag(d, "needs_motivation", w),
            aftercare=r.flag(d, "aftercare", w),
        )
        if step.aftercare == (step.number is not None):
            raise r.fail(w, _("een gewone stap heeft een 'number', alleen de nazorgstap niet."))
        steps.append(step)
    r.unique([s.code for s in steps], key)
    numbers = [s.number for s in steps if s.number is not None]
    if numbers != sorted(set(numbers)):
        raise r.fail(key, _("de nummers moeten uniek zijn en oplopen in de volgorde van de lijst."))
    if steps[0].number is None:
        raise r.fail(key, _("de eerste stap moet een genummerde stap zijn."))
    if sum(s.aftercare for s in steps) > 1:
        raise r.fail(key, _("er mag hoogstens één nazorgstap zijn."))
    return tuple(steps)


def _parse_outcomes(r: _Reader, data: Mapping[str, Any], key: str) -> tuple[Outcome, ...]:
    outcomes = []
    for w, d in r.entries(data, key):
        leads_to: CaseStatus | None = None
        if key == "weighing_outcomes":
            target = r.text(d, "leads_to", w)
            if target not in {s.value for s in WEIGHING_TARGETS}:
                raise r.fail(
                    w, _("'leads_to' moet geagendeerd, niet_in_behandeling of doorverwezen zijn.")
                )
            leads_to = CaseStatus(target)
        outcomes.append(
            Outcome(
                code=r.text(d, "code", w),
                label=r.text(d, "label", w),
                leads_to=leads_to,
                destroy_after_months=r.number(d, "destroy_after_months", w),
            )
        )
    r.unique([o.code for o in outcomes], key)
    return tuple(outcomes)


def _parse_interventions(r: _Reader, data: Mapping[str, Any]) -> tuple[InterventionType, ...]:
    groups = data.get("interventions")
    if not isinstance(groups, dict) or not groups:
        raise r.fail("interventions", _("de interventiecatalogus ontbreekt."))
    items = []
    for domain_name in groups:
        if domain_name not in {d.value for d in InterventionDomain}:
            raise r.fail(
                "interventions",
                _("onbekend domein '{name}'; kies uit {names}.").format(
                    name=domain_name, names=", ".join(d.value for d in InterventionDomain)
                ),
            )
        domain = InterventionDomain(domain_name)
        for w, d in r.entries(groups, domain_name, required=False):
            items.append(InterventionType(r.text(d, "code", w), r.text(d, "label", w), domain))
    r.unique([i.code for i in items], "interventions")
    return tuple(items)


def parse_table_definition(
    data: Mapping[str, Any], common: Mapping[str, Any], source: str = "tabel"
) -> TableDefinition:
    """Build and validate a `TableDefinition` from parsed TOML (a table file and common.toml).

    Public so that a municipality's edited copy can be checked before it is used.

    Raises:
        CatalogueError: the data breaks a rule; the message names `source` and the entry.
    """
    r = _Reader(source)
    shared = _parse_common(common)
    code_text = r.text(data, "code", "code")
    if code_text not in {t.value for t in TableCode}:
        raise r.fail("code", _("'code' moet WO, OM of MH zijn."))
    process_text = r.text(data, "process", "process")
    if process_text not in {p.value for p in ProcessKind}:
        raise r.fail("process", _("'process' moet ladder, phases of routes zijn."))
    process = ProcessKind(process_text)

    type_codes = {t.code for t in shared.partner_types}
    partners = []
    for w, d in r.entries(data, "partners"):
        partner = Partner(r.text(d, "code", w), r.text(d, "name", w), r.text(d, "type", w))
        if partner.type not in type_codes:
            raise r.fail(
                w,
                _("partnertype '{type}' staat niet in common.toml.").format(type=partner.type),
            )
        partners.append(partner)
    r.unique([p.code for p in partners], "partners")

    steps: tuple[Step, ...] = ()
    routes: list[Route] = []
    if process is ProcessKind.LADDER:
        steps = _parse_steps(r, data, "steps")
    elif process is ProcessKind.PHASES:
        steps = _parse_steps(r, data, "phases")
    else:
        for w, d in r.entries(data, "routes"):
            route_code = r.text(d, "code", w)
            if route_code not in {m.value for m in MhRoute}:
                raise r.fail(w, _("een route heet zorg, straf of bestuur."))
            routes.append(
                Route(
                    MhRoute(route_code),
                    r.text(d, "label", w),
                    r.text(d, "description", w, required=False),
                )
            )
        r.unique([x.code.value for x in routes], "routes")

    closing = _parse_outcomes(r, data, "closing_outcomes")
    if HANDOVER_OUTCOME not in {o.code for o in closing}:
        raise r.fail(
            "closing_outcomes",
            _("de uitkomst '{code}' is verplicht (voor overdrachten).").format(
                code=HANDOVER_OUTCOME
            ),
        )
    forms = tuple(
        ExploitationForm(r.text(d, "code", w), r.text(d, "label", w))
        for w, d in r.entries(data, "exploitation_forms", required=False)
    )
    grounds = tuple(
        LegalGround(r.text(d, "code", w), r.text(d, "label", w))
        for w, d in r.entries(data, "legal_grounds")
    )
    r.unique([g.code for g in grounds], "legal_grounds")
    return TableDefinition(
        code=TableCode(code_text),
        name=r.text(data, "name", "name"),
        case_prefix=r.text(data, "case_prefix", "case_prefix"),
        process=process,
        partners=tuple(partners),
        steps=steps,
        routes=tuple(routes),
        weighing_outcomes=_parse_outcomes(r, data, "weighing_outcomes"),
        closing_outcomes=closing,
        interventions=_parse_interventions(r, data),
        legal_grounds=grounds,
        exploitation_forms=forms,
    )


def _load(name: str) -> dict[str, Any]:
    try:
        return resources.load_toml(name)
    except FileNotFoundError:
        raise CatalogueError(
            _("Het catalogusbestand {name} ontbreekt.").format(name=name)
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CatalogueError(
            _("Het catalogusbestand {name} is geen geldige TOML: {detail}").format(
                name=name, detail=exc
            )
        ) from None


@functools.cache
def _common() -> _Common:
    return _parse_common(_load(COMMON_FILE))


@functools.cache
def table_definition(table: TableCode) -> TableDefinition:
    """Return the (cached) definition of `table`, loaded and validated from its TOML file.

    Raises:
        CatalogueError: the file is missing, unreadable, or breaks a rule.
    """
    name = TABLE_FILES[TableCode(table)]
    definition = parse_table_definition(_load(name), _load(COMMON_FILE), name)
    if definition.code is not table or definition.case_prefix != table.value:
        raise CatalogueError(
            _(
                "Het catalogusbestand {name} hoort bij tafel {table}: code en case_prefix moeten "
                "{table} zijn."
            ).format(name=name, table=table.value)
        )
    return definition


def all_table_definitions() -> tuple[TableDefinition, ...]:
    """All three table definitions, in `TableCode` order (validates every file)."""
    return tuple(table_definition(t) for t in TableCode)


def areas() -> tuple[Area, ...]:
    """The wijken and dorpen, in the order of common.toml."""
    return _common().areas


def area_names() -> tuple[str, ...]:
    """Just the names of `areas()`, for pick lists and validation."""
    return tuple(a.name for a in _common().areas)


def partner_types() -> tuple[PartnerType, ...]:
    return _common().partner_types


def handover_organisations() -> tuple[Organisation, ...]:
    """Organisations a case can be handed over to (ZVH, RIEC, Veilig Thuis, care, ...)."""
    return _common().handover_organisations


def handover_organisation(code: str) -> Organisation:
    for org in _common().handover_organisations:
        if org.code == code:
            return org
    raise CatalogueError(_("Onbekende organisatie voor overdracht: {code}.").format(code=code))


def clear_cache() -> None:
    """Forget the loaded catalogues, so the next call reads the files again."""
    _common.cache_clear()
    table_definition.cache_clear()
