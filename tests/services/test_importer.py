"""Signal import from partners' lists: formats, matching, all-or-nothing, hostile files."""

# ruff: noqa: E501  (the exact messages a user sees are compared whole, on one line)

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from casustafel.db import models
from casustafel.db.vault import Vault
from casustafel.domain.model import SignalStatus, TableCode
from casustafel.errors import ImportFileError
from casustafel.services import signals
from casustafel.services.import_reader import MAX_IMPORT_BYTES, read_table
from casustafel.services.importer import ImportProblem, import_signals
from tests.services.helpers import make_case

TODAY = dt.date(2026, 11, 23)
HEADER = "datum;bron;omschrijving;achternaam;voornamen;geboortedatum;bsn;straat;huisnummer;postcode;woonplaats;wijk"


def write(tmp_path: Path, text: str, name: str = "lijst.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def count(vault: Vault, model: type[models.Base]) -> int:
    with vault.unit_of_work() as tx:
        return int(tx.session.scalar(select(func.count()).select_from(model)) or 0)


def test_semicolon_csv_in_windows_1252_with_matching(vault: Vault, tmp_path: Path) -> None:
    make_case(vault)  # Jan de Vries, 1-1-1980, Hoofdstraat 12, 7811 AP
    text = "\r\n".join(
        [
            HEADER,
            "01-11-2026;Politie;Geluid 's nachts;de Vries;Jan;01-01-1980;;;;;;Emmerhout",
            "02-11-2026;Lefier;Stank;Zoë;Anneke;;111222333;Dorpsstraat;3;7891 AB;Klazienaveen;klazienaveen",
            "03-11-2026;Buren;Ruzie;;;;;Hoofdstraat;12;7811AP;Emmen;",
            "04-11-2026;Buren;Opnieuw;Zoë;A.;;1112.22.333;;;;;",
        ]
    )
    report = import_signals(
        vault, write(tmp_path, text, encoding="cp1252"), TableCode.WO, today=TODAY
    )
    assert (report.rows, report.imported, report.problems) == (4, 4, ())
    assert (report.new_subjects, report.matched_subjects) == (2, 2)  # Zoë and the address are new
    waiting = signals.list_signals(vault, TableCode.WO, SignalStatus.WACHT_OP_WEGING)
    assert [s.description for s in waiting] == ["Geluid 's nachts", "Stank", "Ruzie", "Opnieuw"]
    assert waiting[1].area == "Klazienaveen"
    assert waiting[1].subject_id == waiting[3].subject_id  # same BSN, same person
    with vault.unit_of_work() as tx:
        person = tx.session.get(models.Subject, waiting[1].subject_id)
        assert person is not None and person.surname == "Zoë"


def test_comma_csv_utf8_bom_case_insensitive_headers_and_unknown_columns(
    vault: Vault, tmp_path: Path
) -> None:
    text = '\ufeffDatum,BRON,Omschrijving,Achternaam,Telefoon,Jan Jansen\n2026-11-01,"Politie, team Emmen","Regel 1; regel 2",van der Berg,0612345678,x\n'
    report = import_signals(vault, write(tmp_path, text), TableCode.OM, today=TODAY)
    # By position only: a header can hold a person's name.
    assert report.unknown_columns == ("5 (E)", "6 (F)")
    assert report.imported == 1
    (signal,) = signals.list_signals(vault, TableCode.OM)
    assert (signal.source, signal.description) == ("Politie, team Emmen", "Regel 1; regel 2")
    with vault.unit_of_work() as tx:
        subject = tx.session.get(models.Subject, signal.subject_id)
        assert subject is not None and (subject.prefix, subject.surname) == ("van der", "Berg")


def test_bad_rows_import_nothing_and_are_all_reported(vault: Vault, tmp_path: Path) -> None:
    text = "\n".join(
        [
            HEADER,
            "01-11-2026;Politie;ok;Jansen;Piet;;;;;;;",
            "31-02-2026;Politie;x;Jansen;Piet;;123456789;;;;;",
            "01-11-2026;Politie;x;;;;;;12;;;",
            "01-12-2027;Politie;x;;;;;;;;;Atlantis",
            ";Politie;x;;;;;;;;;",
        ]
    )
    report = import_signals(vault, write(tmp_path, text), TableCode.WO, today=TODAY)
    assert report.rejected and report.imported == 0
    assert report.problems == (
        ImportProblem(
            3,
            "datum: Deze datum bestaat niet; controleer dag en maand; bsn: Het BSN voldoet niet aan de elfproef",
        ),
        ImportProblem(4, "adres: vul postcode en huisnummer allebei in"),
        ImportProblem(
            5,
            "datum: Deze datum ligt te ver in de toekomst; de uiterste datum is 23-11-2026; wijk: onbekende wijk of dorp",
        ),
        ImportProblem(6, "datum: Vul een datum in"),
    )
    assert count(vault, models.Signal) == 0
    skipped = import_signals(
        vault, write(tmp_path, text), TableCode.WO, skip_invalid=True, today=TODAY
    )
    assert (skipped.imported, len(skipped.problems)) == (1, 4)
    assert count(vault, models.Signal) == 1


def test_dry_run_counts_but_stores_nothing(vault: Vault, tmp_path: Path) -> None:
    text = HEADER + "\n01-11-2026;Politie;x;Jansen;Piet;;;;;;;\n"
    report = import_signals(vault, write(tmp_path, text), TableCode.MH, dry_run=True, today=TODAY)
    assert (report.imported, report.new_subjects, report.dry_run) == (1, 1, True)
    assert count(vault, models.Signal) == 0 and count(vault, models.Subject) == 0
    with vault.unit_of_work() as tx:
        last = tx.session.scalars(
            select(models.AuditEntry).order_by(models.AuditEntry.id.desc())
        ).first()
        assert last is not None
        assert (last.action, last.detail) == (
            "import",
            "tabel=MH rijen=1 ingelezen=0 fout=0 proef=ja",
        )


def test_formula_cells_stay_plain_text(vault: Vault, tmp_path: Path) -> None:
    hostile = ["=1+2", "+31 6", "-2+3", "@SUM(A1)", "=cmd|' /C calc'!A0"]
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["datum", "bron", "omschrijving"])
    for text in hostile:
        sheet.append([dt.datetime(2026, 11, 2), "Politie", text])
    sheet.append([dt.datetime(2026, 11, 2), '=HYPERLINK("http://x")', "formule"])
    path = tmp_path / "lijst.xlsx"
    book.save(path)
    csv_path = write(
        tmp_path, "datum;omschrijving\n" + "\n".join(f"02-11-2026;{t}" for t in hostile[:4])
    )
    assert import_signals(vault, path, TableCode.WO, today=TODAY).imported == 6
    assert import_signals(vault, csv_path, TableCode.WO, today=TODAY).imported == 4
    stored = [s.description for s in signals.list_signals(vault)]
    assert stored == [*hostile, "formule", *hostile[:4]]
    assert signals.list_signals(vault)[5].source == '=HYPERLINK("http://x")'


