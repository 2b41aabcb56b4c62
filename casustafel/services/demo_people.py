"""Synthetic people, homes and organisations for demo vaults (Faker `nl_NL`, seeded).

Every value is valid by the vault's own rules: BSNs pass the elfproef, postcodes are
Emmen-like `78xx AB`, house numbers and birth dates are plausible. A share of the people
and homes is reused across cases (and tables), so that "also known in" has something to
show. Nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from faker import Faker

from casustafel.domain import catalogue, names
from casustafel.domain.model import Address, NewSubject, Person, SubjectKind, SubjectRole

__all__ = ["AREA_POSTCODES", "PeoplePool", "random_bsn"]

# Postcode number ranges per area (as in Emmen: 781x–788x), so that the data looks local.
AREA_POSTCODES: dict[str, tuple[int, int]] = {
    "Emmen-Centrum": (7811, 7811),
    "Emmermeer": (7812, 7812),
    "Emmerhout": (7814, 7814),
    "Emmerschans": (7813, 7813),
    "Angelslo": (7815, 7815),
    "Bargeres": (7823, 7823),
    "Rietlanden": (7811, 7811),
    "Parc Sandur": (7811, 7811),
    "Delftlanden": (7812, 7812),
    "Noordbarge": (7824, 7824),
    "Zuidbarge": (7826, 7826),
    "Westenesch": (7822, 7822),
    "Barger-Oosterveld": (7821, 7821),
    "Barger-Compascuum": (7884, 7884),
    "Emmer-Compascuum": (7881, 7881),
    "Erica": (7887, 7887),
    "Klazienaveen": (7891, 7892),
    "Nieuw-Amsterdam": (7833, 7833),
    "Nieuw-Dordrecht": (7831, 7831),
    "Nieuw-Schoonebeek": (7766, 7766),
    "Nieuw-Weerdinge": (7844, 7844),
    "Roswinkel": (7895, 7895),
    "Schoonebeek": (7761, 7761),
    "Veenoord": (7831, 7831),
    "Weerdinge": (7845, 7845),
    "Weiteveen": (7765, 7765),
    "Zwartemeer": (7894, 7894),
    "Buitengebied": (7817, 7817),
}
_VILLAGES_IN_EMMEN = frozenset(
    {"Emmen-Centrum", "Emmermeer", "Emmerhout", "Emmerschans", "Angelslo", "Bargeres",
     "Rietlanden", "Parc Sandur", "Delftlanden", "Noordbarge", "Zuidbarge", "Westenesch",
     "Buitengebied"}
)  # fmt: skip
_LETTERS = "ABCDEFGHJKLMNPRTVWXZ"  # no SA/SD/SS can arise: S is left out
_ADDITIONS = ("", "", "", "", "", "A", "B", "-1", "-2", "-BIS")


def random_bsn(rng: random.Random) -> str:
    """A random nine-digit number that passes the elfproef (never a real person's on purpose)."""
    while True:
        digits = [rng.randrange(10) for _ in range(8)]
        if digits[0] == 0 and digits[1] == 0:
            continue
        total = sum(d * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2), strict=True))
        check = total % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)


@dataclass(frozen=True, slots=True)
class Home:
    area: str
    address: Address


class PeoplePool:
    """Deterministic source of persons, homes and organisations for one demo run."""

    def __init__(self, seed: int, today: dt.date) -> None:
        self.rng = random.Random(f"people-{seed}")  # noqa: S311 (synthetic data, seeded on purpose)
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(seed)
        self.today = today
        self._persons: list[NewSubject] = []
        self._homes: dict[str, list[Home]] = {}
        self._streets: dict[str, list[str]] = {}
        self._bsns: set[str] = set()
        self._places: dict[tuple[str, str], Home] = {}
        self.areas = tuple(a for a in catalogue.area_names() if a in AREA_POSTCODES)

    def pick_area(self) -> str:
        # The town's big wijken carry most cases; villages fewer.
        weights = [5 if a in _VILLAGES_IN_EMMEN else 2 for a in self.areas]
        return self.rng.choices(self.areas, weights)[0]

    def _street(self, area: str) -> str:
        streets = self._streets.setdefault(area, [])
        if len(streets) < 12 or self.rng.random() < 0.1:
            streets.append(self.fake.street_name())
        return self.rng.choice(streets)

    def home(self, area: str, *, reuse: float = 0.05) -> Home:
        """A home in `area`; now and then one already used in another case."""
        homes = self._homes.setdefault(area, [])
        if homes and self.rng.random() < reuse:
            return self.rng.choice(homes)
        low, high = AREA_POSTCODES[area]
        postcode = (
            f"{self.rng.randint(low, high)} {self.rng.choice(_LETTERS)}{self.rng.choice(_LETTERS)}"
        )
        number = f"{self.rng.randint(1, 180)}{self.rng.choice(_ADDITIONS)}"
        city = "Emmen" if area in _VILLAGES_IN_EMMEN else area
        # The same postcode and number is the same home (as the vault matches addresses).
        if (postcode, number) in self._places:
            return self._places[(postcode, number)]
        home = Home(area, Address(self._street(area), number, postcode, city))
        self._places[(postcode, number)] = home
        homes.append(home)
        return home

    def person(self, role: SubjectRole, home: Home | None, *, reuse: float = 0.06) -> NewSubject:
        """A person with this role; now and then one who is already known in another case."""
        if self._persons and self.rng.random() < reuse:
            known = self.rng.choice(self._persons)
            return NewSubject(SubjectKind.PERSOON, role, known.person, known.address)
        prefix, surname = names.split_surname(self.fake.last_name())
        female = self.rng.random() < 0.45
        given = self.fake.first_name_female() if female else self.fake.first_name_male()
        if self.rng.random() < 0.3:
            given += " " + (
                self.fake.first_name_female() if female else self.fake.first_name_male()
            )
        age_days = self.rng.randint(17 * 365, 82 * 365)
        person = Person(
            surname=surname,
            prefix=prefix,
            given_names=given,
            birth_date=self.today - dt.timedelta(days=age_days),
            bsn=self._new_bsn() if self.rng.random() < 0.7 else "",
            phone=f"06{self.rng.randint(10_000_000, 99_999_999)}"
            if self.rng.random() < 0.5
            else "",
        )
        subject = NewSubject(
            SubjectKind.PERSOON, role, person, home.address if home is not None else Address()
        )
        self._persons.append(subject)
        return subject

    def _new_bsn(self) -> str:
        # Unique: two different demo people must never share a BSN.
        while (bsn := random_bsn(self.rng)) in self._bsns:
            pass
        self._bsns.add(bsn)
        return bsn

    def address_subject(self, home: Home) -> NewSubject:
        return NewSubject(SubjectKind.ADRES, SubjectRole.BETROKKENE, address=home.address)

    def organisation(self, home: Home) -> NewSubject:
        kind = self.rng.choice(
            ("B.V.", "Shisha Lounge", "Nagelstudio", "Autobedrijf", "Barbershop", "Minimarkt")
        )
        base = self.fake.last_name().split()[-1]
        name = f"{base} {kind}" if kind == "B.V." else f"{kind} {base}"
        return NewSubject(
            SubjectKind.ORGANISATIE,
            SubjectRole.EIGENAAR,
            address=home.address,
            organisation_name=name,
        )
