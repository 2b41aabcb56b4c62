"""End to end: no canary subject leaves the vault in plain text through any CLI subcommand.

A vault holds one distinctive person (name, BSN, birth date, street, postcode, phone) in a
woonoverlast case on a sitting's agenda, in an old closed ondermijning case (due for
destruction) and in a mensenhandel signal. Every subcommand runs once as a real process
with its own empty TMPDIR and HOME; then every output is searched. Only the chair's copies
(voorzittersversie of agenda and decisions list) and the access-request PDF may hold the
canary, and even their names and PDF metadata may not. The last tests cover what no
subcommand shows: an exception nobody caught, SQL errors, and Qt's own copy to the clipboard.

The last section (issue 13) writes the canary in every form a chair might type (names with and
without prefix, BSN, postcode, address, birth date, phone, e-mail) into every free text of a
demo vault's sitting: every distributed copy is refused, the calendar and the monitoring
exports hold none of it, the chair's copies hold all of it, and clean copies hold none.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem
from pytestqt.qtbot import QtBot
from sqlalchemy.exc import IntegrityError

from casustafel.cli.common import install_quiet_excepthook, run_guarded
from casustafel.db import models
from casustafel.db.keyfile import FLOOR_PARAMS
from casustafel.db.vault import Vault
from casustafel.domain.agenda_rules import Proposal
from casustafel.domain.model import (
    Address,
    CaseStatus,
    NewCase,
    NewSignal,
    NewSubject,
    Person,
    SubjectKind,
    SubjectRole,
    TableCode,
    Tenure,
)
from casustafel.domain.monitoring import MonitoringRequest, Period
from casustafel.errors import ValidationError
from casustafel.reports.sitting_data import Variant
from casustafel.services import cases, interventions, signals, sitting_records, sittings
from casustafel.services.calendar import export_ics
from casustafel.services.halfyear_report import write_halfyear_report
from casustafel.services.interventions import NewIntervention
from casustafel.services.monitoring_export import export_monitoring
from casustafel.services.monitoring_files import ExportFormat
from casustafel.services.sitting_print import DocumentKind, print_document
from casustafel.services.sitting_values import AgreementDraft, ItemRecord, SittingPlan
from casustafel.ui.clipboard import SecureClipboard
from tests.conftest import TEST_PASSPHRASE, TEST_USER

TODAY = dt.date.today()
CANARY = Person(
    surname="Xylofoonbrouwer",
    prefix="van",
    given_names="Zebediah",
    birth_date=dt.date(1971, 3, 4),
    bsn="111222333",
    phone="0612345678",
)
CANARY_ADDRESS = Address(
    street="Quastenbroekstraat", house_number="12", postcode="7824 QX", city="Emmen"
)
# Every spelling of the canary that any output could use.
FRAGMENTS = (
    "Xylofoon",
    "Zebediah",
    "111222333",
    "1112.22.333",
    "Quastenbroek",
    "0612345678",
    "06-12345678",
    "1971-03-04",
    "04-03-1971",
    "4 maart 1971",
    "7824 QX",
    "7824QX",
)
CASE_NUMBER = re.compile(r"\b(?:WO|OM|MH)-\d{4}-\d{4}\b")
# The outputs an issue names as holding personal data: the chair's copies, the access request.
CHAIR_FILES = {"agenda-vz.pdf", "besluiten-vz.pdf", "inzage.pdf"}


def found(text: str) -> list[str]:
    folded = text.casefold()
    return [f for f in FRAGMENTS if f.casefold() in folded]


def _subject(role: SubjectRole) -> NewSubject:
    return NewSubject(SubjectKind.PERSOON, role, person=CANARY, address=CANARY_ADDRESS)


def _seed(vault: Vault) -> tuple[int, int]:
    """The canary in a case on an agenda (with note and intervention), an old case, a signal."""
    case = cases.register_case(
        vault,
        NewCase(
            table=TableCode.WO,
            registered_on=TODAY - dt.timedelta(days=60),
            area="Emmerhout",
            tenure=Tenure.HUUR,
            lead_partner="lefier",
            summary="Xylofoonbrouwer veroorzaakt overlast aan de Quastenbroekstraat.",
            subjects=(_subject(SubjectRole.VEROORZAKER),),
        ),
    )
    sittings.set_case_proposal(vault, case, Proposal.GEEN, flagged=True)
    interventions.add_note(vault, case, "Gebeld met Zebediah Xylofoonbrouwer, 0612345678.")
    interventions.add_intervention(
        vault,
        case,
        NewIntervention(
            "HUISBEZOEK",
            "politie",
            TODAY - dt.timedelta(days=5),
            TODAY + dt.timedelta(days=3),
            description="Huisbezoek Quastenbroekstraat 12",
        ),
    )
    sitting = sittings.plan_sitting(
        vault,
        SittingPlan(
            TableCode.WO,
            TODAY + dt.timedelta(days=7),
            place="Gemeentehuis",
            chair="Voorzitter",
            minute_taker="Notulist",
            invited_partners=("politie", "lefier"),
        ),
        today=TODAY,
    )
    sittings.compose_agenda(vault, sitting, TODAY)
    for entry in sittings.agenda(vault, sitting):
        if entry.case_id is not None:
            sitting_records.save_item_record(
                vault,
                entry.id,
                ItemRecord(
                    decision="Plan van aanpak vastgesteld.",
                    partners_present=("politie",),
                    agreements=(
                        AgreementDraft("Huisbezoek", "politie", TODAY + dt.timedelta(days=14)),
                    ),
                ),
            )
    old = cases.register_case(
        vault,
        NewCase(
            table=TableCode.OM,
            registered_on=dt.date(2021, 1, 5),
            area="Angelslo",
            lead_partner="gemeente",
            subjects=(_subject(SubjectRole.VERDACHTE),),
        ),
    )
    with vault.unit_of_work() as tx:  # closed long ago: on the destruction list
        row = tx.session.get(models.Case, old)
        assert row is not None
        row.status, row.closed_on = CaseStatus.AFGESLOTEN.value, dt.date(2021, 6, 1)
    signals.intake_signal(
        vault,
        NewSignal(
            TableCode.MH,
            TODAY - dt.timedelta(days=30),
            source="politie",
            description="Melding over Xylofoonbrouwer.",
            area="Bargeres",
            subject=_subject(SubjectRole.BETROKKENE),
        ),
    )
    subject_id = cases.get_case_file(vault, case).subjects[0].subject.id
    return sitting, subject_id


IMPORT_ROWS = (
    "datum;bron;omschrijving;achternaam;voornamen;geboortedatum;bsn;straat;huisnummer;"
    "postcode;woonplaats;wijk\n"
    "01-02-2026;politie;Overlast;Xylofoonbrouwer;Zebediah;04-03-1971;111222333;"
    "Quastenbroekstraat;12;7824 QX;Emmen;Emmerhout\n"
    # A wrong BSN, and a row whose cells slipped: the name ended up in the area column.
    "01-02-2026;politie;Overlast;Xylofoonbrouwer;Zebediah;04-03-1971;111222334;"
    "Quastenbroekstraat;12;7824 QX;Emmen;Emmerhout\n"
    "01-02-2026;politie;Overlast;;;;;Quastenbroekstraat;12;7824 QX;Emmen;Xylofoonbrouwer\n"
)


@dataclass(frozen=True)
class Runs:
    """Every subcommand's result, and the folders they could have written to."""

    results: dict[str, subprocess.CompletedProcess[str]]
    out: Path
    tmp: Path
    home: Path
    vault: Path


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    base = tmp_path_factory.mktemp("canary")
    vault_path = base / "kluis.casustafel"
    vault, _recovery = Vault.create(vault_path, TEST_USER, TEST_PASSPHRASE, params=FLOOR_PARAMS)
    try:
        sitting, subject = _seed(vault)
    finally:
        vault.lock()
    out, tmp, home = base / "uit", base / "tmp", base / "home"
    for folder in (out, tmp, home):
        folder.mkdir()
    (base / "signalen.csv").write_text(IMPORT_ROWS, encoding="utf-8")
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith("CASUSTAFEL_") or k == "CASUSTAFEL_STATE_DIR"
        },
        "CASUSTAFEL_KDF_PROFILE": "floor",
        "CASUSTAFEL_PASSPHRASE": TEST_PASSPHRASE,
        "TMPDIR": str(tmp),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
    }
    v, o = str(vault_path), str(out)
    commands: dict[str, list[str]] = {
        "cases": ["cases", v],
        "cases-json": ["cases", v, "--json"],
        "verify": ["verify", v],
        "agenda-vz": ["agenda", v, "--table", "WO", "--sitting", "next", "--variant",
                      "voorzitter", "-o", f"{o}/agenda-vz.pdf"],
        "agenda-vs": ["agenda", v, "--table", "WO", "--sitting", str(sitting), "--variant",
                      "verspreid", "-o", f"{o}/agenda-vs.pdf"],
        "agenda-partner": ["agenda", v, "--table", "WO", "--sitting", "next", "--variant",
                           "verspreid", "--partner", "politie", "-o", f"{o}/agenda-politie.pdf"],
        "decisions-vz": ["decisions", v, "--sitting", str(sitting), "--variant", "voorzitter",
                         "-o", f"{o}/besluiten-vz.pdf"],
        "decisions-vs": ["decisions", v, "--sitting", str(sitting), "--variant", "verspreid",
                         "-o", f"{o}/besluiten-vs.pdf"],
        "actions": ["decisions", v, "--sitting", str(sitting), "--actions", "--variant",
                    "verspreid", "--partner", "politie", "-o", f"{o}/acties-politie.pdf"],
        "ics": ["ics", v, "-o", f"{o}/zittingen.ics"],
        "export-csv": ["export", v, "--from", "2021-01", "--to", f"{TODAY.year}-12",
                       "--format", "csv", "-o", f"{o}/monitoring.csv"],
        "export-json": ["export", v, "--from", "2021-01", "--to", f"{TODAY.year}-12",
                        "--by-area", "--format", "json", "-o", f"{o}/monitoring.json"],
        "export-xlsx": ["export", v, "--from", "2021-01", "--to", f"{TODAY.year}-12",
                        "--format", "xlsx", "-o", f"{o}/monitoring.xlsx"],
        "report": ["report", v, "--half", f"{TODAY.year}-{1 if TODAY.month <= 6 else 2}",
                   "-o", f"{o}/raad.pdf"],
        "inzage": ["inzage", v, "--subject", str(subject), "-o", f"{o}/inzage.pdf"],
        "import-dry": ["import", v, str(base / "signalen.csv"), "--table", "WO", "--dry-run"],
        "import": ["import", v, str(base / "signalen.csv"), "--table", "WO", "--skip-invalid"],
        "backup": ["backup", v, "-o", f"{o}/kluis.backup"],
        "restore": ["restore", f"{o}/kluis.backup", "--to", f"{o}/terug.casustafel"],
        "retention-dry": ["retention", v, "--dry-run"],
        "retention": ["retention", v, "--yes"],
        "passwd": ["passwd", v, "--new-passphrase-file", str(base / "nieuw.txt")],
        "demo": ["demo", f"{o}/demo.casustafel", "--cases", "3"],
        "init": ["init", f"{o}/leeg.casustafel", "--user", "Anna de Regisseur"],
        # Forced errors: nothing from the vault may come with the message.
        "err-unwritable": ["agenda", v, "--table", "WO", "--sitting", "next", "--variant",
                           "voorzitter", "-o", "/proc/agenda.pdf"],
        "err-no-folder": ["inzage", v, "--subject", str(subject), "-o", f"{o}/nergens/x.pdf"],
        "err-exists": ["export", v, "--from", "2026-01", "--to", "2026-06", "--format",
                       "csv", "-o", f"{o}/monitoring.csv"],
        "err-subject": ["inzage", v, "--subject", "9999", "-o", f"{o}/niemand.pdf"],
        "err-passphrase": ["cases", v, "--passphrase-file", str(base / "signalen.csv")],
        "err-backup": ["restore", str(base / "signalen.csv"), "--to", f"{o}/kapot.casustafel"],
    }  # fmt: skip
    (base / "nieuw.txt").write_text("een nieuw lang wachtwoord 2026\n", encoding="utf-8")
    results = {}
    for name, args in commands.items():
        results[name] = subprocess.run(
            [sys.executable, "-m", "casustafel", *args],
            capture_output=True,
            text=True,
            env=env,
            stdin=subprocess.DEVNULL,
            timeout=180,
            check=False,
        )
        if name == "passwd":  # every later command opens the vault with the new passphrase
            env["CASUSTAFEL_PASSPHRASE"] = "een nieuw lang wachtwoord 2026"
    return Runs(results, out, tmp, home, vault_path)


