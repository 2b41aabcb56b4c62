#!/usr/bin/env bash
# Wrap dist/casustafel (the PyInstaller bundle) into a .deb with dpkg-deb.
# Usage: packaging/build-deb.sh VERSION   (called by scripts/build-app.sh)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
VERSION="$1"
ROOTFS="build/deb/casustafel_${VERSION}_amd64"
rm -rf "$ROOTFS"
mkdir -p "$ROOTFS/DEBIAN" "$ROOTFS/opt" "$ROOTFS/usr/bin" \
    "$ROOTFS/usr/share/applications" "$ROOTFS/usr/share/icons/hicolor/scalable/apps"
cp -a dist/casustafel "$ROOTFS/opt/casustafel"
ln -s /opt/casustafel/casustafel "$ROOTFS/usr/bin/casustafel"
install -m 0644 packaging/casustafel.desktop "$ROOTFS/usr/share/applications/casustafel.desktop"
install -m 0644 packaging/casustafel.svg "$ROOTFS/usr/share/icons/hicolor/scalable/apps/casustafel.svg"
SIZE_KB="$(du -sk "$ROOTFS/opt" | cut -f1)"
cat >"$ROOTFS/DEBIAN/control" <<CONTROL
Package: casustafel
Version: $VERSION
Section: misc
Priority: optional
Architecture: amd64
Installed-Size: $SIZE_KB
Depends: libgl1, libegl1, libfontconfig1, libxkbcommon0, libxkbcommon-x11-0, libdbus-1-3, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-shape0, libxcb-xinerama0, libxcb-randr0, libxcb-render-util0, libxcb-image0
Maintainer: Casustafel <casustafel@example.invalid>
Description: Versleutelde casusregistratie voor casustafels
 Casustafel houdt casussen, signalen, interventies en escalaties van
 gemeentelijke casustafels bij in een versleutelde kluis (SQLCipher).
CONTROL
dpkg-deb --root-owner-group --build "$ROOTFS" "dist/casustafel_${VERSION}_amd64.deb" >/dev/null
echo "dist/casustafel_${VERSION}_amd64.deb"
