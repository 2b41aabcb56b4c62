"""The calendar file goes to phones and mail servers: a place naming a subject is refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from casustafel.db.vault import Vault
from casustafel.domain.model import NewCase, NewSubject, Person, SubjectKind, SubjectRole, TableCode
from casustafel.errors import ValidationError
from casustafel.services import cases, sittings
from casustafel.services.calendar import export_ics
from casustafel.services.sitting_values import SittingPlan

NEXT_WEEK = dt.date.today() + dt.timedelta(days=7)


def _sitting(vault: Vault, place: str) -> int:
    case_id = cases.register_case(
        vault,
        NewCase(
            table=TableCode.WO,
            registered_on=dt.date.today() - dt.timedelta(days=10),
            area="Emmerhout",
            subjects=(
                NewSubject(
                    SubjectKind.PERSOON,
                    SubjectRole.VEROORZAKER,
                    person=Person(surname="Quastenbroek", given_names="Xylofoonia"),
                ),
            ),
        ),
    )
    sitting_id = sittings.plan_sitting(vault, SittingPlan(TableCode.WO, NEXT_WEEK, place=place))
    sittings.add_case_item(vault, sitting_id, case_id)
    return sitting_id


def test_a_place_naming_a_subject_is_refused(vault: Vault, tmp_path: Path) -> None:
    _sitting(vault, "Huiskamer van Quastenbroek")
    with pytest.raises(ValidationError, match="vergaderplaats"):
        export_ics(vault, tmp_path / "zittingen.ics")
    assert not (tmp_path / "zittingen.ics").exists()


def test_an_office_address_is_a_place(vault: Vault, tmp_path: Path) -> None:
    _sitting(vault, "Raadhuisplein 1, 7811 AP Emmen")
    assert export_ics(vault, tmp_path / "zittingen.ics") == 1
    assert "Raadhuisplein" in (tmp_path / "zittingen.ics").read_text(encoding="utf-8")
