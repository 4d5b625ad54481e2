# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by the benchmark scripts: the Python reference and a Release build.
# Debian's python3-torch imports only under /usr/bin/python3.
if ! /usr/bin/python3 -c "import torch, numpy" 2>/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-torch python3-numpy
fi
[ -d build ] || cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