def test_every_subcommand_ran_and_failed_where_forced(runs: Runs) -> None:
    codes = {name: r.returncode for name, r in runs.results.items()}
    expected = dict.fromkeys(codes, 0)
    expected.update({"import-dry": 6, "err-unwritable": 8, "err-no-folder": 8, "err-exists": 7})
    expected.update({"err-subject": 2, "err-passphrase": 3, "err-backup": 4})
    assert codes == expected, {n: runs.results[n].stderr for n in codes if codes[n] != expected[n]}
    # Not vacuous: the list shows the cases, the import reported its bad rows.
    assert "WO-" in runs.results["cases"].stdout and "OM-" in runs.results["cases"].stdout
    assert "Regel 3" in runs.results["import"].stderr and "Regel 4" in runs.results["import"].stderr
    assert "Let op" in runs.results["agenda-vz"].stdout


def test_no_canary_on_stdout_or_stderr_of_any_command(runs: Runs) -> None:
    leaks = {
        (name, stream): found(text)
        for name, r in runs.results.items()
        for stream, text in (("stdout", r.stdout), ("stderr", r.stderr))
        if found(text)
    }
    assert leaks == {}


def test_cases_listing_shows_labels_only(runs: Runs) -> None:
    listing = runs.results["cases"].stdout + runs.results["cases-json"].stdout
    assert "Z.v.X. (Emmerhout)" in listing  # initials and area, as the issue asks
    assert found(listing) == []


