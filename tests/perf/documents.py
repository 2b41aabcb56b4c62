"""Measurements of the heavier work: PDFs, export, report, backup, import, demo and memory.

Work that changes a vault (import, restore, a sitting of 30 items) runs on a copy of the
cached vault in the context's scratch folder, so the cached vault stays as generated.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from pathlib import Path
from typing import Any

from .context import Context, Measurement
from .harness import Figure, stats_of, track_peak_memory
from .vaults import run_child

__all__ = ["DOCUMENT_MEASUREMENTS"]

PRINTED_ON = dt.date(2026, 11, 23)  # the demo generator's "today"
AGENDA_ITEMS = 30
_QUESTION = "Voortgang bespreken en volgende stap bepalen."


def _heavy_repeat(ctx: Context) -> int:
    """Repetitions for work of seconds: at most three."""
    return min(ctx.repeat, 3)


def _open_cases(conn: Any, table: str, count: int) -> list[tuple[int, str]]:
    rows = conn.execute(
        "SELECT id, number FROM cases WHERE table_code = ? "
        "AND status NOT IN ('afgesloten', 'overgedragen') "
        "ORDER BY registered_on DESC, id DESC LIMIT ?",
        (table, count),
    )
    return [(int(r[0]), str(r[1])) for r in rows]


def _plan_full_sitting(vault: Any, candidates: list[tuple[int, str]], count: int) -> int:
    """Plan a WO sitting two weeks after the demo's today with `count` open cases on it.

    A case whose label the distributed copy would refuse (`check_public_text` finds a
    subject's name in it) is taken off again and the next candidate put on, so that the
    agenda prints in both variants with exactly `count` case items.
    """
    from casustafel.domain.model import TableCode
    from casustafel.errors import ValidationError
    from casustafel.services.sitting_print import agenda_document
    from casustafel.services.sitting_values import SittingPlan
    from casustafel.services.sittings import add_case_item, plan_sitting, remove_item

    partners = ("gemeente", "politie")
    plan = SittingPlan(
        TableCode.WO,
        PRINTED_ON + dt.timedelta(days=14),
        place="Stadhuis Emmen",
        chair="voorzitter",
        minute_taker="notulist",
        invited_partners=partners,
    )
    sitting_id = plan_sitting(vault, plan, today=PRINTED_ON)
    items: dict[str, int] = {}
    waiting = list(candidates)
    while waiting:
        while len(items) < count and waiting:
            case_id, number = waiting.pop(0)
            items[number] = add_case_item(
                vault, sitting_id, case_id, question=_QUESTION, partners_needed=partners
            )
        try:
            agenda_document(vault, sitting_id).distributed()
            break
        except ValidationError as refused:
            named = next((n for n in items if n in refused.message), None)
            if named is None:
                raise
            remove_item(vault, items.pop(named))
    return sitting_id


def _busiest_past_sitting(vault: Any) -> tuple[int, int] | None:
    """The demo's past sitting with the most items (it has decisions): (id, items)."""
    with vault.engine.connect() as conn:
        row = conn.exec_driver_sql(
            "SELECT s.id, count(i.id) AS n FROM sittings s JOIN agenda_items i "
            "ON i.sitting_id = s.id WHERE s.closed_at IS NOT NULL GROUP BY s.id "
            "ORDER BY n DESC, s.id LIMIT 1"
        ).fetchone()
    return (int(row[0]), int(row[1])) if row else None


def _print_figures(
    ctx: Context,
    measurement: str,
    title: str,
    prints: dict[str, Any],
    target: float | None,
    note: str,
) -> list[Figure]:
    figures = []
    for variant, call in prints.items():
        with track_peak_memory() as peak:
            samples = ctx.times(call, repeat=_heavy_repeat(ctx))
        stats = stats_of(samples)
        figures.append(
            Figure(
                measurement,
                f"{title} {variant}",
                ctx.size,
                stats=stats,
                peak_mb=peak.mb,
                extra={"peak_increase_mb": peak.increase},
                target="" if target is None else f"<= {target} s per variant",
                met=None if target is None or ctx.size != 10_000 else stats.median <= target,
                note=note,
            )
        )
    return figures


def sitting_prints(ctx: Context) -> list[Figure]:
    """Agenda of a 30-item sitting and the busiest demo besluitenlijst, both variants, as PDF.

    Runs on a copy of the vault (planning the sitting writes to it), through
    `sitting_print.print_document`: the reads, the PDF, the atomic write and the audit.
    """
    from casustafel.db.vault import Vault
    from casustafel.reports.sitting_data import Variant
    from casustafel.services.sitting_print import DocumentKind, agenda_document, print_document

    copy = copy_vault(ctx, "zitting")
    vault = Vault.unlock(copy, ctx.bench.passphrase)
    try:
        candidates = _open_cases(ctx.floor().plain, "WO", AGENDA_ITEMS * 2)
        sitting_id = _plan_full_sitting(vault, candidates, AGENDA_ITEMS)
        items = len(agenda_document(vault, sitting_id).items)

        def printer(sitting: int, kind: DocumentKind, variant: Variant) -> Any:
            out = ctx.workdir / f"{kind.value}-{variant.value}.pdf"
            return lambda: print_document(vault, sitting, kind, variant, out, printed_on=PRINTED_ON)

        figures = _print_figures(
            ctx,
            "agenda",
            "agenda-PDF",
            {v.value: printer(sitting_id, DocumentKind.AGENDA, v) for v in Variant},
            0.5,
            f"zitting met {items} casussen",
        )
        past = _busiest_past_sitting(vault)
        if past is not None:
            figures += _print_figures(
                ctx,
                "decisions",
                "besluitenlijst-PDF",
                {v.value: printer(past[0], DocumentKind.BESLUITENLIJST, v) for v in Variant},
                None,
                f"drukste gesloten demozitting: {past[1]} punten",
            )
        return figures
    finally:
        vault.lock()


def monitoring_export(ctx: Context) -> list[Figure]:
    """Monitoring export of one year (per month, three tables) as XLSX, JSON and CSV."""
    from casustafel.domain.monitoring import MonitoringRequest, Period
    from casustafel.services.monitoring_export import export_monitoring, load_stat_records
    from casustafel.services.monitoring_files import ExportFormat

    vault = ctx.vault()
    request = MonitoringRequest(Period.parse("2025-11", "2026-10"))
    figures = []
    for fmt in (ExportFormat.XLSX, ExportFormat.CSV, ExportFormat.JSON):
        out = ctx.workdir / f"export.{fmt.value}"
        call = lambda f=fmt, o=out: export_monitoring(vault, request, f, o, force=True)  # noqa: E731
        stats = stats_of(ctx.times(call))
        figures.append(
            Figure(
                "export",
                f"monitoringexport 1 jaar ({fmt.value})",
                ctx.size,
                stats=stats,
                target="<= 1 s (10.000)",
                met=stats.median <= 1.0 if ctx.size == 10_000 else None,
            )
        )
    figures += ctx.compare("export", "statistische records lezen", lambda: load_stat_records(vault))
    return figures


def halfyear_report(ctx: Context) -> list[Figure]:
    """The council's half-year report (PDF with charts) for the first half of 2026."""
    from casustafel.services.halfyear_report import write_halfyear_report

    vault = ctx.vault()
    out = ctx.workdir / "halfjaar.pdf"

    from casustafel.reports.halfyear import printed_share

    def write() -> object:
        return write_halfyear_report(vault, "2026-1", out, force=True, today=PRINTED_ON)

    with track_peak_memory() as peak:
        samples = ctx.times(write, repeat=_heavy_repeat(ctx))
    result = write_halfyear_report(vault, "2026-1", out, force=True, today=PRINTED_ON)
    printed = printed_share(result.monitoring)
    grains = ", ".join(f"{p.table.value} {p.grain.value}" for p in result.monitoring.pieces)
    return [
        Figure(
            "halfyear",
            "halfjaarrapportage 2026-1 (PDF)",
            ctx.size,
            stats=stats_of(samples),
            peak_mb=peak.mb,
            extra={
                "peak_increase_mb": peak.increase,
                "suppressed_share": printed.share,
                "largest_hidden_total": printed.largest_hidden_total,
            },
            # The usefulness goal (issue 16): <= 10 % of the printed counts suppressed and
            # no suppressed total above 20, at the demo's volumes.
            note=(
                f"{out.stat().st_size / 1024:.0f} KB; onderdrukt {printed.suppressed} van "
                f"{printed.published} gedrukte aantallen ({printed.share:.1%}, doel <= 10 %), "
                f"grootste onderdrukte totaal {printed.largest_hidden_total} (doel <= 20); "
                f"indeling {grains}"
            ),
        ),
    ]


def backup_restore(ctx: Context) -> list[Figure]:
    """Backup to one file, then a verified restore of it to a new folder."""
    from casustafel.services.backup import restore_backup, write_backup

    vault = ctx.vault()
    out = ctx.workdir / "backup.cstb"
    target = ctx.workdir / "restored.casustafel"
    backups: list[float] = []
    restores: list[float] = []
    for i in range(ctx.warmup + _heavy_repeat(ctx)):
        out.unlink(missing_ok=True)
        shutil.rmtree(target, ignore_errors=True)
        started = time.perf_counter()
        write_backup(vault, out)
        middle = time.perf_counter()
        restore_backup(out, target, passphrase=ctx.bench.passphrase)
        ended = time.perf_counter()
        if i >= ctx.warmup:
            backups.append(middle - started)
            restores.append(ended - middle)
    size_mb = out.stat().st_size / (1024 * 1024)
    shutil.rmtree(target, ignore_errors=True)
    out.unlink(missing_ok=True)
    return [
        Figure(
            "backup",
            "reservekopie schrijven (met controle)",
            ctx.size,
            stats=stats_of(backups),
            note=f"bestand {size_mb:.1f} MB",
        ),
        Figure(
            "backup",
            "terugzetten met volledige controle",
            ctx.size,
            stats=stats_of(restores),
            note="incl. sleutelafleiding (ondergrens), integriteitscontrole en auditketen",
        ),
    ]


def demo_build(ctx: Context) -> list[Figure]:
    """`casustafel demo --cases N`: time and peak memory of the run that built this vault."""
    build = ctx.bench.build
    seconds = float(build["demo_seconds"])
    when = "gemeten bij het bouwen van de cache" if ctx.bench.from_cache else "gemeten in deze run"
    if ctx.bench.generator_changed:
        when += "; de generator is sindsdien gewijzigd (--rebuild)"
    return [
        Figure(
            "demo",
            f"casustafel demo --cases {ctx.size}",
            ctx.size,
            stats=stats_of([seconds]),
            peak_mb=float(build["demo_peak_mb"]),
            note=f"{when} ({build.get('built_at', '?')}), kluis {build.get('db_mb', 0):.0f} MB",
        )
    ]


def app_memory(ctx: Context) -> list[Figure]:
    """Peak resident memory of a process holding the unlocked vault and its case list in Qt."""
    ctx.release_vault()  # the child opens the vault itself
    result = run_child(["app-memory", str(ctx.bench.folder)])
    peak = float(result["peak_mb"])
    return [
        Figure(
            "memory",
            "piekgeheugen app met kluis open (lijst + zoekteksten in Qt)",
            ctx.size,
            stats=stats_of([float(result["seconds"])]),
            peak_mb=peak,
            target="<= 300 MB (10.000)",
            met=(peak <= 300) if ctx.size == 10_000 else None,
            note=f"na openen {float(result['current_mb']):.0f} MB; Python+Qt leeg "
            f"{float(result['baseline_mb']):.0f} MB; piek na alleen de sleutelafleiding "
            f"{float(result['peak_after_kdf_mb']):.0f} MB; tijd = ontgrendelen tot lijst",
        )
    ]


def signal_csv(ctx: Context, rows: int) -> Path:
    """A partner's list of `rows` signals (semicolon CSV, as Excel writes it), deterministic.

    One row in five names a person already in the vault (same BSN), so the importer's
    matching is exercised as well as its inserts.
    """
    import csv
    import random

    from casustafel.domain.catalogue import area_names
    from casustafel.services.demo_people import random_bsn

    rng = random.Random(ctx.bench.seed)
    known = (
        ctx.floor()
        .plain.execute(
            "SELECT prefix, surname, given_names, birth_date, bsn FROM subjects "
            "WHERE kind = 'persoon' AND bsn <> '' ORDER BY id LIMIT ?",
            (rows // 5,),
        )
        .fetchall()
    )
    surnames = ("Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Dijkstra")
    given = ("Anna", "Bram", "Cor", "Daan", "Eva", "Fleur", "Gert", "Henk", "Iris", "Joost")
    streets = ("Hoofdstraat", "Kerkstraat", "Weerdingerstraat", "Angelsloërdijk", "Boslaan")
    areas = area_names()
    path = ctx.workdir / f"signalen-{rows}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(
            [
                "datum",
                "bron",
                "omschrijving",
                "achternaam",
                "voornamen",
                "geboortedatum",
                "bsn",
                "straat",
                "huisnummer",
                "postcode",
                "woonplaats",
                "wijk",
            ]
        )
        for i in range(rows):
            day = PRINTED_ON - dt.timedelta(days=rng.randrange(1, 90))
            if i % 5 == 0 and known:
                prefix, surname, first, birth, bsn = known[(i // 5) % len(known)]
                surname = f"{prefix} {surname}".strip()
                birth = dt.date.fromisoformat(str(birth)) if birth else None
            else:
                surname, first = rng.choice(surnames), rng.choice(given)
                birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(65 * 365))
                bsn = random_bsn(rng)
            writer.writerow(
                [
                    day.strftime("%d-%m-%Y"),
                    "Woningcorporatie",
                    "Geluidsoverlast in de avond",
                    surname,
                    first,
                    birth.strftime("%d-%m-%Y") if birth else "",
                    bsn,
                    rng.choice(streets),
                    str(rng.randrange(1, 200)),
                    f"78{rng.randrange(10, 99)} {''.join(rng.choices('ABCDEFGHJK', k=2))}",
                    "Emmen",
                    rng.choice(areas),
                ]
            )
    return path


def import_signals(ctx: Context) -> list[Figure]:
    """Import of 10,000 signal rows into a fresh copy of the vault (one transaction)."""
    from casustafel.db.vault import Vault
    from casustafel.domain.model import TableCode
    from casustafel.services.importer import import_signals as run_import

    rows = 500 if ctx.quick else 10_000
    csv_path = signal_csv(ctx, rows)
    copies: list[Any] = []

    def fresh() -> None:
        while copies:
            copies.pop().lock()
        copies.append(Vault.unlock(copy_vault(ctx, "import"), ctx.bench.passphrase))

    def run() -> None:
        report = run_import(copies[-1], csv_path, TableCode.WO, today=PRINTED_ON)
        assert not report.problems, report.problems[:3]

    try:
        with track_peak_memory() as peak:
            samples = ctx.times(run, repeat=_heavy_repeat(ctx), setup=fresh)
    finally:
        while copies:
            copies.pop().lock()
    return [
        Figure(
            "import",
            f"import {rows} signaalregels (CSV)",
            ctx.size,
            stats=stats_of(samples),
            peak_mb=peak.mb,
            extra={"peak_increase_mb": peak.increase},
            note="20% van de regels past bij een bekende persoon (BSN)",
        )
    ]


def copy_vault(ctx: Context, name: str) -> Path:
    """A fresh copy of the cached vault folder in the scratch folder.

    Every connection to the cached vault is closed first: the last one to close
    checkpoints the WAL, so the copy is one consistent file. (Copying a database, its WAL
    and its shared-memory index while connections hold them gave a copy that SQLCipher's
    integrity check refused at 100,000 cases.)
    """
    ctx.close()
    target = ctx.workdir / f"{name}.casustafel"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(ctx.bench.folder, target)
    # A fresh copy of the cached vault replaces the earlier one at the same place on
    # purpose: forget the state that copy recorded, or the copy would rightly be refused
    # as rolled back.
    from casustafel.db.vault import VaultPaths
    from casustafel.db.vault_state import forget_recorded_state

    forget_recorded_state(VaultPaths.of(target))
    return target


DOCUMENT_MEASUREMENTS: tuple[Measurement, ...] = (
    Measurement("sitting_prints", sitting_prints, ("casustafel.services.sitting_print",)),
    Measurement("export", monitoring_export, ("casustafel.services.monitoring_export",)),
    Measurement("halfyear", halfyear_report, ("casustafel.services.halfyear_report",)),
    Measurement("import", import_signals, ("casustafel.services.importer",)),
    Measurement("backup", backup_restore, ("casustafel.services.backup",)),
    Measurement("demo", demo_build),
    Measurement("memory", app_memory, ("casustafel.ui.models.case_table_model",)),
)
