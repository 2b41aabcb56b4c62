#!/usr/bin/env bash
# Set up everything Casustafel needs on a Debian machine; idempotent and quick when done.
#
# Usage: scripts/bootstrap.sh
#
# 1. Debian system packages: Python 3.11 with venv, the shared libraries Qt (PySide6)
#    needs, and poppler-utils (pdftoppm, used by tests to render PDFs). Only missing
#    packages are installed, after one `apt-get update`; as root directly, otherwise
#    through sudo when available.
# 2. A virtual environment in .venv with Python 3.11.
# 3. The project, editable, with its development tools: pip install -e ".[dev]".
#    Skipped when pyproject.toml has not changed since the last successful install.
# 4. A check that Qt's platform plugins find every library they link against.
#
# Exit code 0 when the machine is ready; non-zero with a message saying what is missing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"
cd "$CASUSTAFEL_ROOT"

export PIP_NO_INPUT=1 PIP_DISABLE_PIP_VERSION_CHECK=1 DEBIAN_FRONTEND=noninteractive

# Debian packages for the Qt libraries in the PySide6 wheels: OpenGL/EGL, fonts,
# keyboard, D-Bus, GLib, and the xcb libraries of the X11 platform plugin (the
# desktop app); the offscreen plugin used by the tests needs a subset of these.
QT_PACKAGES=(
    libegl1 libgl1 libopengl0 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0
    libxkbcommon0 libxkbcommon-x11-0 libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0
    libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render0
    libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-xfixes0
    libxcb-xinerama0 libxcb-xkb1
)
OTHER_PACKAGES=(poppler-utils)

fail() {
    echo "bootstrap: $*" >&2
    exit 1
}

# Run a command as root: directly when we are root (CI), else through sudo.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        fail "root rights needed for: $* (run as root, or install sudo)"
    fi
}

# Print the packages among the arguments that dpkg does not list as installed.
missing_packages() {
    local installed
    # dpkg-query exits 1 when it knows a name not at all: that is a missing one.
    installed="$({ dpkg-query -W -f='${Package} ${db:Status-Status}\n' "$@" 2>/dev/null || true; } |
        awk '$2 == "installed" { print $1 }')"
    local pkg
    for pkg in "$@"; do
        grep -qx "$pkg" <<<"$installed" || echo "$pkg"
    done
}

