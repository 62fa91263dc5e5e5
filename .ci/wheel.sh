#!/usr/bin/env bash
# CI for the Python package (pyproject.toml, python/forcesim): builds the
# wheel with maturin (its cargo build is the release build .ci/run has just
# made, so only the packaging runs), installs it into a fresh virtual
# environment OUTSIDE the repository, runs a short study there from a folder
# outside the repository, then the package's tests (python/tests) against
# the installed wheel, not the source tree.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
start=$SECONDS
MATURIN_VERSION=1.16.0

new_venv() {
  if ! python3 -m venv "$1" > /dev/null 2>&1; then
    # Debian's python3 lacks venv/ensurepip until python3-venv is installed.
    rm -rf "$1"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq python3-venv > /dev/null
    python3 -m venv "$1"
  fi
}

# maturin, in a tools environment kept in target/ between runs.
TOOLS="${WHEEL_TOOLS_VENV:-target/wheel-tools}"
if ! "$TOOLS/bin/maturin" --version 2> /dev/null | grep -q "$MATURIN_VERSION"; then
  rm -rf "$TOOLS"
  new_venv "$TOOLS"
  "$TOOLS/bin/pip" install --quiet --disable-pip-version-check "maturin==$MATURIN_VERSION"
fi
rm -rf target/wheels
"$TOOLS/bin/maturin" build --release --out target/wheels
WHEEL=$(ls target/wheels/forcesim-*.whl)
echo "wheel: $WHEEL ($(du -k "$WHEEL" | cut -f1) kB, built in $((SECONDS - start)) s)"

# A fresh environment and a working folder, both outside the repository.
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
new_venv "$WORK/venv"
"$WORK/venv/bin/pip" install --quiet --disable-pip-version-check "$WHEEL" \
  pandas==3.1.1 numpy==2.4.6 pytest==9.2.0 openpyxl==3.1.5
mkdir "$WORK/study"
cd "$WORK/study"
unset FORCESIM_BIN
PATH="$WORK/venv/bin:$PATH"

# A short study through the installed package, from a folder that is not
# a checkout: the embedded default, a shipped scenario, a comparison.
python - "$WORK" << 'PY'
import sys
from pathlib import Path

import forcesim as fs

work = Path(sys.argv[1]).resolve()
package = Path(fs.__file__).resolve()
binary = fs.find_binary(build=False)
assert work in package.parents, f"forcesim imported from {package}, not the fresh environment"
assert work in binary.parents, f"forcesim binary {binary} is not the wheel's"
res = fs.run(seed=1, replications=4, set={"horizon_days": 28})
g1 = res.metric("response.g1.within_target_share")
print(f"G1 within target over 28 days: {g1['mean']:.3f} "
      f"(95 % CI {g1['ci95_low']:.3f}-{g1['ci95_high']:.3f}), n = {int(g1['n'])}")
cmp = fs.compare(fs.scenario_path("staffordshire-2018"),
                 "scenarios/staffordshire-2019-operating-model.toml", seed=1, replications=2)
row = cmp.set_index("metric").loc["response.g1.within_target_share"]
print(f"2019 operating model against 2018, G1 within target: {row['difference']:+.3f}")
print(f"package {package.parent}, binary {binary}")
PY
python -m pytest -q -p no:cacheprovider "$REPO/python/tests"
echo "wheel: done in $((SECONDS - start)) s"
