"""Case data with distinctive personal text, inserted as ORM rows (shared by the AVG tests)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casustafel.db import models
from casustafel.db.vault import Vault

NOW = dt.datetime(2026, 11, 23, 10, 0)

# Every string here is personal text that destruction must remove from every file.
NAME = "Quirinus Zwavelstokkenmaker"
SURNAME = "Zwavelstokkenmaker"
BSN = "111222333"
STREET = "Kwikstaartsingel"
SECRETS = (
    SURNAME,
    STREET,
    "Notitievanbuurman",
    "Signaaltekstuniek",
    "Interventiehulpverlening",
    "Escalatiereden",
    "Agendavraagtekst",
    "Afspraakwatdan",
    "Samenvattingtekst",
    "Besluitzondernaam",
)


@dataclass(frozen=True)
class Made:
    case_id: int
    subject_id: int
    shared_subject_id: int
    stat_record_id: int
    signal_id: int


def make_case(
    vault: Vault,
    *,
    number: str = "WO-2023-0001",
    closed_on: dt.date | None = dt.date(2023, 6, 1),
    hold: str = "",
    shared_subject_id: int | None = None,
    secrets: tuple[str, ...] = SECRETS,
    seq: int = 1,
) -> Made:
    """A closed woonoverlast case with a subject, history, notes, signal, sitting and agreement."""
    (
        surname,
        street,
        note,
        signal_text,
        intervention,
        reason,
        question,
        what,
        summary,
        decision,
    ) = secrets
    with vault.unit_of_work() as uow:
        s = uow.session
        stat = models.StatRecord(
            kind="case",
            table_code="WO",
            area="Emmerhout",
            registered_month="2023-01",
            closed_month="2023-06",
            lead_time_days=151,
            highest_step="KEUKENTAFEL",
            outcome="verminderd",
        )
        subject = models.Subject(
            kind="persoon",
            surname=surname,
            given_names="Quirinus",
            bsn=BSN,
            birth_date=dt.date(1971, 2, 3),
            street=street,
            house_number="17",
            postcode="7811 AB",
            city="Emmen",
            phone="0612345678",
            created_at=NOW,
            updated_at=NOW,
        )
        if shared_subject_id is None:
            shared = models.Subject(
                kind="persoon", surname="Gedeeldveld", created_at=NOW, updated_at=NOW
            )
            s.add(shared)
        s.add_all([stat, subject])
        s.flush()
        shared_id = shared_subject_id if shared_subject_id is not None else shared.id
        case = models.Case(
            number=number,
            table_code="WO",
            year=int(number[3:7]),
            seq=seq,
            status="afgesloten" if closed_on else "in_behandeling",
            step="KEUKENTAFEL",
            area="Emmerhout",
            label=f"Q.{surname[:2]}. (Emmerhout)",
            summary=summary,
            registered_on=dt.date(2023, 1, 5),
            closed_on=closed_on,
            close_reason=f"{summary} gesloten",
            retention_hold_reason=hold,
            stat_record_id=stat.id,
            created_at=NOW,
        )
        s.add(case)
        s.flush()
        s.add_all(
            [
                models.CaseSubject(case_id=case.id, subject_id=subject.id, role="veroorzaker"),
                models.CaseSubject(case_id=case.id, subject_id=shared_id, role="melder"),
                models.CaseEvent(
                    case_id=case.id,
                    kind="stap",
                    occurred_on=dt.date(2023, 2, 1),
                    recorded_at=NOW,
                    recorded_by="Test",
                    reason=reason,
                    to_step="KEUKENTAFEL",
                ),
                models.Intervention(
                    case_id=case.id,
                    type_code="keukentafelgesprek",
                    domain="sociaal",
                    start_date=dt.date(2023, 2, 2),
                    status="afgerond",
                    description=intervention,
                    outcome=intervention,
                    created_at=NOW,
                    updated_at=NOW,
                ),
                models.Note(case_id=case.id, written_at=NOW, author="Test", text=note),
            ]
        )
        signal = models.Signal(
            table_code="WO",
            received_on=dt.date(2023, 1, 2),
            source="politie",
            description=signal_text,
            subject_id=subject.id,
            status="gewogen",
            weighed_on=dt.date(2023, 1, 4),
            case_id=case.id,
            created_at=NOW,
        )
        sitting = models.Sitting(
            table_code="WO", year=2023, seq=seq, starts_at=dt.datetime(2023, 3, 1, 9, 30)
        )
        s.add_all([signal, sitting])
        s.flush()
        item = models.AgendaItem(
            sitting_id=sitting.id,
            position=1,
            section="lopend",
            kind="case",
            case_id=case.id,
            title=f"{number} Q.Z.",
            question=question,
            decision=decision,
        )
        s.add(item)
        s.flush()
        s.add(
            models.Agreement(
                case_id=case.id,
                sitting_id=sitting.id,
                agenda_item_id=item.id,
                what=what,
                partner="politie",
                condition=what,
                created_at=NOW,
            )
        )
        return Made(case.id, subject.id, shared_id, stat.id, signal.id)


def make_loose_signal(
    vault: Vault, *, weighed_on: dt.date | None, text: str = "Losmeldingtekst", table: str = "OM"
) -> tuple[int, int]:
    """A weighed signal not taken up (no case), with its own subject."""
    with vault.unit_of_work() as uow:
        subject = models.Subject(
            kind="persoon", surname="Losmelder", created_at=NOW, updated_at=NOW
        )
        uow.session.add(subject)
        uow.session.flush()
        signal = models.Signal(
            table_code=table,
            received_on=dt.date(2024, 1, 2),
            description=text,
            subject_id=subject.id,
            status="gewogen" if weighed_on else "wacht_op_weging",
            weighing_outcome="geen_actie" if weighed_on else "",
            weighed_on=weighed_on,
            destroy_after=None,
            created_at=NOW,
        )
        uow.session.add(signal)
        uow.session.flush()
        return signal.id, subject.id
