#!/usr/bin/env bash
# Wrap the .app in a compressed DMG with an /Applications link (drag to install).
#
#   build_scripts/macos/make-dmg.sh "dist/Descarga Masiva SAT.app" VERSION OUTPUT_DIR
#
# Signing: with CODESIGN_IDENTITY set ("Developer ID Application: …") the .app is signed with the hardened
# runtime first; without it, ad hoc (runs on the machine that built it; others must right-click → Open).
# Notarization (xcrun notarytool) needs an Apple account and is left to the release manager.
set -euo pipefail
app=$1
version=$2
out=$3
name="Descarga Masiva SAT"
arch=$(uname -m)
mkdir -p "$out"
if [[ -n "${CODESIGN_IDENTITY:-}" ]]; then
    codesign --force --deep --options runtime --timestamp --sign "$CODESIGN_IDENTITY" "$app"
else
    codesign --force --deep --sign - "$app"
fi
codesign --verify --deep --strict "$app"
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
cp -R "$app" "$staging/"
ln -s /Applications "$staging/Applications"
dmg="$out/descarga-masiva-sat-$version-macos-$arch.dmg"
rm -f "$dmg"
hdiutil create -volname "$name $version" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$dmg"
hdiutil verify "$dmg"
echo "$dmg"
