#!/usr/bin/env bash
# Build the packaged application: a one-folder PyInstaller bundle, a tarball and a .deb.
#
# Usage: scripts/build-app.sh [--no-deb]
# Output in dist/: casustafel/ (the bundle: `dist/casustafel/casustafel` is the command and,
# without a subcommand, the desktop app), casustafel-VERSION-linux-x86_64.tar.gz and
# casustafel_VERSION_amd64.deb (installs /opt/casustafel, /usr/bin/casustafel, a desktop
# entry and an icon). Windows and macOS use the same spec on their own build machines:
# see docs/packaging.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"
cd "$CASUSTAFEL_ROOT"

# The bundle is built from a regular (not editable) install of this tree in its own
# virtual environment: what ships is exactly what the wheel contains, and PyInstaller
# sees casustafel.db, .ui and .resources as the real package folders they install as
# (the editable install in .venv maps them with an import hook that PyInstaller does not
# follow). Packages come from the same index as .venv, so a second build is quick.
BUILD_VENV="$CASUSTAFEL_ROOT/build/app-venv"
bash scripts/bootstrap.sh >/dev/null
if [ ! -x "$BUILD_VENV/bin/python" ]; then
    say "Creating the build environment (build/app-venv)"
    "$CASUSTAFEL_VENV/bin/python" -m venv "$BUILD_VENV"
fi
PY="$BUILD_VENV/bin/python"
say "Installing Casustafel (not editable) and PyInstaller into build/app-venv"
"$PY" -m pip install --quiet --disable-pip-version-check --upgrade "pyinstaller>=6.10" .
VERSION="$("$PY" -c 'import casustafel; print(casustafel.__version__)')"

say "Building the bundle (PyInstaller, one folder)"
(cd build && "$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath ../dist --workpath pyinstaller ../packaging/casustafel.spec)

say "Tarball"
tar -C dist -czf "dist/casustafel-$VERSION-linux-x86_64.tar.gz" casustafel

if [ "${1:-}" != "--no-deb" ]; then
    say "Debian package"
    bash packaging/build-deb.sh "$VERSION"
fi
say "Done: dist/casustafel/casustafel ($(du -sh dist/casustafel | cut -f1))"
