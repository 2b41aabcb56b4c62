#!/usr/bin/env bash
# Start Casustafel on a demo vault with synthetic data, setting everything up first.
#
# Usage: scripts/run-demo.sh [--no-app]
#   --no-app   set up and create the demo vault, but do not start the app
#
# The demo vault is demo/demo.casustafel (300 synthetic cases, seed 1), made once
# and reused. Its passphrase is generated once, kept in demo/passphrase.txt
# (readable by you only) and printed every time, so that you can unlock the vault
# in the app. It holds synthetic data only; never put real cases in it. Delete the
# demo/ folder to start over.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"
cd "$CASUSTAFEL_ROOT"

START_APP=1
for arg in "$@"; do
    case "$arg" in
        --no-app) START_APP=0 ;;
        -h | --help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run-demo: unknown option $arg (see --help)" >&2; exit 2 ;;
    esac
done

bash scripts/bootstrap.sh

DEMO_DIR="$CASUSTAFEL_ROOT/demo"
VAULT="$DEMO_DIR/demo.casustafel"
PASSFILE="$DEMO_DIR/passphrase.txt"
CLI="$CASUSTAFEL_VENV/bin/casustafel"

mkdir -p "$DEMO_DIR"
chmod 700 "$DEMO_DIR"
if [ ! -s "$PASSFILE" ]; then
    # Five groups of five letters: easy to type, 25 characters, about 117 bits.
    (umask 077 && "$CASUSTAFEL_VENV/bin/python" -c '
import secrets, string
print("-".join("".join(secrets.choice(string.ascii_lowercase) for _ in range(5)) for _ in range(5)))
' >"$PASSFILE")
fi
PASSPHRASE="$(head -n1 "$PASSFILE")"

if [ ! -e "$VAULT" ]; then
    # Built under a temporary name and renamed when complete: `casustafel demo` removes
    # what it made on an error or Ctrl-C, but not when the script is killed or its
    # terminal closed, and the next run must never open a half-made vault.
    BUILDING="$DEMO_DIR/building.casustafel"
    say "Creating the demo vault $VAULT (synthetic data, seed 1; built as $BUILDING first)"
    rm -rf "$BUILDING"
    if ! "$CLI" demo "$BUILDING" --seed 1 --passphrase-file "$PASSFILE" </dev/null; then
        rm -rf "$BUILDING"
        echo "run-demo: creating the demo vault failed (see above)" >&2
        exit 1
    fi
    mv "$BUILDING" "$VAULT"
fi

cat <<EOF

  Demo-kluis / demo vault : $VAULT
  Wachtwoord / passphrase : $PASSPHRASE
  (synthetische gegevens / synthetic data; the passphrase is also in $PASSFILE)

EOF

if [ "$START_APP" -eq 0 ]; then
    echo "Start the app with: $CLI --vault $VAULT"
    exit 0
fi

# Without a screen Qt would stop with a cryptic plugin error; say it plainly.
if [ "$(uname -s)" = "Linux" ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] &&
    [ -z "${QT_QPA_PLATFORM:-}" ]; then
    echo "run-demo: no screen found (DISPLAY and WAYLAND_DISPLAY are empty)." >&2
    echo "  Run this on a desktop session, or on a server: xvfb-run -a bash scripts/run-demo.sh" >&2
    exit 2
fi

say "Starting Casustafel"
exec "$CLI" --vault "$VAULT"
