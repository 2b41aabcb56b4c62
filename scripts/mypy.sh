#!/usr/bin/env bash
# mypy --strict over all four packages under their real import names.
#
# Usage: scripts/mypy.sh [PATH ...]
#   without paths: checks casustafel/, db/, ui/ and resources/ as one package;
#   with paths (e.g. db/vault.py ui/models): checks those, still as casustafel.*.
# Uses the symlink tree from _common.sh because mypy cannot follow the
# package-dir mapping (db/ -> casustafel.db, ...). Needs the .venv (bootstrap.sh).
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"
ensure_mapped_tree

targets=()
if [ "$#" -eq 0 ]; then
    targets=("$CASUSTAFEL_TREE/casustafel")
else
    for arg in "$@"; do
        rel="$(realpath -m --relative-to="$CASUSTAFEL_ROOT" "$arg")"
        case "$rel" in
            casustafel | casustafel/*) targets+=("$CASUSTAFEL_TREE/$rel") ;;
            db | db/* | ui | ui/* | resources | resources/*) targets+=("$CASUSTAFEL_TREE/casustafel/$rel") ;;
            *) targets+=("$(realpath -m "$arg")") ;;  # tests/, scripts/: as they are
        esac
    done
fi
# From the root, so that mypy finds pyproject.toml and its cache in one place.
cd "$CASUSTAFEL_ROOT"

"$CASUSTAFEL_VENV/bin/mypy" --config-file "$CASUSTAFEL_ROOT/pyproject.toml" "${targets[@]}" 2>&1 | unmap_paths
exit "${PIPESTATUS[0]}"
