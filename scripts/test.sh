#!/usr/bin/env bash
# The whole test suite in one command: set-up, lint, format, types, layers, tests.
#
# Usage: scripts/test.sh [--quick] [PYTEST ARGS ...]
#   e.g. scripts/test.sh                  everything (what CI runs)
#        scripts/test.sh --quick          the fast loop: the checks, then every test not
#                                         marked `slow` (crash loops, fuzzing, big vaults)
#        scripts/test.sh tests/domain -x  the checks, then only those tests
#
# Runs scripts/bootstrap.sh first, then every check even when an earlier one
# fails, so that one run shows everything that needs fixing; ends with a summary.
# Exit code: 0 all passed; 5 pytest collected no tests (a run without tests is
# not a pass); 1 anything else failed.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"
cd "$CASUSTAFEL_ROOT"

QUICK=()
if [ "${1:-}" = "--quick" ]; then
    shift
    QUICK=(-m "not slow")
fi

START=$SECONDS
if ! bash scripts/bootstrap.sh; then
    echo "FAILED: set-up (scripts/bootstrap.sh); no checks were run" >&2
    exit 1
fi

export VIRTUAL_ENV="$CASUSTAFEL_VENV"
export PATH="$CASUSTAFEL_VENV/bin:$PATH"
# No display in CI; the tests draw offscreen everywhere (tests/conftest.py does
# the same for a bare `pytest`).
export QT_QPA_PLATFORM=offscreen
unset PYTHONPATH

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

NAMES=()
RESULTS=()
run_step() {
    local name="$1" t0=$SECONDS rc
    shift
    say "$name"
    "$@"
    rc=$?
    NAMES+=("$name")
    RESULTS+=("$rc $((SECONDS - t0))")
    return 0
}

run_step "ruff check" ruff check .
run_step "ruff format --check" ruff format --check .
run_step "mypy --strict" bash scripts/mypy.sh
run_step "import-linter" bash scripts/lint-imports.sh
run_step "pytest" python -m pytest --junitxml="$WORK/junit.xml" "${QUICK[@]}" "$@"

# --- Summary -------------------------------------------------------------------
echo
say "Summary"
FAILED=0
NO_TESTS=0
for i in "${!NAMES[@]}"; do
    read -r rc secs <<<"${RESULTS[$i]}"
    if [ "$rc" -eq 0 ]; then
        status="ok"
    elif [ "${NAMES[$i]}" = "pytest" ] && [ "$rc" -eq 5 ]; then
        status="FAILED: pytest collected no tests (exit 5)"
        NO_TESTS=1
    else
        status="FAILED (exit $rc)"
        FAILED=1
    fi
    printf '  %-22s %-45s %4ss\n' "${NAMES[$i]}" "$status" "$secs"
done
printf '  %-22s %-45s %4ss\n' "total" "" "$((SECONDS - START))"

# Close with one plain count line, read from pytest's JUnit report.
python - "$WORK/junit.xml" <<'PY'
import sys
import xml.etree.ElementTree as ET

try:
    root = ET.parse(sys.argv[1]).getroot()
except (OSError, ET.ParseError):
    print("tests: 0 passed, 0 failed")
    sys.exit(0)
suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
count = {k: sum(int(s.get(k, 0)) for s in suites) for k in ("tests", "failures", "errors", "skipped")}
failed = count["failures"] + count["errors"]
passed = count["tests"] - failed - count["skipped"]
print(f"tests: {passed} passed, {failed} failed, {count['skipped']} skipped")
PY

if [ "$NO_TESTS" -eq 1 ]; then
    exit 5
fi
exit "$FAILED"
