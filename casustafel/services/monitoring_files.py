"""The monitoring export as bytes: CSV (with a sidecar manifest), JSON and XLSX.

Pure rendering of a suppressed `Monitoring`: every count passes through
`Monitoring.value`, so no writer can print an unsuppressed small count. The files hold
only table codes, months, areas, catalogue labels and figures: never a name or a case
number (the records they come from have none).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator, Mapping
from enum import StrEnum
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from casustafel import __version__
from casustafel.domain.monitoring import INDICATOR_DEFINITIONS, Monitoring
from casustafel.domain.monitoring_grid import GRAIN_LABELS
from casustafel.domain.suppression import SECONDARY_MARK

__all__ = ["ExportFormat", "csv_bytes", "json_bytes", "manifest", "manifest_bytes", "xlsx_bytes"]

CSV_COLUMNS = ("tafel", "indicator", "blok", "rij", "kolom", "waarde")


class ExportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"
    XLSX = "xlsx"


def _cell_counts(result: Monitoring) -> tuple[int, int, int]:
    """Published count cells shown as `<k`, as `x`, and in all (a figure shown twice
    counts twice)."""
    small = hidden = published = 0
    for block in result.blocks:
        for row in block.cells:
            for cell in row:
                if cell is None or (cell.key is None and cell.parts is None):
                    continue
                shown = result.value(cell)
                published += 1
                small += shown == f"<{result.request.k}"
                hidden += shown == SECONDARY_MARK
    return small, hidden, published


GUARANTEE = (
    "Alle cijfers in dit bestand komen uit één beveiligde set cijfers per tafel en "
    "halfjaar. In die set zit elk gepubliceerd aantal, ook het aantal (n) achter een "
    "mediaan en achter 'n.b.'. Elk aantal van 1 tot k staat er als '<k'; waar een klein "
    "aantal anders uit totalen, de voorraad (open = open ervoor + nieuw − afgesloten), de "
    "indeling naar gebied of het verschil tussen perioden terug te rekenen zou zijn, zijn "
    "extra cijfers als 'x' weggelaten. Voor elk klein aantal is bewezen dat ook een andere "
    "waarde past bij alles wat gepubliceerd is: het is nooit op één waarde vast te pinnen. "
    "Exports met of zonder gebieden, per maand, kwartaal of halfjaar, en over perioden die "
    "elkaar overlappen, tonen cijfers uit dezelfde beveiligde set: samen verraden ze niet "
    "meer dan elk apart. Een halfjaar dat al gepubliceerd is, wordt niet opnieuw "
    "gepubliceerd met een andere k of met gewijzigde cijfers: zo'n export wordt geweigerd."
)

RULES = (
    "Aantallen zijn gehele getallen van 0 of meer; 0 is echt 0.",
    "'<k' is een aantal van 1 tot en met k−1; 'x' is aanvullend weggelaten en niet 0.",
    "In een blok met een kolom 'Totaal' tellen de categorieën op tot dat totaal "
    "(behalve bij routes mensenhandel: een zaak kan meer routes hebben).",
    "Een kwartaal of halfjaar is de som van zijn maanden; 'Totaal periode' de som van de "
    "rijen; 'Open einde periode' is het aantal open zaken aan het eind van de laatste maand.",
    "Open einde maand = open einde vorige maand + nieuwe zaken − afgesloten zaken.",
    "Afgesloten zaken naar trede, naar uitkomst en per gebied tellen op tot de afgesloten "
    "zaken; signalen naar weging en per gebied tot de signalen; interventies per domein zijn "
    "de som van hun typen (catalogus van de tafel).",
    "Doorlooptijden: afgesloten zonder bespreking (triage) + afgesloten na bespreking = "
    "afgesloten zaken; een mediaan staat er alleen als het aantal ernaast gepubliceerd is "
    "en ten minste k is.",
)

# Dutch labels for the manifest keys in the spreadsheet (the JSON keeps the keys).
LABELS = {
    "bron": "Bron",
    "periode.van": "Periode: eerste maand",
    "periode.tot_en_met": "Periode: laatste maand",
    "tafels": "Tafels",
    "per_gebied": "Ook per wijk of dorp",
    "gevraagde_indeling": "Gevraagde indeling",
    "indeling": "Indeling per tafel en halfjaar",
    "k": "Drempel k",
    "onderdrukte_cellen": "Onderdrukte cellen (totaal)",
    "onderdrukt_klein": "Cellen met <k (klein aantal)",
    "onderdrukt_aanvullend": "Cellen met x (aanvullend weggelaten)",
    "onderdrukte_aantallen_uniek": "Verschillende onderdrukte aantallen",
    "gepubliceerde_cellen": "Gepubliceerde aantallen (cellen)",
    "aandeel_onderdrukt": "Aandeel onderdrukt",
    "garantie": "Wat de beveiliging belooft",
    "regels": "Rekenregels tussen de cijfers",
    "toelichting": "Toelichting",
    "app_versie": "Versie van de app",
    "aangemaakt": "Aangemaakt (UTC)",
}


def manifest(result: Monitoring, created: dt.datetime) -> dict[str, Any]:
    """What a reader needs to use the figures: period, tables, k, definitions, counts."""
    request = result.request
    small, hidden, published = _cell_counts(result)
    used = dict.fromkeys(block.indicator for block in result.blocks)
    return {
        "bron": "Casustafel: anonieme statistische records (geen persoonsgegevens)",
        "periode": {"van": request.period.start, "tot_en_met": request.period.end},
        "tafels": [table.value for table in request.tables],
        "per_gebied": request.by_area,
        "gevraagde_indeling": GRAIN_LABELS[request.grain],
        "indeling": [f"{p.table.value} {p.span}: {GRAIN_LABELS[p.grain]}" for p in result.pieces],
        "k": request.k,
        "gepubliceerde_cellen": published,
        "onderdrukte_cellen": small + hidden,
        "onderdrukt_klein": small,
        "onderdrukt_aanvullend": hidden,
        "aandeel_onderdrukt": round((small + hidden) / published, 3) if published else 0.0,
        "onderdrukte_aantallen_uniek": result.suppressed_count,
        "tekens": {
            f"<{request.k}": f"een aantal van 1 tot {request.k}",
            SECONDARY_MARK: "aanvullend onderdrukt (niet 0), om terugrekenen te voorkomen",
            "n.b.": (
                f"niet beschikbaar: het aantal ernaast is onderdrukt of kleiner dan {request.k}"
            ),
            "leeg": "niet van toepassing",
        },
        "garantie": GUARANTEE,
        "regels": list(RULES),
        "toelichting": list(result.notes),
        "definities": {key: INDICATOR_DEFINITIONS[key] for key in [*used, "onderdrukking"]},
        "app_versie": __version__,
        "aangemaakt": created.astimezone(dt.UTC).isoformat(timespec="seconds"),
    }


def manifest_bytes(result: Monitoring, created: dt.datetime) -> bytes:
    return json.dumps(manifest(result, created), ensure_ascii=False, indent=2).encode("utf-8")


def _blocks(result: Monitoring) -> list[dict[str, Any]]:
    return [
        {
            "id": block.id,
            "tafel": block.table.value,
            "indicator": block.indicator,
            "titel": block.title,
            "rijkop": block.row_header,
            "rijen": list(block.rows),
            "kolommen": list(block.columns),
            "cellen": [[result.value(cell) for cell in row] for row in block.cells],
        }
        for block in result.blocks
    ]


def json_bytes(result: Monitoring, created: dt.datetime) -> bytes:
    """One JSON document: the manifest and every block with its published cells."""
    document = {"manifest": manifest(result, created), "blokken": _blocks(result)}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def _long_rows(result: Monitoring) -> Iterator[tuple[str, ...]]:
    for block in result.blocks:
        for row, cells in zip(block.rows, block.cells, strict=True):
            for column, cell in zip(block.columns, cells, strict=True):
                value = result.value(cell)
                if value is None:
                    continue
                yield block.table.value, block.indicator, block.title, row, column, _text(value)


def _text(value: int | float | str) -> str:
    # Decimal comma: the file is meant for Dutch spreadsheets (hence also the semicolon).
    return str(value).replace(".", ",") if isinstance(value, float) else str(value)


def csv_bytes(result: Monitoring) -> bytes:
    """Long format, one published cell per line; UTF-8 with BOM and `;` for Dutch Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(_long_rows(result))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _put(sheet: Any, row: int, column: int, value: object, bold: bool = False) -> None:
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        # Never let a label become a formula, whatever a catalogue edit puts in it.
        cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)


