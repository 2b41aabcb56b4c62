"""The core vocabulary of the product: tables, statuses, roles and the frozen values that
repositories hand to services and the UI (never live ORM objects).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class TableCode(StrEnum):
    """The three case tables; the value is the case-number prefix."""

    WO = "WO"
    OM = "OM"
    MH = "MH"

    @property
    def label(self) -> str:
        return TABLE_LABELS[self]


TABLE_LABELS: dict[TableCode, str] = {
    TableCode.WO: "Woonoverlast",
    TableCode.OM: "Ondermijning",
    TableCode.MH: "Mensenhandel",
}


class CaseStatus(StrEnum):
    """Life cycle of DOMAIN.md: aangemeld → in weging → … → afgesloten."""

    AANGEMELD = "aangemeld"
    IN_WEGING = "in_weging"
    NIET_IN_BEHANDELING = "niet_in_behandeling"
    DOORVERWEZEN = "doorverwezen"
    GEAGENDEERD = "geagendeerd"
    IN_BEHANDELING = "in_behandeling"
    NAZORG = "nazorg"
    AFGESLOTEN = "afgesloten"
    OVERGEDRAGEN = "overgedragen"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def is_closed(self) -> bool:
        return self in CLOSED_STATUSES


STATUS_LABELS: dict[CaseStatus, str] = {
    CaseStatus.AANGEMELD: "Aangemeld",
    CaseStatus.IN_WEGING: "In weging",
    CaseStatus.NIET_IN_BEHANDELING: "Niet in behandeling",
    CaseStatus.DOORVERWEZEN: "Doorverwezen",
    CaseStatus.GEAGENDEERD: "Geagendeerd",
    CaseStatus.IN_BEHANDELING: "In behandeling",
    CaseStatus.NAZORG: "Nazorg",
    CaseStatus.AFGESLOTEN: "Afgesloten",
    CaseStatus.OVERGEDRAGEN: "Overgedragen",
}

CLOSED_STATUSES = frozenset(
    {
        CaseStatus.AFGESLOTEN,
        CaseStatus.OVERGEDRAGEN,
        CaseStatus.NIET_IN_BEHANDELING,
        CaseStatus.DOORVERWEZEN,
    }
)


class Tenure(StrEnum):
    """Huur or koop decides whether the (huur) steps of the ladder apply."""

    HUUR = "huur"
    KOOP = "koop"
    ONBEKEND = "onbekend"


class SubjectKind(StrEnum):
    PERSOON = "persoon"
    ADRES = "adres"
    ORGANISATIE = "organisatie"


class SubjectRole(StrEnum):
    VEROORZAKER = "veroorzaker"
    MELDER = "melder"
    SLACHTOFFER = "slachtoffer"
    VERDACHTE = "verdachte"
    EIGENAAR = "eigenaar"
    HUURDER = "huurder"
    BEWONER = "bewoner"
    BETROKKENE = "betrokkene"


class InterventionStatus(StrEnum):
    GEPLAND = "gepland"
    LOPEND = "lopend"
    AFGEROND = "afgerond"
    GESTOPT = "gestopt"

    @property
    def is_open(self) -> bool:
        return self in (InterventionStatus.GEPLAND, InterventionStatus.LOPEND)


class InterventionDomain(StrEnum):
    SOCIAAL = "sociaal"
    ZORG = "zorg"
    BESTUURLIJK = "bestuurlijk"
    CIVIEL = "civiel"
    STRAFRECHTELIJK = "strafrechtelijk"
    FISCAAL = "fiscaal"
    INFORMATIE = "informatie"


class MhRoute(StrEnum):
    """Mensenhandel runs parallel routes instead of a ladder."""

    ZORG = "zorg"
    STRAF = "straf"
    BESTUUR = "bestuur"


class EventKind(StrEnum):
    """Kinds of entries in a case's append-only history."""

    REGISTRATIE = "registratie"
    STAP = "stap"
    STATUS = "status"
    WEGING = "weging"
    ROUTE_OPEN = "route_open"
    ROUTE_DICHT = "route_dicht"
    OVERDRACHT = "overdracht"
    HEROPEND = "heropend"
    AFGESLOTEN = "afgesloten"
    COMENSHA = "comensha"
    CORRECTIE = "correctie"