def test_temp_folder_stays_empty_and_home_holds_no_canary(runs: Runs) -> None:
    assert list(runs.tmp.iterdir()) == []
    written = [p for p in runs.home.rglob("*") if p.is_file()]  # ~/.config, caches, ...
    assert [p for p in written if found(p.read_bytes().decode("utf-8", "replace"))] == []


def _pdf(path: Path) -> tuple[str, str]:
    reader = pypdf.PdfReader(path)
    meta = " ".join(f"{k}={v}" for k, v in (reader.metadata or {}).items())
    return "\n".join(page.extract_text() for page in reader.pages), meta


def _readable(path: Path) -> str:
    """Everything a person or a program could read from one output file."""
    raw = path.read_bytes()
    texts = [raw.decode("utf-8", "replace"), raw.decode("latin-1")]
    if path.suffix == ".pdf":
        texts.extend(_pdf(path))
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as book:
            texts.extend(book.read(n).decode("utf-8", "replace") for n in book.namelist())
    return "\n".join(texts)


def _outputs(runs: Runs) -> Iterator[Path]:
    return (p for p in sorted(runs.out.rglob("*")) if p.is_file())


def test_file_names_never_carry_the_canary(runs: Runs) -> None:
    names = [str(p.relative_to(runs.out)) for p in runs.out.rglob("*")]
    assert len(names) > 15
    assert [n for n in names if found(n)] == []


