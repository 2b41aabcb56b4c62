"""Tests of the besluitenlijst in both variants and of the action list per partner."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pypdf
import pytest

from casustafel.errors import ValidationError
from casustafel.reports.decisions import (
    DecisionsDocument,
    build_action_list,
    build_decisions_chair,
    build_decisions_distributed,
    write_action_list,
    write_decisions,
)
from casustafel.reports.sitting_data import Agreement, Variant

from .conftest import PERSONAL_STRINGS, PRINTED_ON


def _read(data: bytes) -> tuple[str, dict[str, str], int]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    meta = {k: str(v) for k, v in (reader.metadata or {}).items()}
    return text, meta, len(reader.pages)


def _assert_no_personal_data(text: str) -> None:
    assert [s for s in PERSONAL_STRINGS if s.casefold() in text.casefold()] == []


def test_distributed_decisions_hold_no_personal_data(decisions: DecisionsDocument) -> None:
    text, meta, pages = _read(
        build_decisions_distributed(decisions.distributed(), printed_on=PRINTED_ON)
    )
    _assert_no_personal_data(text)
    _assert_no_personal_data(" ".join(meta.values()))
    for expected in (
        "Besluitenlijst casustafel Woonoverlast",
        "Verspreidversie",
        "1. WO-2026-0051 Q.v.d.K. (Angelslo)",
        "2. WO-2026-0042 J.W. (Emmerhout)",
        "De tafel steunt het voornemen tot een gedragsaanwijzing.",
        "5 WAARSCHUWING → 6 VOORNEMEN",  # step change
        "Huurachterstand bespreken",  # agreement: what
        "30-04-2026",  # due date
        "als de overlast aanhoudt",  # condition
        "28-04-2026",  # returns on
        "Aanwezig Politie, Lefier, GGZ Drenthe",
        "Afwezig Wijkteam Emmerhout",
        "Voor: Alle deelnemers",
        f"pagina 1 van {pages}",
        "VERTROUWELIJK",
    ):
        assert expected in text
    assert meta["/Title"] == "Besluitenlijst casustafel Woonoverlast, zitting 2026-14"
    assert meta["/Author"] == "Casustafel"


def test_chair_decisions_list_the_subjects(decisions: DecisionsDocument) -> None:
    text, meta, _ = _read(build_decisions_chair(decisions, printed_on=PRINTED_ON))
    for expected in ("Voorzittersversie", "Voor: Voorzitter", "111222333", "Kikkerbeetstraat"):
        assert expected in text
    assert "Wałęsa" in text
    _assert_no_personal_data(" ".join(meta.values()))


def test_partner_copy_holds_only_items_the_partner_is_in(decisions: DecisionsDocument) -> None:
    text, _, _ = _read(
        build_decisions_distributed(
            decisions.distributed(), printed_on=PRINTED_ON, partner="Wijkteam Emmerhout"
        )
    )
    assert "WO-2026-0051" in text  # has an agreement there, though not present
    assert "WO-2026-0042" not in text
    assert "Voor: Wijkteam Emmerhout" in text
    lefier, _, _ = _read(
        build_decisions_distributed(
            decisions.distributed(), printed_on=PRINTED_ON, partner="Lefier"
        )
    )
    assert "WO-2026-0042" in lefier
    assert "WO-2026-0051" not in lefier


def test_action_list_groups_agreements_by_partner(decisions: DecisionsDocument) -> None:
    text, meta, _ = _read(build_action_list(decisions.distributed(), printed_on=PRINTED_ON))
    _assert_no_personal_data(text)
    assert meta["/Title"] == "Actielijst casustafel Woonoverlast, zitting 2026-14"
    # Partners in alphabetical order, each with its own agreements.
    gemeente = text.index("1. Gemeente Emmen")
    lefier = text.index("2. Lefier")
    wijkteam = text.index("3. Wijkteam Emmerhout")
    assert gemeente < text.index("Voornemen gedragsaanwijzing opstellen") < lefier
    assert lefier < text.index("Huurachterstand bespreken") < wijkteam
    assert wijkteam < text.index("Keukentafelgesprek plannen")
    assert "Q.v.d.K." not in text  # the action list names cases by number only


def test_action_list_for_one_partner(decisions: DecisionsDocument) -> None:
    text, _, _ = _read(
        build_action_list(decisions.distributed(), printed_on=PRINTED_ON, partner="Lefier")
    )
    assert "Huurachterstand bespreken" in text
    assert "Keukentafelgesprek plannen" not in text
    assert "Voornemen gedragsaanwijzing opstellen" not in text
    assert "Voor: Lefier" in text
    politie, _, _ = _read(
        build_action_list(decisions.distributed(), printed_on=PRINTED_ON, partner="Politie")
    )
    assert "Geen afspraken uit deze zitting." in politie
    with pytest.raises(ValidationError, match="niet uitgenodigd"):
        build_action_list(decisions.distributed(), printed_on=PRINTED_ON, partner="RIEC")


def test_an_agreement_naming_a_subject_is_refused(decisions: DecisionsDocument) -> None:
    first = decisions.items[1]
    bad = dataclasses.replace(
        first, agreements=(Agreement("Gesprek met Quartermaine over de tuin", "Lefier"),)
    )
    document = dataclasses.replace(decisions, items=(decisions.items[0], bad))
    with pytest.raises(ValidationError, match="WO-2026-0042 noemt een naam"):
        document.distributed()


def test_write_both_variants_and_the_action_list(
    decisions: DecisionsDocument, tmp_path: Path
) -> None:
    for variant in Variant:
        path = write_decisions(
            tmp_path / f"{variant}.pdf", decisions, variant, printed_on=PRINTED_ON
        )
        assert variant.label in _read(path.read_bytes())[0]
    write_action_list(tmp_path / "acties.pdf", decisions, printed_on=PRINTED_ON)
    with pytest.raises(ValidationError):
        write_decisions(
            tmp_path / "x.pdf",
            decisions,
            Variant.VOORZITTER,
            printed_on=PRINTED_ON,
            partner="Lefier",
        )
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["acties.pdf", "verspreid.pdf", "voorzitter.pdf"]


def test_empty_decisions_list(decisions: DecisionsDocument) -> None:
    empty = dataclasses.replace(decisions, items=())
    text, _, _ = _read(build_decisions_distributed(empty.distributed(), printed_on=PRINTED_ON))
    assert "Er zijn geen besluiten genomen." in text
    text, _, _ = _read(build_action_list(empty.distributed(), printed_on=PRINTED_ON))
    assert "Er zijn geen afspraken gemaakt." in text
