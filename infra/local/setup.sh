#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine for the local cloud: the Apertium engine with Debian's
# English pairs (Spanish, Catalan, Galician) and the Spanish ones the local engine reaches French,
# Portuguese and Italian through (en -> es -> fr), and the npm dependencies. With --tests, also Debian's
# Chromium, which the reader's browser test drives (no browser download), the AWS CLI and boto3,
# the real clients the conformance suite drives against paragraf serve, and tmux, the terminal the
# progress test runs `paragraf run` in. With --pairs, more
# Apertium language pairs by mode name (paragraf languages lists them), e.g. --pairs es-ro,spa-cat.
set -euo pipefail
cd "$(dirname "$0")/../.."

packages=(apertium apertium-eng-spa apertium-eng-cat apertium-en-gl apertium-fr-es apertium-es-pt apertium-spa-ita)
# The Debian package behind each Apertium mode that translates to or from English or Spanish: the
# table the local engine reads too (infra/local/apertium-pairs.json), read with the machine's Node.
pairs_table=infra/local/apertium-pairs.json
package_of() { node -e 'const p = require(process.argv[1]).packages; process.stdout.write(p[process.argv[2]] ?? "")' "$PWD/$pairs_table" "$1"; }
known_pairs() { node -e 'process.stdout.write(Object.keys(require(process.argv[1]).packages).join(" "))' "$PWD/$pairs_table"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --tests) packages+=(chromium awscli python3-boto3 tmux libxml2-utils) ;;
    --pairs)
      [ $# -ge 2 ] || { echo "--pairs needs a list such as eng-cat,en-gl" >&2; exit 2; }
      IFS=',' read -ra wanted <<<"$2"
      for mode in "${wanted[@]}"; do
        package=$(package_of "$mode")
        if [ -z "$package" ]; then
          echo "No Debian package is known for the pair \"$mode\". Known: $(known_pairs)" >&2
          exit 2
        fi
        packages+=("$package")
      done
      shift ;;
    *) echo "Unknown option $1. Usage: setup.sh [--tests] [--pairs eng-cat,en-gl]" >&2; exit 2 ;;
  esac
  shift
done
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Another install (unattended-upgrades, a second terminal) may hold the package manager's lock:
# wait for it, saying so, for up to PARAGRAF_APT_LOCK_WAIT seconds (5 minutes), then give up clearly.
wait_for_package_manager() {
  local limit=${PARAGRAF_APT_LOCK_WAIT:-300} waited=0 said=""
  # apt-get check takes the dpkg lock and nothing else: no download, no change.
  while ! err=$("${as_root[@]}" apt-get check -qq 2>&1 >/dev/null); do
    if ! grep -qiE "could not get lock|unable to acquire" <<<"$err"; then
      echo "$err" >&2
      return 1
    fi
    if [ "$waited" -ge "$limit" ]; then
      echo "The package manager is still locked by another install after ${limit} s ($(grep -oiE 'held by process [0-9]+( \([^)]*\))?' <<<"$err" | head -1 || true)). Let it finish (or stop it), then run this again." >&2
      return 1
    fi
    [ -n "$said" ] || echo "Another install holds the package manager's lock; waiting for it (up to ${limit} s)..."
    said=1
    sleep 2
    waited=$((waited + 2))
  done
}

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian's packages..."
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  wait_for_package_manager
  lock_wait=(-o "DPkg::Lock::Timeout=${PARAGRAF_APT_LOCK_WAIT:-300}")
  "${as_root[@]}" apt-get "${lock_wait[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get "${lock_wait[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v apertium >/dev/null || { echo "apertium is still missing after the install" >&2; exit 1; }

# Node 24, the Lambda runtime, for everything the project runs, whatever Node the machine has: the
# `node` devDependency (npm's node@24 package) is node_modules/.bin/node, which `npm start`,
# `npm test`, `npm run`, `npx paragraf` and `npm exec` put first on PATH. The system's Node is left
# alone. On an older Node, npm ci itself runs under a copy of the same version, fetched first.
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ] \
  || [ ! -x node_modules/.bin/node ]; then
  if [ "$node_major" -lt 24 ]; then
    version=$(node -p 'require("./package-lock.json").packages["node_modules/node"].version')
    bootstrap=.paragraf/node-$version
    if [ ! -x "$bootstrap/node_modules/.bin/node" ]; then
      echo "Node $(node --version) is older than the Lambda runtime: fetching Node $version from npm into $bootstrap..."
      mkdir -p "$bootstrap"
      # A package.json of its own: npm runs the node package's install script only where allowed.
      printf '{"private":true,"dependencies":{"node":"%s"},"allowScripts":{"node":true}}\n' "$version" >"$bootstrap/package.json"
      npm install --prefix "$bootstrap" --no-package-lock --no-audit --no-fund --loglevel=error >/dev/null
    fi
    PATH="$PWD/$bootstrap/node_modules/.bin:$PATH" npm ci --no-audit --no-fund
  else
    npm ci --no-audit --no-fund
  fi
fi
echo "Setup done: apertium $(dpkg-query -W -f='${Version}' apertium), node $(npm exec -- node --version) for npm start, npm test and npx paragraf."