def test_only_the_chair_copies_and_the_access_request_hold_the_canary(runs: Runs) -> None:
    holding = {p.name for p in _outputs(runs) if found(_readable(p))}
    assert holding == CHAIR_FILES  # and they do: the search is not blind


def test_pdf_metadata_of_every_pdf_is_clean(runs: Runs) -> None:
    pdfs = list(runs.out.glob("*.pdf"))
    assert len(pdfs) == 8
    assert {p.name: found(_pdf(p)[1]) for p in pdfs if found(_pdf(p)[1])} == {}


def test_monitoring_exports_and_report_hold_no_case_numbers(runs: Runs) -> None:
    names = ["monitoring.csv", "monitoring.manifest.json", "monitoring.json"]
    names += ["monitoring.xlsx", "raad.pdf", "zittingen.ics"]
    texts = {n: _readable(runs.out / n) for n in names}
    assert {n: CASE_NUMBER.findall(t) for n, t in texts.items() if CASE_NUMBER.search(t)} == {}
    assert "BEGIN:VCALENDAR" in texts["zittingen.ics"]


def test_vault_folders_and_backup_are_ciphertext_only(runs: Runs) -> None:
    folders = [runs.vault, runs.out / "terug.casustafel", runs.out / "demo.casustafel"]
    files = [p for folder in folders for p in folder.iterdir() if p.is_file()]
    files.append(runs.out / "kluis.backup")
    assert len(files) >= 7
    assert [p for p in files if found(p.read_bytes().decode("latin-1"))] == []