APT_UPDATED=0
apt_install() {
    [ "$#" -gt 0 ] || return 0
    if ! command -v apt-get >/dev/null 2>&1; then
        fail "missing system packages ($*), and this is not a Debian machine: install them by hand"
    fi
    say "Installing Debian packages: $*"
    if [ "$APT_UPDATED" -eq 0 ]; then
        as_root apt-get update -qq
        APT_UPDATED=1
    fi
    as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

is_python311() {
    "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' >/dev/null 2>&1
}

find_python311() {
    local cand
    for cand in python3.11 python3; do
        if command -v "$cand" >/dev/null 2>&1 && is_python311 "$cand"; then
            command -v "$cand"
            return 0
        fi
    done
    return 1
}

# --- 1. System packages -------------------------------------------------------
HAVE_DPKG=0
command -v dpkg-query >/dev/null 2>&1 && HAVE_DPKG=1

PYTHON="$(find_python311 || true)"
if [ -z "$PYTHON" ]; then
    [ "$HAVE_DPKG" -eq 1 ] || fail "Python 3.11 not found; install it and run again"
    apt_install python3.11 python3.11-venv
    PYTHON="$(find_python311 || true)"
    [ -n "$PYTHON" ] || fail "Python 3.11 could not be installed from this machine's package sources"
fi
# Debian splits venv/ensurepip into its own package; other Pythons ship it.
if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    [ "$HAVE_DPKG" -eq 1 ] || fail "$PYTHON has no venv/ensurepip module"
    apt_install python3.11-venv
fi

if [ "$HAVE_DPKG" -eq 1 ]; then
    mapfile -t MISSING < <(missing_packages "${QT_PACKAGES[@]}" "${OTHER_PACKAGES[@]}")
    apt_install "${MISSING[@]}"
else
    echo "bootstrap: no dpkg here; not checking system libraries (Qt needs OpenGL, fontconfig, xcb)" >&2
fi

# --- 2. Virtual environment ---------------------------------------------------
if [ -x "$CASUSTAFEL_VENV/bin/python" ] && ! is_python311 "$CASUSTAFEL_VENV/bin/python"; then
    say "Replacing .venv: it is not Python 3.11"
    rm -rf "$CASUSTAFEL_VENV"
fi
if [ ! -x "$CASUSTAFEL_VENV/bin/python" ]; then
    say "Creating .venv with $("$PYTHON" --version)"
    "$PYTHON" -m venv "$CASUSTAFEL_VENV"
fi
VPY="$CASUSTAFEL_VENV/bin/python"

# --- 3. The project and its tools ---------------------------------------------
# The stamp records what was installed; a changed pyproject.toml or Python means
# installing again. The import check catches a venv that was moved or damaged,
# or an editable install that points at another checkout.
STAMP="$CASUSTAFEL_VENV/.casustafel-bootstrap"
WANT="$(sha256sum pyproject.toml | cut -d' ' -f1) $("$VPY" -c 'import sys; print(sys.version)' | head -1)"
# pip, with the one warning this workplace's pip configuration repeats for every
# package (an extra package folder that does not exist) left out; all else shows.
# setuptools' notice "Editable installation. Please be careful with folders in your
# working directory with the same name as your package" is information only (our
# db/ and ui/ folders are mapped into the package on purpose) and is filtered too.
pip_quiet() {
    PYTHONWARNINGS="ignore:Editable installation" \
        "$VPY" -m pip "$1" -q --root-user-action=ignore "${@:2}" 2>&1 |
        { grep -v "is ignored: it is neither a file nor a directory" || true; }
    return "${PIPESTATUS[0]}"
}
installed_here() {
    "$VPY" - "$CASUSTAFEL_ROOT" <<'PY' >/dev/null 2>&1
import importlib.util
import sys
from pathlib import Path

root = Path(sys.argv[1]).resolve()
for name, folder in [("casustafel", "casustafel"), ("casustafel.db", "db"),
                     ("casustafel.ui", "ui"), ("casustafel.resources", "resources")]:
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.origin is not None
    assert Path(spec.origin).resolve().parent == root / folder, (name, spec.origin)
for tool in ("pytest", "pytestqt", "hypothesis", "mypy", "importlinter", "build"):
    assert importlib.util.find_spec(tool) is not None, tool
PY
}
if [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ] || ! installed_here; then
    say "Installing Casustafel and its development tools into .venv (pip)"
    pip_quiet install --upgrade pip
    pip_quiet install -e ".[dev]"
    installed_here || fail "the editable install in .venv does not import from $CASUSTAFEL_ROOT"
    echo "$WANT" >"$STAMP"
fi

# --- 4. Qt can load its platform plugins --------------------------------------
QT_DIR="$("$VPY" -c 'import pathlib, PySide6; print(pathlib.Path(PySide6.__file__).parent / "Qt")')"
unresolved() { ldd "$@" 2>/dev/null | awk '/not found/ { print $1 }' | sort -u | tr '\n' ' '; }
if command -v ldd >/dev/null 2>&1; then
    OFFSCREEN="$(unresolved "$QT_DIR/plugins/platforms/libqoffscreen.so" "$QT_DIR"/lib/libQt6Widgets.so.6)"
    [ -z "$OFFSCREEN" ] || fail "Qt (offscreen) cannot load these libraries: $OFFSCREEN"
    XCB="$(unresolved "$QT_DIR/plugins/platforms/libqxcb.so")"
    [ -z "$XCB" ] || echo "bootstrap: warning: Qt's X11 plugin lacks $XCB; the app needs them on a desktop" >&2
fi

say "Ready: .venv ($("$VPY" --version)), Casustafel installed from $CASUSTAFEL_ROOT"
