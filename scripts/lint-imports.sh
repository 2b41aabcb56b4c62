#!/usr/bin/env bash
# import-linter: the layer contracts of pyproject.toml over all four packages.
#
# import-linter finds `casustafel` through sys.path and walks its folder; on its
# own it would miss db/, ui/ and resources/ (they live outside casustafel/), and
# report every contract kept. Running it from the symlink tree of _common.sh
# makes it see casustafel.db, casustafel.ui and casustafel.resources for real.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"
ensure_mapped_tree
# import-linter puts the working directory first on sys.path: run it in the tree.
cd "$CASUSTAFEL_TREE"
"$CASUSTAFEL_VENV/bin/lint-imports" "$CASUSTAFEL_ROOT/pyproject.toml" --no-cache "$@"
