"""`python -m tests.perf`: the benchmark command (see README, "Prestaties (benchmarks)").

Examples:
    python -m tests.perf                          # 1.000, 10.000 and 100.000 cases
    python -m tests.perf --sizes 1000,10000 --repeat 7 --json perf.json
    python -m tests.perf --quick                  # 100 cases, one repetition
    python -m tests.perf --only filter,case_file --sizes 10000
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

DEFAULT_SIZES = (1000, 10_000, 100_000)
QUICK_SIZE = 100


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace(".", "").replace("_", "")) for part in text.split(",") if part]
    except ValueError:
        raise argparse.ArgumentTypeError(f"geen lijst van aantallen: {text!r}") from None
    if not sizes or any(n < 1 for n in sizes):
        raise argparse.ArgumentTypeError("aantallen moeten positief zijn")
    return sizes


def build_parser() -> argparse.ArgumentParser:
    from .measurements import MEASUREMENTS

    parser = argparse.ArgumentParser(
        prog="python -m tests.perf",
        description="Casustafel benchmark: demokluizen van verschillende grootte, "
        "metingen met de vloer (ruwe SQLCipher en onversleutelde SQLite) ernaast.",
    )
    parser.add_argument("--sizes", type=_sizes, help="aantallen casussen, bv. 1000,10000")
    parser.add_argument("--repeat", type=int, default=5, help="herhalingen per meting (5)")
    parser.add_argument("--warmup", type=int, default=1, help="opwarmrondes (1)")
    parser.add_argument(
        "--quick", action="store_true", help=f"{QUICK_SIZE} casussen, één herhaling"
    )
    parser.add_argument("--json", type=Path, help="schrijf de resultaten ook als JSON")
    parser.add_argument(
        "--only",
        default="",
        help="alleen deze metingen: " + ",".join(m.name for m in MEASUREMENTS),
    )
    parser.add_argument("--seed", type=int, default=7, help="zaad van de demogenerator (7)")
    parser.add_argument("--cache", type=Path, help="map voor de demokluizen (.perf-cache/)")
    parser.add_argument(
        "--rebuild", action="store_true", help="bouw de demokluizen opnieuw, ook als ze er zijn"
    )
    parser.add_argument(
        "--build-timeout", type=float, help="stop met bouwen van een kluis na zoveel seconden"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the options, run, print the table, write the JSON; 0, or 1 on a broken measurement."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from .runner import print_report, run_benchmark, write_json
    from .vaults import DEFAULT_CACHE

    args = build_parser().parse_args(argv)
    sizes = args.sizes or ([QUICK_SIZE] if args.quick else list(DEFAULT_SIZES))
    report = run_benchmark(
        sizes,
        repeat=1 if args.quick else max(1, args.repeat),
        warmup=max(0, args.warmup),
        quick=args.quick,
        only=[name for name in args.only.split(",") if name],
        seed=args.seed,
        cache_dir=args.cache or DEFAULT_CACHE,
        log=lambda msg: print(msg, file=sys.stderr, flush=True),
        build_timeout=args.build_timeout,
        rebuild=args.rebuild,
    )
    print_report(report)
    if args.json:
        write_json(report, args.json)
        print(f"\nJSON: {args.json}", file=sys.stderr)
    errors = [o for o in report.outcomes if o.error]
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
