"""Dutch free texts for demo vaults: reasons, motivations, notes, summaries.

Short, plausible sentences from fixed templates (Faker's Dutch lorem is nonsense). They
hold no names: the demo's personal data lives only in the subjects.
"""

from __future__ import annotations

import random

from casustafel.domain.model import InterventionStatus, MhRoute, TableCode

__all__ = ["DemoTexts"]

_SUMMARIES: dict[TableCode, tuple[str, ...]] = {
    TableCode.WO: (
        "Meerdere meldingen van geluidsoverlast 's nachts, harde muziek en ruzies.",
        "Buren melden stankoverlast en vervuiling in en rond de woning.",
        "Overlast door bezoekers aan de woning, vermoeden van drugshandel.",
        "Intimidatie van buren in het portiek; bewoner lijkt verward.",
        "Langdurige burenruzie die escaleert, met bedreigingen over en weer.",
        "Verwaarloosde tuin, ongedierte en afval bij de woning.",
        "Overlast door huisdieren en agressief gedrag naar omwonenden.",
    ),
    TableCode.OM: (
        "Signaal over mogelijk witwassen via een horecazaak.",
        "Hennepkwekerij vermoed in bedrijfspand, hoog stroomverbruik.",
        "Opvallend veel contante aankopen en wisselende huurders in een woning.",
        "Vermoeden van malafide uitzendconstructie met huisvesting van arbeidsmigranten.",
        "Signaal van de Belastingdienst over een onderneming zonder zichtbare activiteit.",
        "Ondermijnende activiteiten vermoed rond een autobedrijf.",
    ),
    TableCode.MH: (
        "Signaal over mogelijke seksuele uitbuiting in een woning.",
        "Arbeidsmigranten werken lange dagen zonder loon, huisvesting via werkgever.",
        "Jongere lijkt te worden ingezet voor criminele activiteiten.",
        "Zorgpartner meldt signalen van gedwongen prostitutie.",
        "Werkneemster in nagelstudio zonder papieren, vermoeden van uitbuiting.",
    ),
}
_SOURCES = (
    "Politie", "Woningcorporatie", "Buurtbewoner", "Wijkteam", "Meld Misdaad Anoniem",
    "Intern meldpunt", "GGD", "Veilig Thuis", "Handhaving",
)  # fmt: skip
_NOTES: dict[TableCode, tuple[str, ...]] = {
    TableCode.WO: (
        "Huisbezoek afgelegd samen met de wijkagent; bewoner was aanspreekbaar.",
        "Telefonisch contact met de woonconsulent; nieuwe klachten ontvangen.",
        "Buren geven aan dat het de laatste weken rustiger is.",
        "Afspraak met wijkteam over hulpverlening gemaakt.",
        "Bewoner wil niet meewerken aan de vrijwillige afspraken.",
    ),
    TableCode.OM: (
        "Informatie opgevraagd bij het RIEC, reactie volgt.",
        "Integrale controle voorbereid met RUD en politie.",
        "Bibob-vragenlijst verstuurd aan de aanvrager.",
        "Bevindingen controle besproken met de Belastingdienst.",
    ),
    TableCode.MH: (
        "Zorgcoördinator heeft contact gelegd met de betrokkene.",
        "Opvangplek gevonden; betrokkene is overgebracht.",
        "Afstemming met AVIM over mogelijke aangifte.",
        "Betrokkene twijfelt over medewerking aan een aangifte.",
    ),
}


class DemoTexts:
    """Picks texts with its own seeded random source, so texts never shift the histories."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(f"texts-{seed}")  # noqa: S311 (synthetic data, seeded on purpose)

    def summary(self, table: TableCode) -> str:
        return self.rng.choice(_SUMMARIES[table])

    def source(self) -> str:
        return self.rng.choice(_SOURCES)

    def signal_description(self, table: TableCode) -> str:
        return self.rng.choice(_SUMMARIES[table])

    def note(self, table: TableCode) -> str:
        return self.rng.choice(_NOTES[table])

    def weighing_reason(self, table: TableCode, outcome: str) -> str:
        return self.rng.choice(
            (
                "Weging in het wekelijkse overleg; informatie van partners meegenomen.",
                "Na quickscan en navraag bij de partners besloten.",
                "Beoordeeld op ernst, grondslag en gemeentelijke taak.",
            )
        )

    def referral(self, outcome: str) -> str:
        return {
            "andere_aanpak": "Wijkteam",
            "gemeentelijke_afdeling": "afdeling Vergunningen",
            "riec": "RIEC Noord-Nederland",
            "geen_mensenhandel_andere_route": "Veilig Thuis Drenthe",
        }.get(outcome, "")

    def step_reason(self, step: str, *, up: bool) -> str:
        if not up:
            return self.rng.choice(
                (
                    "Overlast is afgenomen; de-escaleren in overleg met de partners.",
                    "Afspraken worden nagekomen; een stap terug.",
                )
            )
        return self.rng.choice(
            (
                "Nieuwe meldingen ondanks eerdere afspraken.",
                "Vorige stap heeft onvoldoende effect gehad.",
                "Besloten in de casustafel na nieuwe incidenten.",
                "Ernst van de overlast rechtvaardigt de volgende stap.",
            )
        )

    def motivation(self) -> str:
        return (
            "Geschikt: de maatregel richt zich op het gedrag dat de overlast veroorzaakt. "
            "Noodzakelijk: lichtere middelen hebben niet geholpen. Evenwichtig: de belangen "
            "van omwonenden wegen zwaarder dan de beperking voor betrokkene."
        )

    def intervention_outcome(self, status: InterventionStatus) -> str:
        if status is InterventionStatus.GESTOPT:
            return self.rng.choice(("Betrokkene werkte niet mee.", "Niet meer nodig."))
        return self.rng.choice(
            (
                "Uitgevoerd volgens plan.",
                "Afgerond met positief effect.",
                "Afgerond, beperkt effect.",
            )
        )

    def close_reason(self, outcome: str) -> str:
        return self.rng.choice(
            (
                "Geen nieuwe meldingen in de nazorgperiode.",
                "Doelen van het plan van aanpak bereikt of niet meer haalbaar.",
                "Besloten in de casustafel om af te sluiten.",
            )
        )

    def handover_reason(self, organisation: str) -> str:
        return "Verdere aanpak ligt bij de ontvangende organisatie."

    def route_reason(self, route: MhRoute, *, opening: bool) -> str:
        if opening:
            return {
                MhRoute.ZORG: "Betrokkene heeft opvang en begeleiding nodig.",
                MhRoute.STRAF: "Voldoende aanwijzingen voor opsporing.",
                MhRoute.BESTUUR: "Bestuurlijke maatregelen tegen de exploitatie mogelijk.",
            }[route]
        return "Route afgerond; doel bereikt of niet meer haalbaar."

    def relapse(self) -> str:
        return "Terugval: nieuwe meldingen tijdens de nazorg."

    def reopen(self) -> str:
        return "Nieuwe meldingen na afsluiting."
