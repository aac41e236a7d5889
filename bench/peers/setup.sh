#!/usr/bin/env bash
# Installs the peers the benchmarks compare against:
#   python3-simpy3  SimPy 3, into Debian's system Python (run it with /usr/bin/python3),
#                   for bench/kernel's ring (bench/peers/simpy_ring.py)
#   libsystemc-dev  SystemC 2.3 headers and library (g++ -O2 x.cpp -lsystemc),
#                   for bench/kernel's ring (bench/peers/systemc_ring.cpp)
#   python3-torch   PyTorch (CPU), into Debian's system Python, for bench/train's
#                   Criteo-shaped training peer (bench/peers/torch_train.py)
# Idempotent: does nothing when every package is already installed.
set -euo pipefail

packages=(python3-simpy3 libsystemc-dev python3-torch)

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