def xlsx_bytes(result: Monitoring, created: dt.datetime) -> bytes:
    """Sheet "Cijfers" with the blocks one under the other, sheet "Manifest" second."""
    book = Workbook()
    book.properties.creator = "Casustafel"
    book.properties.lastModifiedBy = "Casustafel"
    book.properties.title = "Monitoring casustafels"
    sheet = book.active
    sheet.title = "Cijfers"
    line = 1
    for block in result.blocks:
        _put(sheet, line, 1, f"{block.table.label}: {block.title}", bold=True)
        line += 1
        for column, header in enumerate((block.row_header, *block.columns), start=1):
            _put(sheet, line, column, header, bold=True)
        line += 1
        for row, cells in zip(block.rows, block.cells, strict=True):
            _put(sheet, line, 1, row)
            for column, cell in enumerate(cells, start=2):
                _put(sheet, line, column, result.value(cell))
            line += 1
        line += 1
    sheet.column_dimensions["A"].width = 24
    info = book.create_sheet("Manifest")
    line = 1
    for key, value in _flat(manifest(result, created)):
        _put(info, line, 1, _label(key), bold=True)
        _put(info, line, 2, _dutch(value))
        line += 1
    info.column_dimensions["A"].width = 30
    info.column_dimensions["B"].width = 120
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _label(key: str) -> str:
    """A Dutch label for a manifest key (`tekens.<5` → `Teken <5`, definitions by name)."""
    if key in LABELS:
        return LABELS[key]
    head, _dot, rest = key.partition(".")
    if head == "tekens":
        return f"Teken {rest}"
    if head == "definities":
        return f"Definitie: {rest.replace('_', ' ')}"
    return key.replace("_", " ").capitalize()


def _dutch(value: object) -> object:
    if value is True:
        return "ja"
    if value is False:
        return "nee"
    return value


def _flat(data: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, object]]:
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            yield from _flat(value, f"{name}.")
        elif isinstance(value, list):
            yield name, "; ".join(map(str, value))
        else:
            yield name, value
