"""Tests of the shared PDF base: page frame, metadata, fonts, Dutch dates and atomic writing."""

from __future__ import annotations

import datetime as dt
import io
import os
import resource
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pypdf
import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.platypus import Flowable, Paragraph

from casustafel.errors import OutputError
from casustafel.reports.base import (
    ITEM_INDENT,
    DocumentSpec,
    atomic_write_bytes,
    build_pdf_bytes,
    data_table,
    document_styles,
    esc,
    format_date_long,
    format_date_short,
    format_time,
    write_pdf,
)

SPEC = DocumentSpec(
    title="Agenda",
    recipient="Alle deelnemers",
    printed_on=dt.date(2026, 4, 10),
    table_name="Woonoverlast",
    sitting_number="2026-14",
    date=dt.date(2026, 4, 14),
    time=dt.time(9, 30),
    place="Raadhuis Emmen, kamer 2.14",
    variant_label="Verspreidversie",
    facts=(("Notulist", "secretariaat"),),
)


def _story(items: int) -> list[Flowable]:
    styles = document_styles()
    story: list[Flowable] = [Paragraph("Opening", styles.section, bulletText="1.")]
    for number in range(1, items + 1):
        story.append(Paragraph(f"Agendapunt {number}", styles.item, bulletText=f"5.{number}"))
        story.append(Paragraph("Vraag aan de tafel. " * 8, styles.indented))
    story.append(
        data_table(["Wat", "Wie", "Wanneer"], [["Huisbezoek", "Politie", "14-04-2026"]], [3, 1, 1])
    )
    return story


def _texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def test_every_page_says_pagina_x_van_n_and_carries_the_footer() -> None:
    pages = _texts(build_pdf_bytes(SPEC, _story(40)))
    total = len(pages)
    assert total >= 3
    for number, text in enumerate(pages, start=1):
        assert f"pagina {number} van {total}" in text
        assert "VERTROUWELIJK" in text
        assert "Voor: Alle deelnemers" in text
        assert "Afgedrukt op 10-04-2026" in text
        assert "Agenda casustafel Woonoverlast, zitting 2026-14" in text  # running header


def test_page_one_has_the_title_block() -> None:
    first = _texts(build_pdf_bytes(SPEC, _story(1)))[0]
    for expected in (
        "Agenda casustafel Woonoverlast",
        "Verspreidversie",
        "2026-14",
        "dinsdag 14 april 2026, 09.30 uur",
        "Raadhuis Emmen, kamer 2.14",
        "Notulist",
        "secretariaat",
    ):
        assert expected in first


def test_metadata_is_set_explicitly_from_non_personal_fields() -> None:
    meta = pypdf.PdfReader(io.BytesIO(build_pdf_bytes(SPEC, _story(1)))).metadata
    assert meta is not None
    assert meta.title == "Agenda casustafel Woonoverlast, zitting 2026-14"
    assert meta.author == "Casustafel"
    assert meta.subject == "Verspreidversie"
    assert meta["/Keywords"] == "casustafel, Woonoverlast"
    assert meta["/Creator"] == "Casustafel"


def test_a_document_without_sitting_has_a_plain_title_and_no_confidential_marking() -> None:
    spec = DocumentSpec(
        title="Voortgangsrapportage", recipient="Gemeenteraad", printed_on=dt.date(2026, 7, 1),
        confidential=False, keywords=("monitoring",),
    )  # fmt: skip
    data = build_pdf_bytes(spec, _story(1))
    meta = pypdf.PdfReader(io.BytesIO(data)).metadata
    assert meta is not None
    assert meta.title == "Voortgangsrapportage"
    assert meta["/Keywords"] == "casustafel, monitoring"
    text = _texts(data)[0]
    assert "VERTROUWELIJK" not in text
    assert "pagina 1 van 1" in text


