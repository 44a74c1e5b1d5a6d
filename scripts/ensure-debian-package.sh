#!/usr/bin/env bash
# ensure-debian-package.sh "<check command>" <package>...
# Installs Debian packages when the check fails: directly as root, through sudo when it needs
# no password, otherwise says exactly what to run and fails.
set -euo pipefail
check=$1; shift
if bash -c "$check" >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ]; then
  apt_get="apt-get"
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  apt_get="sudo apt-get"
else
  echo "Missing system package(s): $*" >&2
  echo "Please run:  sudo apt-get update && sudo apt-get install -y $*" >&2
  exit 1
fi
echo "Installing $* with apt-get ..."
export DEBIAN_FRONTEND=noninteractive
$apt_get update -qq
$apt_get install -y -qq --no-install-recommends "$@"
bash -c "$check" >/dev/null 2>&1 || { echo "Installed $*, but the check still fails: $check" >&2; exit 1; }
