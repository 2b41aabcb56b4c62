"""The repositories on a real vault: subject matching, case numbering, frozen conversions."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casustafel.db import models
from casustafel.db.repositories import cases as case_repo
from casustafel.db.repositories import convert
from casustafel.db.repositories import subjects as subject_repo
from casustafel.db.vault import Vault
from casustafel.domain import model as dm
from casustafel.errors import SubjectConflictError
from casustafel.services.cases import register_case
from casustafel.services.signals import intake_signal

NOW = dt.datetime(2026, 3, 2, 9, 30)
BSN_A = "111222333"
BSN_B = "123456782"
NO_ADDRESS = dm.Address()


def person(
    surname: str = "Vries",
    prefix: str = "de",
    given: str = "Jan",
    birth: dt.date | None = dt.date(1980, 1, 1),
    bsn: str = "",
    phone: str = "",
    address: dm.Address = NO_ADDRESS,
) -> dm.NewSubject:
    return subject_repo.normalise_subject(
        dm.NewSubject(
            kind=dm.SubjectKind.PERSOON,
            person=dm.Person(
                surname=surname,
                prefix=prefix,
                given_names=given,
                birth_date=birth,
                bsn=bsn,
                phone=phone,
            ),
            address=address,
        ),
        today=NOW.date(),
    )


def store(vault: Vault, subject: dm.NewSubject) -> int:
    with vault.unit_of_work() as uow:
        row, new = subject_repo.find_or_create(uow.session, subject, NOW)
        assert new
        return row.id


def match(vault: Vault, subject: dm.NewSubject) -> int | None:
    with vault.unit_of_work() as uow:
        found = subject_repo.find_match(uow.session, subject)
        bulk = subject_repo.SubjectMatcher(uow.session)._match(subject)
        # The bulk matcher of the importer must agree with the one-by-one query.
        assert bulk == (found.id if found is not None else None)
        return found.id if found is not None else None


# --- subject matching -------------------------------------------------------------------------


def test_same_bsn_is_the_same_person_whatever_the_name(vault: Vault) -> None:
    stored = store(vault, person(bsn=BSN_A))
    assert match(vault, person(surname="Vries-Bakker", given="Johannes", bsn=BSN_A)) == stored
    assert match(vault, person(surname="Jansen", birth=None, bsn="1112.22.333")) == stored


def test_same_name_and_birth_date_ignoring_case_and_spaces(vault: Vault) -> None:
    stored = store(vault, person(given="Jan  Pieter"))
    assert match(vault, person(prefix="De", surname="VRIES", given="jan pieter")) == stored
    assert match(vault, person(given="Jan Pieter", birth=dt.date(1980, 1, 2))) is None
    assert match(vault, person(given="Jan Pieter", birth=None)) is None  # no birth date: no match
    assert match(vault, person(given="Jan Paul")) is None


def test_a_different_bsn_on_record_means_a_different_person(vault: Vault) -> None:
    store(vault, person(bsn=BSN_A))
    assert match(vault, person(bsn=BSN_B)) is None
    without = store(vault, person(surname="Smit"))
    assert match(vault, person(surname="Smit", bsn=BSN_B)) == without  # no BSN on record


def test_address_by_postcode_and_house_number(vault: Vault) -> None:
    def address(street: str, number: str, postcode: str) -> dm.NewSubject:
        return subject_repo.normalise_subject(
            dm.NewSubject(
                kind=dm.SubjectKind.ADRES,
                address=dm.Address(street=street, house_number=number, postcode=postcode),
            )
        )

    stored = store(vault, address("Houtweg", "12", "7823 PA"))
    assert match(vault, address("Houtweg (typo)", "12", "7823pa")) == stored
    assert match(vault, address("Houtweg", "12-A", "7823 PA")) is None
    assert match(vault, address("Houtweg", "12", "7823 PB")) is None


def test_organisation_by_name(vault: Vault) -> None:
    def organisation(name: str) -> dm.NewSubject:
        return dm.NewSubject(kind=dm.SubjectKind.ORGANISATIE, organisation_name=name)

    stored = store(vault, organisation("Stichting De Horizon"))
    assert match(vault, organisation("stichting  de horizon")) == stored
    assert match(vault, organisation("Stichting Horizon")) is None


def test_a_match_fills_blanks_and_never_overwrites(vault: Vault) -> None:
    stored = store(vault, person(phone="0612345678"))
    home = dm.Address(street="Houtweg", house_number="12", postcode="7823 PA", city="Emmen")
    with vault.unit_of_work() as uow:
        row, new = subject_repo.find_or_create(
            uow.session, person(bsn=BSN_A, phone="0698765432", address=home), NOW
        )
        assert (row.id, new) == (stored, False)
        assert row.bsn == BSN_A and row.phone == "0612345678"
        assert (row.street, row.postcode) == ("Houtweg", "7823 PA")
    with vault.unit_of_work() as uow:
        other = dm.Address(street="Kerkstraat", house_number="1", postcode="7811 AB")
        row, _new = subject_repo.find_or_create(uow.session, person(address=other), NOW)
        assert row.street == "Houtweg"  # an address is taken over only as a whole


def test_signal_intake_matches_through_the_repository(vault: Vault) -> None:
    stored = store(vault, person(bsn=BSN_A))
    signal = intake_signal(
        vault,
        dm.NewSignal(
            table=dm.TableCode.OM,
            received_on=dt.date(2026, 1, 5),
            description="Signaal",
            subject=dm.NewSubject(
                kind=dm.SubjectKind.PERSOON, person=dm.Person(surname="Vries", bsn=BSN_A)
            ),
        ),
    )
    with vault.unit_of_work() as uow:
        row = uow.session.get(models.Signal, signal)
        assert row is not None and row.subject_id == stored
    # Another name with the same BSN is a conflict: refused, never linked silently.
    other = dm.NewSubject(kind=dm.SubjectKind.PERSOON, person=dm.Person(surname="X", bsn=BSN_A))
    with pytest.raises(SubjectConflictError):
        intake_signal(
            vault,
            dm.NewSignal(dm.TableCode.OM, dt.date(2026, 1, 5), description="2", subject=other),
        )


names = st.sampled_from(["Vries", "vries", "Bakker", "Smit"])
prefixes = st.sampled_from(["", "de", "De", "van der"])
givens = st.sampled_from(["Jan", "jan", "Piet"])
births = st.sampled_from([None, dt.date(1980, 1, 1), dt.date(1990, 5, 6)])
bsns = st.sampled_from(["", BSN_A, BSN_B])


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    stored=st.lists(st.tuples(names, prefixes, givens, births, bsns), min_size=1, max_size=4),
    probe=st.tuples(names, prefixes, givens, births, bsns),
)
def test_bulk_matcher_agrees_with_the_query(
    vault: Vault,
    stored: list[tuple[str, str, str, dt.date | None, str]],
    probe: tuple[str, str, str, dt.date | None, str],
) -> None:
    with vault.unit_of_work() as uow:
        for surname, prefix, given_names, birth, bsn in stored:
            uow.session.add(
                subject_repo.new_row(person(surname, prefix, given_names, birth, bsn), NOW)
            )
        uow.session.flush()
        subject = person(*probe)
        found = subject_repo.find_match(uow.session, subject)
        bulk = subject_repo.SubjectMatcher(uow.session)._match(subject)
        assert bulk == (found.id if found is not None else None)
        uow.session.rollback()  # every example starts from an empty table


# --- case numbering ---------------------------------------------------------------------------


def new_case(vault: Vault, table: dm.TableCode, on: dt.date) -> str:
    case_id = register_case(vault, dm.NewCase(table=table, registered_on=on))
    with vault.unit_of_work() as uow:
        row = case_repo.get_row(uow.session, case_id)
        assert row is not None
        return row.number


def test_numbers_run_per_table_and_year_and_restart_in_a_new_year(vault: Vault) -> None:
    WO, OM = dm.TableCode.WO, dm.TableCode.OM  # noqa: N806
    assert new_case(vault, WO, dt.date(2025, 12, 30)) == "WO-2025-0001"
    assert new_case(vault, WO, dt.date(2025, 12, 31)) == "WO-2025-0002"
    assert new_case(vault, WO, dt.date(2026, 1, 1)) == "WO-2026-0001"  # new year: from 1
    assert new_case(vault, OM, dt.date(2026, 1, 1)) == "OM-2026-0001"  # own table: own count
    assert new_case(vault, WO, dt.date(2026, 1, 2)) == "WO-2026-0002"
    # A case registered late, dated in the old year, continues the old year's count.
    assert new_case(vault, WO, dt.date(2025, 11, 1)) == "WO-2025-0003"
    with vault.unit_of_work() as uow:
        assert case_repo.next_seq(uow.session, WO, 2025) == 4
        assert case_repo.next_seq(uow.session, dm.TableCode.MH, 2026) == 1


def test_number_format() -> None:
    assert case_repo.format_number(dm.TableCode.MH, 2026, 3) == "MH-2026-0003"
    assert case_repo.format_number(dm.TableCode.WO, 2026, 12345) == "WO-2026-12345"


# --- conversion to frozen values --------------------------------------------------------------


def test_rows_become_frozen_values_with_the_same_content(vault: Vault) -> None:
    home = dm.Address(street="Houtweg", house_number="12", postcode="7823 PA", city="Emmen")
    subject = dataclasses.replace(person(bsn=BSN_A, phone="0612345678", address=home))
    case_id = register_case(
        vault,
        dm.NewCase(
            table=dm.TableCode.WO,
            registered_on=dt.date(2026, 1, 5),
            area="Emmerhout",
            tenure=dm.Tenure.HUUR,
            lead_partner="gemeente",
            summary="Samenvatting",
            subjects=(dataclasses.replace(subject, role=dm.SubjectRole.VEROORZAKER),),
        ),
    )
    with vault.unit_of_work() as uow:
        row = case_repo.get_row(uow.session, case_id)
        assert row is not None
        header = convert.to_header(row)
        (linked,) = case_repo.case_subjects(uow.session, case_id)
        (event,) = case_repo.events(uow.session, case_id)
        summaries = case_repo.summaries(uow.session, table=dm.TableCode.WO)
    # Read after the transaction: plain values, no lazy loading from a closed session.
    assert (header.number, header.table, header.tenure, header.area) == (
        "WO-2026-0001",
        dm.TableCode.WO,
        dm.Tenure.HUUR,
        "Emmerhout",
    )
    assert header.label == "J.d.V. (Emmerhout)" and header.summary == "Samenvatting"
    assert linked.role is dm.SubjectRole.VEROORZAKER
    assert linked.subject.person == subject.person and linked.subject.address == home
    assert event.kind is dm.EventKind.REGISTRATIE and event.case_id == case_id
    assert [s.id for s in summaries] == [case_id]
    assert not hasattr(summaries[0], "summary")  # the list row carries no free text
    for value in (header, linked, linked.subject, linked.subject.person, event, summaries[0]):
        assert dataclasses.is_dataclass(value)
        first = dataclasses.fields(value)[0].name
        # Python 3.11's frozen slots classes refuse with TypeError (the generated
        # __setattr__'s super() points at the class before slots were added).
        with pytest.raises((dataclasses.FrozenInstanceError, TypeError)):
            setattr(value, first, None)
        assert getattr(value, first) is not None


def test_event_draft_round_trip(vault: Vault) -> None:
    case_id = register_case(
        vault, dm.NewCase(table=dm.TableCode.WO, registered_on=dt.date(2026, 1, 5))
    )
    draft = dm.EventDraft(
        kind=dm.EventKind.STAP,
        occurred_on=dt.date(2026, 2, 1),
        recorded_by="Test",
        reason="Reden",
        from_step="MELDING",
        to_step="GEDRAGSAANWIJZING",
        motivation="Geschikt, noodzakelijk, evenwichtig",
        decision_reference="Z-1",
    )
    with vault.unit_of_work() as uow:
        stored = case_repo.append_event(uow.session, case_id, draft, NOW)
        uow.session.rollback()
    assert stored == draft.to_event(stored.id, case_id)


def test_signal_conversion(vault: Vault) -> None:
    signal_id = intake_signal(
        vault,
        dm.NewSignal(
            table=dm.TableCode.MH,
            received_on=dt.date(2026, 1, 5),
            source="Politie",
            description="Vermoeden",
            area="Bargeres",
        ),
    )
    with vault.unit_of_work() as uow:
        row = uow.session.get(models.Signal, signal_id)
        assert row is not None
        value = convert.to_signal(row)
    assert value == dm.Signal(
        id=signal_id,
        table=dm.TableCode.MH,
        received_on=dt.date(2026, 1, 5),
        source="Politie",
        description="Vermoeden",
        status=dm.SignalStatus.WACHT_OP_WEGING,
        area="Bargeres",
    )