def test_xlsx_numbers_and_dates(vault: Vault, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Datum", "Achternaam", "BSN", "Huisnummer", "Postcode", "Geboortedatum"])
    sheet.append(
        [dt.datetime(2026, 11, 2), "Smit", 111222333, 12.0, "7811 AP", dt.datetime(1970, 3, 4)]
    )
    path = tmp_path / "l.xlsx"
    book.save(path)
    assert import_signals(vault, path, TableCode.WO, today=TODAY).imported == 1
    with vault.unit_of_work() as tx:
        person = tx.session.scalars(select(models.Subject)).one()
        assert (person.bsn, person.house_number, person.birth_date) == (
            "111222333",
            "12",
            dt.date(1970, 3, 4),
        )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Het bestand is leeg."),
        (
            b"\x00\x01\x02binary\xff\xfe",
            "Het bestand is geen tekstbestand (CSV) of Excel-bestand (.xlsx).",
        ),
        (
            b"\x81\x8d\x8f\x90\x9d",
            "Het bestand is geen tekstbestand (CSV) of Excel-bestand (.xlsx).",
        ),
        (b"PK\x03\x04garbage", "Het bestand is geen geldig Excel-bestand (.xlsx)."),
        (
            b"naam,adres\nJan,Hoofdstraat\n",
            "Het bestand heeft een andere opbouw: geen van de verwachte kolommen gevonden. Verwacht worden kolommen als datum, bron, omschrijving, achternaam, tussenvoegsel, voornamen, geboortedatum, bsn, straat, huisnummer, postcode, woonplaats, wijk.",
        ),
        (b"bron;achternaam\nPolitie;Jansen\n", "De kolom 'datum' ontbreekt; die is verplicht."),
        (b"datum;bron\n", "Het bestand bevat alleen kopregels en geen signalen."),
        (b"\n\n  \n", "Het bestand bevat geen gegevens."),
        (
            b"datum;" + b";".join(b"k%d" % i for i in range(101)) + b"\n",
            "Het bestand heeft meer dan 100 kolommen; dat is de grens.",
        ),
    ],
)
def test_unusable_files_get_one_clear_message(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError) as info:
        read_table(path)
    assert info.value.message == message


def test_a_50_mb_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "groot.csv"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: no 50 MB written to disk
    with pytest.raises(ImportFileError) as info:
        read_table(path)
    assert info.value.message == (
        "Het bestand is te groot (50,0 MB); de grens is 20 MB. Splits het in kleinere bestanden."
    )
    assert os.path.getsize(path) > MAX_IMPORT_BYTES


@pytest.mark.slow
def test_large_list_of_ten_thousand_rows(vault: Vault, tmp_path: Path) -> None:
    lines = [HEADER]
    for i in range(10_000):
        lines.append(
            f"01-11-2026;Politie;melding {i};Jansen{i % 2000};Piet;01-01-1970;;;{i % 150 + 1};7811 AP;Emmen;Emmerhout"
        )
    report = import_signals(vault, write(tmp_path, "\n".join(lines)), TableCode.WO, today=TODAY)
    assert report.imported == 10_000
    # 2000 names × same birth date: matched by name and date of birth; 150 homes.
    assert report.new_subjects == 2000
    assert count(vault, models.Signal) == 10_000


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_never_crash(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.csv"
    path.write_bytes(data)
    try:
        table = read_table(path)
    except ImportFileError as exc:
        assert exc.message and "\n" not in exc.message
    else:
        assert table.rows
