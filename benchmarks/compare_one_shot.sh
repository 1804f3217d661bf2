#!/usr/bin/env bash
# One-shot runs side by side, as a user runs them (a fresh process each, JVM start included in the
# wall-clock): `./liquid4j reservoir` beside ReservoirPy's tutorial setting, and `./liquid4j spike
# cuba` beside Brian2's CUBA in C++ standalone mode, alternating, RUNS times each (default 3).
#   RESERVOIRPY_SRC=/path/to/reservoirpy-0.3.16 bash benchmarks/compare_one_shot.sh [RUNS]
# Needs /usr/bin/python3 with NumPy, SciPy and Brian2 (Debian: python3-numpy python3-scipy
# python3-brian) and g++ for Brian2's standalone mode. Run it on an otherwise idle machine.
set -u
cd "$(dirname "$0")/.."
runs=${1:-3}
if [ -z "${RESERVOIRPY_SRC:-}" ] || [ ! -d "$RESERVOIRPY_SRC/reservoirpy" ]; then
  echo "compare_one_shot: set RESERVOIRPY_SRC to ReservoirPy's source folder (the one holding reservoirpy/)" >&2
  exit 2
fi
if ! /usr/bin/python3 -c 'import brian2' 2>/dev/null; then
  echo "compare_one_shot: /usr/bin/python3 cannot import brian2 (Debian: apt-get install python3-brian)" >&2
  exit 2
fi
here=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "# $(date -u '+%Y-%m-%d %H:%M') UTC, commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), load $(cut -d' ' -f1-3 /proc/loadavg)"
./liquid4j --version >/dev/null 2>&1 # build and class-data archive outside the timings
echo "## reservoir: init + fit + run, and the whole command's wall-clock"
for i in $(seq "$runs"); do
  ( cd "$work" && /usr/bin/time -f "reservoirpy whole script %e s" env PYTHONPATH="$RESERVOIRPY_SRC" \
      /usr/bin/python3 "$here/benchmarks/bench_reservoirpy.py" ) 2>&1 | grep -E "^reservoirpy"
  /usr/bin/time -f "liquid4j whole command %e s" ./liquid4j reservoir 2>&1 | grep -E "^time:|whole"
done
echo "## CUBA, 1 s of 4000 neurons: each side's own run time, code generation excluded"
for i in $(seq "$runs"); do
  ( cd "$work" && /usr/bin/python3 "$here/benchmarks/bench_brian2_cuba.py" cpp_standalone 1 ) 2>&1 \
      | grep -E "^CUBA"
  ./liquid4j spike cuba --quiet --output "$work/cuba.svg" --force 2>&1 | grep -E "^time:"
done
echo "# load after $(cut -d' ' -f1-3 /proc/loadavg)"
