#!/usr/bin/env bash
# Installs the peer simulators that bench/kernel compares our kernel against
# on the ring benchmark (bench/peers/simpy_ring.py, bench/peers/systemc_ring.cpp):
#   python3-simpy3  SimPy 3, into Debian's system Python (run it with /usr/bin/python3)
#   libsystemc-dev  SystemC 2.3 headers and library (g++ -O2 x.cpp -lsystemc)
# Idempotent: does nothing when both packages are already installed.
set -euo pipefail

packages=(python3-simpy3 libsystemc-dev)

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "peers already installed: ${packages[*]}"
  exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "setup.sh: need root (or sudo) to install ${missing[*]}" >&2
    exit 1
  fi
fi

"${as_root[@]}" apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y --no-install-recommends "${missing[@]}"
