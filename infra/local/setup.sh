#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine for the local cloud: the Apertium engine with its
# English-Spanish pair (Debian packages) and the npm dependencies. With --tests, also Debian's
# Chromium, which the reader's browser test drives (no browser download).
set -euo pipefail
cd "$(dirname "$0")/../.."

packages=(apertium apertium-eng-spa)
[ "${1:-}" = "--tests" ] && packages+=(chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian's packages..."
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v apertium >/dev/null || { echo "apertium is still missing after the install" >&2; exit 1; }

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "Paragraf needs Node.js 20 or newer (found $(node --version))." >&2
  exit 1
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
echo "Setup done: apertium $(dpkg-query -W -f='${Version}' apertium), node $(node --version)."
