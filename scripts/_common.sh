# Shared helpers for the scripts in this folder; sourced, never run on its own.
#
# The source folders db/, ui/ and resources/ install as casustafel.db, casustafel.ui
# and casustafel.resources (setuptools package-dir). mypy and import-linter only
# understand packages that exist on disk under their import names, so
# `ensure_mapped_tree` keeps a small tree of symlinks that shows the four folders
# as one `casustafel` package:
#
#   build/typecheck-tree/casustafel/            -> one symlink per entry of casustafel/
#   build/typecheck-tree/casustafel/db          -> ../../../db
#   build/typecheck-tree/casustafel/ui          -> ../../../ui
#   build/typecheck-tree/casustafel/resources   -> ../../../resources
#
# Folders are linked, not files, so a module someone adds is seen at once without
# a reinstall, and the editable install in .venv stays exactly as it is.

CASUSTAFEL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CASUSTAFEL_VENV="$CASUSTAFEL_ROOT/.venv"
CASUSTAFEL_TREE="$CASUSTAFEL_ROOT/build/typecheck-tree"

# Print a step heading; bold when the output is a terminal.
say() {
    if [ -t 1 ]; then printf '\033[1m==> %s\033[0m\n' "$*"; else printf '==> %s\n' "$*"; fi
}

# Create or refresh the symlink tree. Idempotent and safe to run while another
# run reads the tree: links are only added or replaced, never the whole tree.
ensure_mapped_tree() {
    local pkg="$CASUSTAFEL_TREE/casustafel" entry name
    mkdir -p "$pkg"
    for entry in "$CASUSTAFEL_ROOT"/casustafel/*; do
        name="$(basename "$entry")"
        case "$name" in __pycache__ | db | ui | resources) continue ;; esac
        ln -sfn "$entry" "$pkg/$name"
    done
    for name in db ui resources; do
        ln -sfn "$CASUSTAFEL_ROOT/$name" "$pkg/$name"
    done
    # Drop links whose target was removed or renamed since the last run.
    find "$pkg" -maxdepth 1 -xtype l -delete
}

# Rewrite tree paths in tool output back to the real source paths, so that a
# message points at the file a developer edits (db/vault.py, not the link).
unmap_paths() {
    local t="build/typecheck-tree/casustafel"
    sed -e "s#$CASUSTAFEL_ROOT/##g" \
        -e "s#$t/db/#db/#g" -e "s#$t/ui/#ui/#g" -e "s#$t/resources/#resources/#g" \
        -e "s#$t/#casustafel/#g"
}
