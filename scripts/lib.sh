# Shared by scripts/demo and scripts/test: installs what is missing on a Debian/Ubuntu
# machine (apt packages, Rust, Node.js, npm packages) and builds Parley.
# shellcheck shell=bash

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Outside the clone, so a fresh clone (and CI) reuses earlier builds.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/parley/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

# What Tauri needs to build and run on Linux.
APP_PACKAGES=(libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev libsoup-3.0-dev libgtk-3-dev pkg-config
  libdbus-1-dev
  # WebKit plays voice notes and videos through GStreamer; these are only "recommended"
  # by libwebkit2gtk, so a machine set up without recommends would show silent players.
  gstreamer1.0-libav gstreamer1.0-gl
  # Customers write in emoji; without a colour emoji font they show as empty boxes.
  fonts-noto-color-emoji)
# What the tests add: a virtual display, a private session bus with a keyring, and the
# WebDriver that drives the real app.
TEST_PACKAGES=(xvfb xauth webkit2gtk-driver dbus dbus-x11 gnome-keyring libsecret-1-dev
  libsecret-tools keyutils
  # fakeaudiosink: the end-to-end test's speakers on a machine without a sound device.
  gstreamer1.0-plugins-bad)

say() { printf '\n==> %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

need_apt() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "Installing system packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
}

need_rust() {
  if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
  if ! command -v cargo >/dev/null 2>&1; then
    say "Installing Rust (rustup)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
  if command -v rustup >/dev/null 2>&1; then
    rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
    rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
  fi
}

need_node() {
  local major=0
  if command -v node >/dev/null 2>&1; then
    major="$(node -p 'process.versions.node.split(".")[0]')"
  fi
  if [ "$major" -lt 18 ]; then
    say "Installing Node.js and npm"
    need_apt nodejs npm
  fi
}

# npm packages exactly as locked. Install scripts stay off: nothing Parley uses needs
# them, and some (WebDriver downloads) would reach for the internet.
ui_packages() {
  if [ ! -f ui/node_modules/.package-lock.json ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
    say "Installing npm packages (npm ci)"
    (cd ui && npm ci --ignore-scripts --no-audit --no-fund)
  fi
}

build_ui() {
  say "Building the UI"
  (cd ui && npm run build)
}

# The desktop binary with the UI built in (tauri's custom-protocol): what a release
# serves, without needing the Vite dev server.
DESKTOP_BIN="$CARGO_TARGET_DIR/debug/parley-desktop"
build_desktop() {
  say "Building the desktop app"
  cargo build -p parley-desktop --features custom-protocol
}

# Runs "$@" in a private D-Bus session with a fresh, unlocked gnome-keyring, so the
# keyring (Secret Service) works on a headless machine and never touches the user's own.
with_session_keyring() {
  local keyrings status=0
  keyrings="$(mktemp -d)"
  XDG_DATA_HOME="$keyrings" dbus-run-session -- bash -c '
    printf "parley-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
    exec "$@"' bash "$@" || status=$?
  rm -rf "$keyrings"
  return "$status"
}