class SignalStatus(StrEnum):
    WACHT_OP_WEGING = "wacht_op_weging"
    GEWOGEN = "gewogen"


class AuditAction(StrEnum):
    """NEN 7513-style actions written to the audit log."""

    CREATE = "create"
    READ = "read"
    UPDATE = "update"
    DELETE = "delete"
    PRINT = "print"
    EXPORT = "export"
    SEARCH = "search"
    UNLOCK = "unlock"
    FAILED_UNLOCK = "failed_unlock"
    LOCK = "lock"
    DESTROY = "destroy"
    IMPORT = "import"
    CORRECT = "correct"
    ERASE = "erase"
    BACKUP = "backup"
    RESTORE = "restore"
    SETTINGS = "settings"


@dataclass(frozen=True, slots=True)
class Person:
    """Personal data of a subject; every field optional except what the kind needs."""

    surname: str = ""
    prefix: str = ""  # tussenvoegsel: van, de, van der
    given_names: str = ""
    birth_date: dt.date | None = None
    bsn: str = ""
    phone: str = ""


@dataclass(frozen=True, slots=True)
class Address:
    street: str = ""
    house_number: str = ""  # number plus addition, e.g. "12" or "12-A"
    postcode: str = ""  # normalised "1234 AB"
    city: str = ""


@dataclass(frozen=True, slots=True)
class Subject:
    """A person, address or organisation that may appear in several cases."""

    id: int
    kind: SubjectKind
    person: Person = field(default_factory=Person)
    address: Address = field(default_factory=Address)
    organisation_name: str = ""

    @property
    def display_name(self) -> str:
        if self.kind is SubjectKind.ORGANISATIE:
            return self.organisation_name
        if self.kind is SubjectKind.ADRES:
            return f"{self.address.street} {self.address.house_number}".strip()
        parts = [self.person.given_names, self.person.prefix, self.person.surname]
        return " ".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class CaseSubject:
    subject: Subject
    role: SubjectRole
    ended_on: dt.date | None = None  # the part in the case ended on this day

    @property
    def current(self) -> bool:
        return self.ended_on is None


@dataclass(frozen=True, slots=True)
class CaseSummary:
    """One row of a case list: no names, BSNs, birth dates or addresses."""

    id: int
    number: str
    table: TableCode
    status: CaseStatus
    step: str  # ladder step or phase code; for MH the active routes joined by "+"
    area: str
    label: str  # initials and area, e.g. "J.d.V. (Emmerhout)"
    lead_partner: str
    next_due: dt.date | None
    last_activity: dt.date | None
    registered_on: dt.date
    # The first planned (or running) sitting with this case on its agenda: "geagendeerd"
    # is a weighing outcome, and the list must say whether a sitting is set for it yet.
    next_sitting: dt.date | None = None

    @property
    def status_text(self) -> str:
        """The status as the case list's column shows it (as narrow as "Niet in behandeling")."""
        if self.status is not CaseStatus.GEAGENDEERD:
            return self.status.label
        if self.next_sitting is None:
            return "Geagendeerd, wacht"
        return f"Geagendeerd {self.next_sitting:%d-%m}"

    @property
    def status_sentence(self) -> str:
        """The status in full: a taken-up case says whether a sitting is set for it."""
        if self.status is not CaseStatus.GEAGENDEERD:
            return self.status.label
        if self.next_sitting is None:
            return "Geagendeerd, wacht op een zitting (staat op geen agenda)"
        return f"Geagendeerd voor de zitting van {self.next_sitting:%d-%m-%Y}"


@dataclass(frozen=True, slots=True)
class CaseEvent:
    """One entry of a case's append-only history."""

    id: int
    case_id: int
    kind: EventKind
    occurred_on: dt.date
    recorded_by: str
    reason: str = ""
    from_step: str = ""
    to_step: str = ""
    from_status: str = ""
    to_status: str = ""
    route: str = ""
    motivation: str = ""
    decision_reference: str = ""
    outcome: str = ""
    counterpart: str = (
        ""  # receiving organisation of a hand-over, partner of a CoMensha registration
    )
    sitting_id: int | None = None
    corrects_event_id: int | None = None


