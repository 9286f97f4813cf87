#!/usr/bin/env bash
# Runs a command with a private, unlocked Secret Service (gnome-keyring on a private D-Bus
# session) in a throwaway HOME, so keytar tests use a real keyring without touching the
# developer's own. Where the tools are missing (macOS, Windows: keytar uses the system
# keychain directly) the command runs as it is.
set -euo pipefail
if [ "$(uname -s)" != "Linux" ] || ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  if [ "$(uname -s)" = "Linux" ]; then
    echo "with-test-keyring: dbus-run-session or gnome-keyring-daemon missing; keyring tests will report no keyring" >&2
  fi
  exec "$@"
fi
scratch=$(mktemp -d "${TMPDIR:-/tmp}/plannr-keyring.XXXXXX")
cleanup() { rm -rf "$scratch"; }
trap cleanup EXIT
mkdir -p "$scratch/home" "$scratch/data" "$scratch/run"
chmod 700 "$scratch/run"
export PLANNR_REAL_HOME="${HOME:-}"
export HOME="$scratch/home" XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/run"
export PLANNR_TEST_KEYRING=1
dbus-run-session -- bash -c '
  printf "test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  exec "$@"' bash "$@"
