#!/usr/bin/env bash
# CI for the example notebooks (examples/notebooks): they are committed
# without outputs; every notebook executes headless without a cell error.
# They import the helper from the checkout (examples/notebooks/forcesim is
# a link to python/forcesim); its tests run against the built wheel in
# .ci/wheel.sh. Creates (or reuses) a virtual environment in
# target/notebook-venv with the pinned requirements.
set -euo pipefail
cd "$(dirname "$0")/.."
NB=examples/notebooks
VENV="${NOTEBOOK_VENV:-target/notebook-venv}"
start=$SECONDS

python3 "$NB/check_no_outputs.py"

if ! "$VENV/bin/python" -c '' 2> /dev/null; then
  rm -rf "$VENV"
  if ! python3 -m venv "$VENV" > /dev/null 2>&1; then
    # Debian's python3 lacks venv/ensurepip until python3-venv is installed.
    rm -rf "$VENV"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq python3-venv > /dev/null
    python3 -m venv "$VENV"
  fi
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$NB/requirements.txt"
export PATH="$PWD/$VENV/bin:$PATH"
echo "notebook venv ready ($((SECONDS - start)) s)"

cargo build --release --quiet
export FORCESIM_BIN="$PWD/target/release/forcesim"

OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
for notebook in "$NB"/*.ipynb; do
  t=$SECONDS
  # nbconvert exits non-zero if any cell raises.
  jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=600 \
    --output-dir "$OUT" --log-level=WARN "$notebook"
  echo "executed $notebook ($((SECONDS - t)) s)"
done
echo "notebooks: done in $((SECONDS - start)) s"
