"""Tests for the packaged catalogues and the resources accessor."""

from __future__ import annotations

import copy
import tomllib
from typing import Any

import pytest

from casustafel import resources
from casustafel.domain import catalogue
from casustafel.domain.catalogue import (
    CatalogueError,
    ProcessKind,
    parse_table_definition,
    table_definition,
)
from casustafel.domain.model import CaseStatus, InterventionDomain, MhRoute, TableCode


def _raw(table: TableCode) -> tuple[dict[str, Any], dict[str, Any]]:
    return (
        copy.deepcopy(resources.load_toml(catalogue.TABLE_FILES[table])),
        copy.deepcopy(resources.load_toml("common.toml")),
    )


# --- resources accessor ---------------------------------------------------------------------


def test_read_text_and_load_toml_agree() -> None:
    text = resources.read_text("common.toml")
    assert tomllib.loads(text) == resources.load_toml("common.toml")
    assert resources.read_bytes("common.toml").decode("utf-8") == text


def test_path_of_yields_a_real_file() -> None:
    with resources.path_of("woonoverlast.toml") as path:
        assert path.is_file()
        assert path.read_text(encoding="utf-8") == resources.read_text("woonoverlast.toml")


def test_exists() -> None:
    assert resources.exists("mensenhandel.toml")
    assert not resources.exists("bestaat-niet.toml")


@pytest.mark.parametrize("name", ["../pyproject.toml", "/etc/passwd", ""])
def test_names_outside_the_package_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match="ongeldige resourcenaam"):
        resources.read_text(name)


def test_stylesheet_adds_suffix_and_reports_a_missing_sheet() -> None:
    with pytest.raises(FileNotFoundError, match=r"geen-thema\.qss"):
        resources.stylesheet("geen-thema")


# --- the packaged tables --------------------------------------------------------------------


def test_all_three_tables_load_with_their_prefix() -> None:
    for table in TableCode:
        definition = table_definition(table)
        assert definition.code is table
        assert definition.case_prefix == table.value
        assert definition.partners
        assert definition.closing_outcomes


def test_woonoverlast_ladder_matches_domain() -> None:
    wo = table_definition(TableCode.WO)
    assert wo.process is ProcessKind.LADDER
    numbered = [s for s in wo.steps if s.number is not None]
    assert [s.number for s in numbered] == list(range(12))
    assert [s.code for s in wo.steps][:5] == [
        "MELDING",
        "ONDERZOEK",
        "BEMIDDELING",
        "KEUKENTAFEL",
        "CASUSTAFEL",
    ]
    assert {s.number for s in wo.steps if s.needs_motivation} == {7, 8, 9, 10}
    assert [s.code for s in wo.steps if s.huur_only] == ["ONTBINDING"]
    assert wo.steps[-1].code == "NAZORG" and wo.steps[-1].aftercare
    assert wo.initial_step.code == "MELDING"
    assert wo.step("GEDRAGSAANWIJZING").display == "7 Gedragsaanwijzing"


def test_ondermijning_phases_and_four_weighing_outcomes() -> None:
    om = table_definition(TableCode.OM)
    assert om.process is ProcessKind.PHASES
    assert [s.code for s in om.steps] == [
        "SIGNAAL",
        "WEGING",
        "ANALYSE",
        "CASUSTAFEL",
        "INTERVENTIES",
        "EVALUATIE",
    ]
    assert len(om.weighing_outcomes) == 4
    no_action = om.weighing_outcome("geen_actie")
    assert no_action.leads_to is CaseStatus.NIET_IN_BEHANDELING
    assert no_action.destroy_after_months == 12


def test_mensenhandel_routes_and_first_class_other_route() -> None:
    mh = table_definition(TableCode.MH)
    assert mh.process is ProcessKind.ROUTES
    assert not mh.has_steps
    assert [r.code for r in mh.routes] == [MhRoute.ZORG, MhRoute.STRAF, MhRoute.BESTUUR]
    other = mh.weighing_outcome("geen_mensenhandel_andere_route")
    assert other.label == "Geen mensenhandel, andere route"
    assert other.leads_to is CaseStatus.DOORVERWEZEN
    assert mh.closing_outcome("geen_mensenhandel_andere_route")
    assert {f.code for f in mh.exploitation_forms} == {
        "seksueel",
        "arbeid",
        "crimineel",
        "orgaanverwijdering",
    }
    with pytest.raises(CatalogueError, match="kent geen stappen"):
        _ = mh.initial_step


def test_partner_types_are_known_and_interventions_grouped() -> None:
    type_codes = {t.code for t in catalogue.partner_types()}
    for definition in catalogue.all_table_definitions():
        assert {p.type for p in definition.partners} <= type_codes
        grouped = definition.interventions_by_domain()
        assert list(grouped) == [d for d in InterventionDomain if d in grouped]
        assert sum(len(v) for v in grouped.values()) == len(definition.interventions)
        assert definition.closing_outcome(catalogue.HANDOVER_OUTCOME).label == "Overgedragen"
    assert table_definition(TableCode.WO).intervention("GEDRAGSAANWIJZING").domain is (
        InterventionDomain.BESTUURLIJK
    )