def test_names_outside_winansi_and_markup_characters_print_as_typed() -> None:
    # Helvetica would print ł, ę and Ş as black boxes; user text may contain < and &.
    styles = document_styles()
    story: list[Flowable] = [
        Paragraph(esc("Wałęsa & Şahin <Özdemir> café"), styles.body),
        data_table(["Naam"], [["Ionuț Ştefan <x> & y"]], [1], indent=ITEM_INDENT),
    ]
    text = _texts(build_pdf_bytes(SPEC, story))[0]
    assert "Wałęsa & Şahin <Özdemir> café" in text
    assert "Ionuț Ştefan <x> & y" in text


@pytest.mark.parametrize(
    ("day", "long", "long_weekday", "short"),
    [
        (dt.date(2026, 4, 14), "14 april 2026", "dinsdag 14 april 2026", "14-04-2026"),
        (dt.date(2026, 11, 1), "1 november 2026", "zondag 1 november 2026", "01-11-2026"),
        (dt.date(2027, 3, 1), "1 maart 2027", "maandag 1 maart 2027", "01-03-2027"),
    ],
)
def test_dutch_dates(day: dt.date, long: str, long_weekday: str, short: str) -> None:
    assert format_date_long(day) == long
    assert format_date_long(day, weekday=True) == long_weekday
    assert format_date_short(day) == short


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)))
def test_short_date_reads_back(day: dt.date) -> None:
    assert dt.datetime.strptime(format_date_short(day), "%d-%m-%Y").date() == day


def test_time_is_written_the_dutch_way() -> None:
    assert format_time(dt.time(9, 5)) == "09.05 uur"


# --- atomic writing -------------------------------------------------------------------------


def test_write_pdf_replaces_the_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "agenda.pdf"
    target.write_bytes(b"oude versie")
    write_pdf(target, SPEC, _story(2))
    assert target.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in tmp_path.iterdir()] == ["agenda.pdf"]
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600  # confidential: owner only


@contextmanager
def _unwritable(folder: Path) -> Iterator[None]:
    """Make `folder` refuse new files for real; root ignores mode bits, so use chattr then."""
    folder.chmod(0o555)
    immutable = False
    try:
        probe = folder / "probe"
        try:
            probe.write_bytes(b"")
        except PermissionError:
            pass
        else:
            probe.unlink()
            result = subprocess.run(["chattr", "+i", str(folder)], check=False, capture_output=True)
            if result.returncode != 0:
                pytest.skip("kan de map niet onbeschrijfbaar maken (root zonder chattr)")
            immutable = True
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)


def test_unwritable_folder_gives_output_error_and_keeps_the_old_file(tmp_path: Path) -> None:
    folder = tmp_path / "Jansen"  # a folder named after a person must not leak into the message
    folder.mkdir()
    target = folder / "agenda-Jansen.pdf"
    target.write_bytes(b"%PDF- de vorige versie, byte voor byte")
    before = target.read_bytes()
    with _unwritable(folder), pytest.raises(OutputError) as caught:
        write_pdf(target, SPEC, _story(2))
    assert "geen schrijfrechten" in caught.value.message
    assert "niet gewijzigd" in caught.value.message
    assert "Jansen" not in str(caught.value)
    assert target.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["agenda-Jansen.pdf"]


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="alleen POSIX kent RLIMIT_FSIZE")
def test_full_disk_mid_write_removes_the_temp_file_and_keeps_the_old_file(tmp_path: Path) -> None:
    # A file-size limit makes the kernel refuse the write part-way, like a disk that fills up.
    target = tmp_path / "besluitenlijst.pdf"
    target.write_bytes(b"%PDF- vorige")
    data = build_pdf_bytes(SPEC, _story(5))
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, hard))
    try:
        with pytest.raises(OutputError) as caught:
            atomic_write_bytes(target, data, what="De PDF")
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, old_handler)
    assert caught.value.message.startswith("De PDF kon niet worden opgeslagen: ")
    assert target.read_bytes() == b"%PDF- vorige"
    assert [p.name for p in tmp_path.iterdir()] == ["besluitenlijst.pdf"]


def test_missing_folder_gives_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="de gekozen map bestaat niet"):
        write_pdf(tmp_path / "bestaat-niet" / "agenda.pdf", SPEC, _story(1))