@dataclass(frozen=True, slots=True)
class EventDraft:
    """A history entry produced by a domain rule, before the database gives it an id.

    The rules in `ladder`, `routes` and `lifecycle` return drafts; the db layer stores one
    with `to_event(event_id, case_id)` (same field names as `CaseEvent`).
    """

    kind: EventKind
    occurred_on: dt.date
    recorded_by: str
    reason: str = ""
    from_step: str = ""
    to_step: str = ""
    from_status: str = ""
    to_status: str = ""
    route: str = ""
    motivation: str = ""
    decision_reference: str = ""
    outcome: str = ""
    counterpart: str = ""
    sitting_id: int | None = None
    corrects_event_id: int | None = None

    def to_event(self, event_id: int, case_id: int) -> CaseEvent:
        """The stored form of this draft, once it has an id and belongs to a case."""
        return CaseEvent(
            id=event_id,
            case_id=case_id,
            kind=self.kind,
            occurred_on=self.occurred_on,
            recorded_by=self.recorded_by,
            reason=self.reason,
            from_step=self.from_step,
            to_step=self.to_step,
            from_status=self.from_status,
            to_status=self.to_status,
            route=self.route,
            motivation=self.motivation,
            decision_reference=self.decision_reference,
            outcome=self.outcome,
            counterpart=self.counterpart,
            sitting_id=self.sitting_id,
            corrects_event_id=self.corrects_event_id,
        )


@dataclass(frozen=True, slots=True)
class Intervention:
    id: int
    case_id: int
    type_code: str
    domain: InterventionDomain
    partner: str
    start_date: dt.date
    due_date: dt.date | None
    status: InterventionStatus
    outcome: str = ""
    description: str = ""


@dataclass(frozen=True, slots=True)
class Note:
    id: int
    case_id: int
    written_at: dt.datetime
    author: str
    text: str


@dataclass(frozen=True, slots=True)
class Signal:
    id: int
    table: TableCode
    received_on: dt.date
    source: str
    description: str
    status: SignalStatus
    subject_id: int | None = None
    area: str = ""
    weighing_outcome: str = ""
    weighed_on: dt.date | None = None
    case_id: int | None = None
    destroy_after: dt.date | None = None


class StatKind(StrEnum):
    CASE = "case"
    SIGNAL = "signal"


@dataclass(frozen=True, slots=True)
class StatRecord:
    """Anonymous statistical record: survives destruction of the case or signal it came from.

    It deliberately holds months and durations, never exact dates, names or case numbers,
    so that no record can be tied back to a person or a case. The monitoring export reads
    only these records.
    """

    kind: StatKind
    table: TableCode
    area: str
    registered_month: str  # "YYYY-MM"; for a signal the month it was received
    closed_month: str | None = None  # case closed (any closed status); None while open
    lead_time_days: int | None = None  # registration → closing
    weighing_days: int | None = None  # signal received → weighing decision
    first_discussion_days: int | None = None  # registration → first discussion at a sitting
    highest_step: str = ""  # highest ladder step / phase reached; MH: "" (routes instead)
    routes: tuple[str, ...] = ()  # MH routes ever opened
    intervention_types: tuple[str, ...] = ()  # catalogue codes, one per intervention
    outcome: str = ""  # closing outcome, or the weighing outcome for a signal
    lead_partner_type: str = ""


# --- Values of the case use cases (services/cases.py and friends) -------------------------


@dataclass(frozen=True, slots=True)
class NewSubject:
    """A subject as entered for a new case or signal; matched to an existing one if possible.

    A person may carry an address (where they live); an address subject carries only
    `address`; an organisation only `organisation_name` (and optionally an address).
    """

    kind: SubjectKind
    role: SubjectRole = SubjectRole.BETROKKENE
    person: Person = field(default_factory=Person)
    address: Address = field(default_factory=Address)
    organisation_name: str = ""
    # The user's choice after seeing a match side by side (casustafel.domain.matching):
    # link this known subject, taking over these typed fields; or a new person although
    # name and birth date match. Neither set: only an exact match is linked.
    known_id: int | None = None
    take_over: tuple[str, ...] = ()
    new_person: bool = False