def test_areas_and_handover_organisations() -> None:
    names = catalogue.area_names()
    for required in ("Emmermeer", "Emmerhout", "Angelslo", "Bargeres", "Emmen-Centrum"):
        assert required in names
    assert next(a for a in catalogue.areas() if a.name == "Emmen-Centrum").note == (
        "inclusief stationsgebied"
    )
    codes = {o.code for o in catalogue.handover_organisations()}
    assert {"zvh", "riec", "veilig_thuis", "zorg"} <= codes
    assert catalogue.handover_organisation("riec").label == "RIEC Noord-Nederland"
    with pytest.raises(CatalogueError, match="Onbekende organisatie"):
        catalogue.handover_organisation("nasa")


def test_lookups_of_unknown_codes_give_dutch_messages() -> None:
    wo = table_definition(TableCode.WO)
    with pytest.raises(CatalogueError, match="kent geen stap XYZ"):
        wo.step("XYZ")
    with pytest.raises(CatalogueError, match="kent geen partner"):
        wo.partner("xyz")
    with pytest.raises(CatalogueError, match="kent geen route"):
        table_definition(TableCode.MH).route("xyz")


def test_definitions_are_cached_until_cleared() -> None:
    first = table_definition(TableCode.WO)
    assert table_definition(TableCode.WO) is first
    catalogue.clear_cache()
    again = table_definition(TableCode.WO)
    assert again is not first and again == first


# --- a municipality's broken edit ----------------------------------------------------------


def _expect_error(data: dict[str, Any], common: dict[str, Any], pattern: str) -> None:
    with pytest.raises(CatalogueError, match=pattern) as info:
        parse_table_definition(data, common, "woonoverlast.toml")
    assert info.value.message.startswith("Fout in het catalogusbestand")


def test_unknown_partner_type_is_named() -> None:
    data, common = _raw(TableCode.WO)
    data["partners"][0]["type"] = "ruimtevaart"
    _expect_error(data, common, r"partners nr\. 1.*'ruimtevaart' staat niet in common\.toml")


def test_duplicate_step_code_is_refused() -> None:
    data, common = _raw(TableCode.WO)
    data["steps"][2]["code"] = "MELDING"
    _expect_error(data, common, "'MELDING' komt twee keer voor")


def test_steps_out_of_order_are_refused() -> None:
    data, common = _raw(TableCode.WO)
    data["steps"][1]["number"], data["steps"][2]["number"] = 2, 1
    _expect_error(data, common, "nummers moeten uniek zijn en oplopen")


def test_missing_label_is_named() -> None:
    data, common = _raw(TableCode.WO)
    del data["steps"][3]["label"]
    _expect_error(data, common, r"steps nr\. 4.*'label' moet een tekst zijn")


def test_flag_must_be_boolean() -> None:
    data, common = _raw(TableCode.WO)
    data["steps"][7]["needs_motivation"] = "ja"
    _expect_error(data, common, "'needs_motivation' moet true of false zijn")


def test_unknown_intervention_domain_is_refused() -> None:
    data, common = _raw(TableCode.WO)
    data["interventions"]["sport"] = [{"code": "VOETBAL", "label": "Voetbal"}]
    _expect_error(data, common, "onbekend domein 'sport'")


def test_weighing_outcome_must_lead_to_a_weighing_status() -> None:
    data, common = _raw(TableCode.WO)
    data["weighing_outcomes"][0]["leads_to"] = "afgesloten"
    _expect_error(data, common, "'leads_to' moet geagendeerd")


def test_handover_outcome_is_required() -> None:
    data, common = _raw(TableCode.WO)
    data["closing_outcomes"] = [o for o in data["closing_outcomes"] if o["code"] != "overgedragen"]
    _expect_error(data, common, "'overgedragen' is verplicht")


def test_unknown_route_is_refused() -> None:
    data, common = _raw(TableCode.MH)
    data["routes"][0]["code"] = "fiscaal"
    with pytest.raises(CatalogueError, match="zorg, straf of bestuur"):
        parse_table_definition(data, common, "mensenhandel.toml")


def test_bad_area_kind_in_common_is_named() -> None:
    data, common = _raw(TableCode.WO)
    common["areas"][0]["kind"] = "stad"
    with pytest.raises(CatalogueError, match=r"common\.toml \(areas nr\. 1\)"):
        parse_table_definition(data, common, "woonoverlast.toml")


def test_invalid_process_kind() -> None:
    data, common = _raw(TableCode.OM)
    data["process"] = "spiraal"
    _expect_error(data, common, "'process' moet ladder, phases of routes zijn")