def test_an_unexpected_error_is_reported_by_its_type_only(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def failing() -> int:
        try:
            {}["Xylofoonbrouwer"]
        except KeyError as inner:
            raise ValueError("BSN 111222333 van Zebediah Xylofoonbrouwer") from inner
        return 0

    assert run_guarded(failing) == 1
    captured = capsys.readouterr()
    assert "(ValueError)" in captured.err
    assert found(captured.err + captured.out) == []
    assert "Traceback" not in captured.err


def test_an_exception_escaping_a_qt_slot_in_the_app_shows_its_type_only(tmp_path: Path) -> None:
    # The app runs inside Qt's event loop: an exception in a slot goes to sys.excepthook,
    # never through run_guarded. A separate process, so that pytest-qt's hook is not in the way.
    script = (
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from casustafel.cli.common import install_quiet_excepthook\n"
        "app = QApplication([])\n"
        "install_quiet_excepthook()\n"
        "def slot():\n"
        "    raise KeyError('Xylofoonbrouwer 111222333')\n"
        "QTimer.singleShot(0, slot)\n"
        "QTimer.singleShot(100, app.quit)\n"
        "app.exec()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "CASUSTAFEL_DEBUG"}
    env.update(QT_QPA_PLATFORM="offscreen", TMPDIR=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert "onverwachte fout (KeyError)" in done.stderr
    assert found(done.stderr + done.stdout) == []


def test_the_quiet_hook_replaces_the_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    saved = sys.excepthook
    try:
        install_quiet_excepthook()
        try:
            raise LookupError("Quastenbroekstraat 12")
        except LookupError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = saved
    err = capsys.readouterr().err
    assert "(LookupError)" in err and found(err) == []


def test_sql_errors_do_not_carry_the_values_they_were_given(vault: Vault) -> None:
    with pytest.raises(IntegrityError) as info, vault.unit_of_work() as tx:
        tx.session.add(models.VaultMeta(key="canary", value="{}"))
        tx.session.flush()
        tx.session.add(models.VaultMeta(key="canary", value="Xylofoonbrouwer 111222333"))
        tx.session.flush()
    assert found(str(info.value)) == [] and "parameters hidden" in str(info.value)


def test_qts_own_copy_of_personal_data_leaves_the_clipboard(qtbot: QtBot) -> None:
    guard = SecureClipboard(clear_after_ms=100)
    table = QTableWidget(1, 1)
    qtbot.addWidget(table)
    table.setItem(0, 0, QTableWidgetItem("Zebediah van Xylofoonbrouwer"))
    with qtbot.waitActive(table):  # the copy happens in our focused window, as a user's would
        table.show()
        table.activateWindow()
    table.setCurrentCell(0, 0)
    with qtbot.waitSignal(guard.cleared, timeout=3000):
        qtbot.keySequence(table, QKeySequence.StandardKey.Copy)
        assert QGuiApplication.clipboard().text() == "Zebediah van Xylofoonbrouwer"
    assert QGuiApplication.clipboard().text() == ""


# --- every written form of the canary in the free texts of a demo vault (issue 13) ---------

# The canary as a chair might type it into a question, decision or agreement.
WRITTEN_FORMS = (
    "Zebediah van Xylofoonbrouwer", "Zebediah", "zebediah", "van Xylofoonbrouwer",
    "Van Xylofoonbrouwer", "Xylofoonbrouwer", "xylofoonbrouwer", "Z. van Xylofoonbrouwer",
    "111222333", "1112.22.333", "111 222 333", "111-222-333",
    "7824 QX", "7824QX", "7824qx",
    "Quastenbroekstraat 12", "quastenbroekstraat 12", "Quastenbroekstraat",
    "04-03-1971", "4-3-1971", "4 maart 1971", "04031971", "1971-03-04", "4 mrt. 1971",
    "0612345678", "06-12345678", "06 1234 5678", "+31 6 12345678", "+31612345678",
    "zebediah@xylofoon.nl",
)  # fmt: skip
PARTNERS = ("politie", "lefier")


def _normal(text: str) -> str:
    """Case and line breaks do not hide a form: PDF text wraps where the layout did."""
    return " ".join(text.casefold().split())


def written_found(text: str) -> list[str]:
    """Every written form (and every fragment of the first canary) found in `text`."""
    folded = _normal(text)
    return [f for f in WRITTEN_FORMS if _normal(f) in folded] + found(text)


@dataclass
class DemoSitting:
    vault: Vault
    sitting: int
    case_item: int
    free_item: int
    out: Path


@pytest.fixture(scope="module")
def demo_sitting(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoSitting]:
    """A demo vault, and next week's woonoverlast sitting with the canary case and a free item."""
    from casustafel.services.demo import DemoOptions, fill_demo

    base = tmp_path_factory.mktemp("canary-forms")
    vault, _recovery = Vault.create(
        base / "demo.casustafel", TEST_USER, TEST_PASSPHRASE, params=FLOOR_PARAMS
    )
    fill_demo(vault, DemoOptions(cases=20, seed=7, today=TODAY))
    case = cases.register_case(
        vault,
        NewCase(
            table=TableCode.WO,
            registered_on=TODAY - dt.timedelta(days=60),
            area="Emmerhout",
            tenure=Tenure.HUUR,
            lead_partner="lefier",
            subjects=(_subject(SubjectRole.VEROORZAKER),),
        ),
    )
    plan = SittingPlan(
        TableCode.WO, TODAY + dt.timedelta(days=9), place="Gemeentehuis", invited_partners=PARTNERS
    )
    sitting = sittings.plan_sitting(vault, plan, today=TODAY)
    sittings.compose_agenda(vault, sitting, TODAY, limit=3)
    case_item = sittings.add_case_item(vault, sitting, case, question="Plan van aanpak?")
    free_item = sittings.add_free_item(vault, sitting, "rondvraag", "Rondvraag")
    out = base / "uit"
    out.mkdir()
    try:
        yield DemoSitting(vault, sitting, case_item, free_item, out)
    finally:
        vault.lock()


def _write_free_texts(demo: DemoSitting, text: str) -> None:
    """Put `text` in every free text that reaches a distributed copy."""
    sittings.update_item(demo.vault, demo.case_item, question=text)
    sittings.update_item(demo.vault, demo.free_item, question=text)
    agreement = AgreementDraft(text, "politie", TODAY + dt.timedelta(days=14), condition=text)
    record = ItemRecord(
        decision=text, partners_present=PARTNERS, returns_note=text, agreements=(agreement,)
    )
    sitting_records.save_item_record(demo.vault, demo.case_item, record)


def _distributed(demo: DemoSitting) -> dict[str, tuple[DocumentKind, str | None]]:
    outputs: dict[str, tuple[DocumentKind, str | None]] = {
        "agenda-vs.pdf": (DocumentKind.AGENDA, None),
        "besluiten-vs.pdf": (DocumentKind.BESLUITENLIJST, None),
    }
    for partner in PARTNERS:
        outputs[f"agenda-{partner}.pdf"] = (DocumentKind.AGENDA, partner)
        outputs[f"besluiten-{partner}.pdf"] = (DocumentKind.BESLUITENLIJST, partner)
        outputs[f"acties-{partner}.pdf"] = (DocumentKind.ACTIELIJST, partner)
    return outputs


def _leaks(paths: list[Path]) -> dict[str, list[str]]:
    """Every file among `paths` in which any form of the canary can be read, with the forms."""
    return {p.name: written_found(_readable(p)) for p in paths if written_found(_readable(p))}


def _other_outputs(demo: DemoSitting, folder: Path) -> list[Path]:
    """ICS, monitoring CSV (with its JSON manifest), JSON and XLSX, the half-year report."""
    folder.mkdir()
    export_ics(demo.vault, folder / "zittingen.ics")
    request = MonitoringRequest(Period("2021-01", f"{TODAY.year}-12"), by_area=True)
    for fmt in ExportFormat:
        export_monitoring(demo.vault, request, fmt, folder / f"monitoring.{fmt.value}")
    half = f"{TODAY.year}-{1 if TODAY.month <= 6 else 2}"
    write_halfyear_report(demo.vault, half, folder / "raad.pdf", today=TODAY)
    return sorted(p for p in folder.iterdir() if p.is_file())


@pytest.mark.slow
def test_every_written_form_is_refused_in_every_distributed_output(
    demo_sitting: DemoSitting,
) -> None:
    demo = demo_sitting
    for form in WRITTEN_FORMS:
        _write_free_texts(demo, f"Afspraak met {form} over de overlast?")
        for name, (kind, partner) in _distributed(demo).items():
            path = demo.out / f"{form.replace('/', '_')}-{name}"
            with pytest.raises(ValidationError) as refused:
                print_document(
                    demo.vault, demo.sitting, kind, Variant.VERSPREID, path, partner=partner
                )
            assert not path.exists(), (form, name)
            message = str(refused.value)
            assert "bij " in message and written_found(message) == [], message  # item, no value
    # The forms are in the vault now: the exports and the calendar still hold none of them.
    others = _other_outputs(demo, demo.out / "met-canary")
    assert {p.suffix for p in others} >= {".ics", ".csv", ".json", ".xlsx", ".pdf"}
    assert {
        p.name: written_found(_readable(p)) for p in others if written_found(_readable(p))
    } == {}


@pytest.mark.slow
def test_chair_copies_hold_every_form_and_clean_copies_hold_none(
    demo_sitting: DemoSitting,
) -> None:
    demo = demo_sitting
    _write_free_texts(demo, " / ".join(WRITTEN_FORMS))
    chair = demo.out / "chair"
    chair.mkdir()
    for kind in (DocumentKind.AGENDA, DocumentKind.BESLUITENLIJST):
        print_document(demo.vault, demo.sitting, kind, Variant.VOORZITTER, chair / f"{kind}.pdf")
    chair_text = "\n".join(_readable(p) for p in chair.iterdir())
    assert set(written_found(chair_text)) >= set(WRITTEN_FORMS)  # the scan can see a leak
    for pdf in chair.iterdir():
        assert written_found(_pdf(pdf)[1]) == []  # even the chair's metadata holds none

    # Harmless texts: every distributed copy is printed, and none holds anything of the canary.
    _write_free_texts(demo, "Huisbezoek door de wijkagent, terugkoppeling aan de tafel.")
    clean = demo.out / "schoon"
    clean.mkdir()
    for name, (kind, partner) in _distributed(demo).items():
        print_document(
            demo.vault, demo.sitting, kind, Variant.VERSPREID, clean / name, partner=partner
        )
    printed = sorted(clean.iterdir())
    assert len(printed) == len(_distributed(demo))
    assert {
        p.name: written_found(_readable(p)) for p in printed if written_found(_readable(p))
    } == {}
    others = _other_outputs(demo, demo.out / "zonder-canary")
    assert {
        p.name: written_found(_readable(p)) for p in others if written_found(_readable(p))
    } == {}