@dataclass(frozen=True, slots=True)
class NewCase:
    """What a user enters to register a case (the number is given by the vault)."""

    table: TableCode
    registered_on: dt.date
    area: str = ""
    tenure: Tenure = Tenure.ONBEKEND
    lead_partner: str = ""  # partner code of the table
    brought_in_by: str = ""  # partner code of the table
    legal_ground: str = ""  # legal-ground code of the table
    subject_informed: bool = False
    not_informed_reason: str = ""
    summary: str = ""
    subjects: tuple[NewSubject, ...] = ()
    start_step: str = ""  # WO/OM: default the table's first step
    reason: str = ""


@dataclass(frozen=True, slots=True)
class CaseHeader:
    """Everything a case record says about itself (may hold personal data: summary, label)."""

    id: int
    number: str
    table: TableCode
    status: CaseStatus
    step: str
    tenure: Tenure
    area: str
    label: str
    lead_partner: str
    brought_in_by: str
    legal_ground: str
    subject_informed: bool
    not_informed_reason: str
    summary: str
    registered_on: dt.date
    closed_on: dt.date | None
    close_reason: str
    outcome: str
    handed_over_to: str
    next_due: dt.date | None
    last_activity: dt.date | None
    flagged_for_discussion: bool = False
    comensha_registered: bool | None = None
    comensha_date: dt.date | None = None
    comensha_partner: str = ""


@dataclass(frozen=True, slots=True)
class CaseLink:
    """ "Also known in": another case that shares a subject with this one."""

    subject_id: int
    case_id: int
    number: str
    table: TableCode
    status: CaseStatus
    role: SubjectRole


@dataclass(frozen=True, slots=True)
class CaseFile:
    """A whole case as the case-file screen shows it."""

    header: CaseHeader
    subjects: tuple[CaseSubject, ...]
    events: tuple[CaseEvent, ...]
    interventions: tuple[Intervention, ...]
    notes: tuple[Note, ...]
    signals: tuple[Signal, ...]
    links: tuple[CaseLink, ...]
    active_routes: tuple[MhRoute, ...] = ()  # MH only, in MhRoute order
    list_row: CaseSummary | None = None  # its case-list row (status with the next sitting)

    @property
    def status_sentence(self) -> str:
        """The status in full (see `CaseSummary.status_sentence`)."""
        return self.list_row.status_sentence if self.list_row else self.header.status.label


class FollowUpKind(StrEnum):
    """Why a line is in the follow-up queue ("Mijn werk")."""

    INTERVENTIE_TE_LAAT = "interventie_te_laat"
    AFSPRAAK_TE_LAAT = "afspraak_te_laat"
    INTERVENTIE_VOOR_ZITTING = "interventie_voor_zitting"
    SIGNAAL_WACHT = "signaal_wacht"
    CASUS_STIL = "casus_stil"


@dataclass(frozen=True, slots=True)
class FollowUpItem:
    """One line of "Mijn werk": what needs attention, where, since or until when.

    `text` names the kind of work (an intervention type, "afspraak", ...), never a person.
    `case_id`/`signal_id` and `object_id` (intervention, agreement) let the UI open the
    right place.
    """

    kind: FollowUpKind
    table: TableCode
    due: dt.date | None
    text: str
    case_id: int | None = None
    case_number: str = ""
    signal_id: int | None = None
    object_id: int | None = None
    days: int = 0  # overdue days, waiting working days or inactive days, by kind
    # The agreement's own text (free text: may name people; masked while presenting).
    detail: str = ""
    late: bool = False  # past its limit (a signal waiting longer than the set working days)

    @property
    def key(self) -> str:
        """Stable identity of the line, for "afgehandeld" and "later" (no personal data)."""
        parts = (self.kind.value, self.case_id, self.signal_id, self.object_id)
        return ":".join("" if p is None else str(p) for p in parts)


@dataclass(frozen=True, slots=True)
class NewSignal:
    """A signal as it comes in (by hand or from a partner's list), waiting for weighing."""

    table: TableCode
    received_on: dt.date
    source: str = ""
    description: str = ""
    area: str = ""
    subject: NewSubject | None = None
