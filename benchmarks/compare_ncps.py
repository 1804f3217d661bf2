#!/usr/bin/env python3
"""liquid4j against ncps 1.0.1 on issue 17's scaling workloads, measured one after the other in one
sitting, printed as a Markdown table with the speed-ups, the goals, and the fraction of the
machine's peak arithmetic rate each counted training step reaches.

    NCPS_SRC=/path/to/ncps-1.0.1 python3 benchmarks/compare_ncps.py [--threads 2] [--suite scaling]

Runs, in this order (progress on standard error, the tables on standard output):
  1. benchmarks/bench_ncps.py --suite SUITE --threads T with PYTHONPATH=$NCPS_SRC under --python
     (default /usr/bin/python3, where Debian's python3-torch installs PyTorch);
  2. ./liquid4j bench --suite SUITE --json (each measurement in a JVM of its own);
  3. ./liquid4j bench --peak --json (peak multiply-add rate and the workloads' flop counts).
The two sides must report the same workload keys. Saved outputs can be rendered again without
measuring: --ncps-json, --liquid4j-json and --peak-json take the files that --save-dir writes.

Only the standard library is needed here; PyTorch is needed by the ncps side, and without it this
script says so and stops before measuring anything. See benchmarks/README.md.
"""
import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# Issue 17's goals: the speed-up over ncps each workload should reach (ncps time / liquid4j time).
GOALS = {
    "train_ltc_fc64": 5.0,
    "train_ltc_ncp128": 10.0,
    "train_ltc_b256": 10.0,
    "train_cfc_256": 8.0,
    "train_cfc_l512": 10.0,
    "train_cfc_mixed": 5.0,
    "infer_ltc_fc64_step_s": 20.0,
    "infer_cfc_256_step_s": 20.0,
}

# The same workloads in words (bench_ncps.py's docstring).
DESCRIPTIONS = {
    "train_ltc_s_per_step": "LTC 8 → AutoNCP(32, 4), 32 × 64",
    "train_cfc_s_per_step": "CfC 8 → 64 units, backbone 128, 32 × 64",
    "infer_ltc_step_s": "LTC 8 → AutoNCP(32, 4), streaming step",
    "infer_cfc_step_s": "CfC 8 → 64 units, backbone 128, streaming step",
    "train_ltc_fc64": "LTC 8 → FullyConnected(64), 32 × 64",
    "train_ltc_ncp128": "LTC 16 → AutoNCP(128, 8), 32 × 128",
    "train_ltc_b256": "LTC 8 → AutoNCP(32, 4), 256 × 64",
    "train_cfc_256": "CfC 16 → 256 units, backbone 256, 64 × 128",
    "train_cfc_l512": "CfC 8 → 64 units, backbone 128, 32 × 512",
    "train_cfc_mixed": "CfC 17 → 128 units, mixed memory, backbone 2 × 128, 128 × 64",
    "infer_ltc_fc64_step_s": "LTC 8 → FullyConnected(64), streaming step",
    "infer_cfc_256_step_s": "CfC 16 → 256 units, backbone 256, streaming step",
}

# The keys of bench_ncps.py's summary that are not workloads.
NCPS_INFO_KEYS = ("threads", "torch")
# The keys of liquid4j's basic/all JSON that are not workloads.
LIQUID4J_INFO_KEYS = ("kernel", "threads")


def fail(message, code=2):
    print("compare_ncps: error: " + message, file=sys.stderr)
    sys.exit(code)


def note(message):
    print("compare_ncps: " + message, file=sys.stderr, flush=True)


def last_json(output, what):
    """The last line of a command's output that is a JSON object."""
    for line in reversed(output.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except json.JSONDecodeError as e:
                fail("%s: the last JSON line does not parse (%s): %s" % (what, e, line[:200]), 1)
    fail("%s printed no JSON object; its output ended with: %s"
         % (what, output.strip()[-500:] or "(nothing)"), 1)


def run(command, what, env=None):
    note("running %s: %s" % (what, " ".join(str(c) for c in command)))
    p = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                       cwd=str(ROOT))
    if p.returncode != 0:
        tail = (p.stderr.strip() or p.stdout.strip())[-2000:]
        fail("%s failed (exit code %d):\n%s" % (what, p.returncode, tail), 1)
    return p.stdout


def ncps_env(src):
    env = dict(os.environ)
    env["PYTHONPATH"] = str(src) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def check_ncps(python, src):
    """Stops with a clear message when the ncps side cannot run: no NCPS_SRC, no PyTorch, no ncps."""
    if src is None:
        fail("no ncps source: set NCPS_SRC (or pass --ncps-src) to the folder that holds ncps 1.0.1's"
             " `ncps` package (on the project's machines: ../shared/anchors/ncps-1.0.1)")
    if not (Path(src) / "ncps" / "__init__.py").is_file():
        fail("NCPS_SRC=%s has no ncps/__init__.py: it must be the folder that holds ncps 1.0.1's"
             " `ncps` package" % src)
    if not Path(python).exists():
        fail("no Python at %s (--python): the ncps side needs a Python with PyTorch" % python)
    probe = subprocess.run([python, "-c", "import torch; print(torch.__version__)"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if probe.returncode != 0:
        reason = (probe.stderr.strip().splitlines() or ["import failed"])[-1]
        fail("PyTorch is not installed for %s (%s). The ncps side needs it: on Debian,"
             " apt-get install python3-torch (PyTorch 1.13, what the recorded figures used), or"
             " pass --python with an interpreter that has torch. Nothing was measured." % (python, reason))
    probe = subprocess.run([python, "-c", "import ncps.torch, ncps.wirings"], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, env=ncps_env(src))
    if probe.returncode != 0:
        reason = (probe.stderr.strip().splitlines() or ["import failed"])[-1]
        fail("ncps does not import from NCPS_SRC=%s under %s (%s)" % (src, python, reason))


def seconds(s):
    if s is None:
        return "–"
    if s >= 1:
        return "%.2f s" % s
    if s >= 1e-3:
        return "%.3g ms" % (s * 1e3)
    return "%.3g µs" % (s * 1e6)


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return "%s, %d cores" % (cpu, os.cpu_count() or 0)


def commit():
    try:
        return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def workload_keys(figures, info):
    return [k for k in figures if k not in info]


def ratio_table(ncps, liquid4j, keys):
    rows = ["| workload | liquid4j | ncps | ratio (ncps / liquid4j) | goal | met |",
            "|---|---|---|---|---|---|"]
    for key in keys:
        mine, theirs = liquid4j[key], ncps[key]
        ratio = theirs / mine if mine > 0 else float("inf")
        goal = GOALS.get(key)
        met = "" if goal is None else ("yes" if ratio >= goal else "**no**")
        rows.append("| %s (`%s`) | %s | %s | %.1f× | %s | %s |" % (
            DESCRIPTIONS.get(key, key), key, seconds(mine), seconds(theirs), ratio,
            "" if goal is None else "≥ %g×" % goal, met))
    return "\n".join(rows)


def peak_table(liquid4j, peak, keys, precision="float64"):
    flops = peak.get("flops_per_step", {})
    trans = peak.get("transcendentals_per_step", {})
    vector = peak.get("peak_gflops_f64_vector_all_cores")
    f64 = vector if vector is not None else peak["peak_gflops_f64_scalar_all_cores"]
    f32 = peak.get("peak_gflops_f32_vector_all_cores") or peak["peak_gflops_f32_scalar_all_cores"]
    kind = ("Vector API, %s-bit" % peak["vector_bits"]) if vector is not None else \
        "scalar Math.fma only: the Vector API was not available"
    ref = f32 if precision == "float32" else f64
    lines = ["Peak multiply-add rate (`./liquid4j bench --peak`, %s, all %d cores): float64 %.1f"
             " GFLOP/s, float32 %.1f GFLOP/s (one core: float64 %.1f)." % (
                 kind, peak["cores"], f64, f32,
                 peak.get("peak_gflops_f64_vector_one_core") or peak["peak_gflops_f64_scalar_one_core"]),
             "",
             "| workload | flops per step | σ/tanh per step | liquid4j (%s) | GFLOP/s | fraction of %s peak |"
             % (precision, precision),
             "|---|---|---|---|---|---|"]
    for key in keys:
        if key not in flops or key not in liquid4j:
            continue
        rate = flops[key] / liquid4j[key] / 1e9
        lines.append("| `%s` | %.3g G | %.3g G | %s | %.1f | %.1f %% |" % (
            key, flops[key] / 1e9, trans.get(key, 0) / 1e9, seconds(liquid4j[key]), rate,
            100 * rate / ref))
    lines.append("")
    lines.append("Flops count additions, multiplications and divisions of forward and backward (an FMA is"
                 " two), over the synapses that exist; σ and tanh are counted apart"
                 " (io.liquid4j.experiments.bench.FlopCount). liquid4j computes in %s." % precision)
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ncps-src", default=os.environ.get("NCPS_SRC"),
                    help="folder holding ncps 1.0.1's `ncps` package (default: $NCPS_SRC)")
    ap.add_argument("--python", default="/usr/bin/python3" if Path("/usr/bin/python3").exists()
                    else sys.executable, help="Python with PyTorch for the ncps side (default: %(default)s)")
    ap.add_argument("--threads", type=int, default=2, help="PyTorch threads (default: 2)")
    ap.add_argument("--suite", default="scaling", choices=["basic", "scaling", "all"],
                    help="workloads (default: scaling, issue 17's)")
    ap.add_argument("--liquid4j", default=str(ROOT / "liquid4j"), help="the launcher (default: %(default)s)")
    ap.add_argument("--repetitions", type=int, help="liquid4j bench --repetitions (default: bench's, 10)")
    ap.add_argument("--warm-up", help="liquid4j bench --warm-up seconds (default: bench's, 5)")
    ap.add_argument("--precision", default="float64",
                    help="liquid4j bench --precision: float64, float32, or both as float64,float32"
                         " (each measured in the same sitting; default: %(default)s)")
    ap.add_argument("--liquid4j-first", action="store_true", help="measure liquid4j before ncps")
    ap.add_argument("--no-peak", action="store_true", help="skip the peak rate and the fraction of peak")
    ap.add_argument("--save-dir", help="also write the three JSON outputs into this folder")
    ap.add_argument("--ncps-json", help="ncps's summary JSON from an earlier run (no ncps run)")
    ap.add_argument("--liquid4j-json", help="liquid4j's JSON from an earlier run (no liquid4j run)")
    ap.add_argument("--peak-json", help="bench --peak's JSON from an earlier run (no peak run)")
    a = ap.parse_args()
    if a.threads < 1:
        fail("--threads must be >= 1, got %d" % a.threads)

    if a.ncps_json is None:
        check_ncps(a.python, a.ncps_src)
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else None

    def measure_ncps():
        if a.ncps_json:
            return last_json(Path(a.ncps_json).read_text(), a.ncps_json)
        out = run([a.python, str(HERE / "bench_ncps.py"), "--suite", a.suite, "--threads", str(a.threads)],
                  "ncps (bench_ncps.py)", env=ncps_env(a.ncps_src))
        return last_json(out, "bench_ncps.py")

    precisions = [p.strip() for p in a.precision.split(",") if p.strip()]
    if not precisions or any(p not in ("float64", "float32") for p in precisions):
        fail("--precision: expected float64, float32 or float64,float32, got '%s'" % a.precision)
    if a.liquid4j_json and len(precisions) > 1:
        fail("--liquid4j-json holds one precision's run; give one --precision with it")

    def measure_liquid4j(precision):
        if a.liquid4j_json:
            return last_json(Path(a.liquid4j_json).read_text(), a.liquid4j_json)
        command = [a.liquid4j, "bench", "--suite", a.suite, "--json", "--quiet", "--precision", precision]
        if a.repetitions is not None:
            command += ["--repetitions", str(a.repetitions)]
        if a.warm_up is not None:
            command += ["--warm-up", str(a.warm_up)]
        return last_json(run(command, "liquid4j bench"), "liquid4j bench")

    if a.liquid4j_first:
        runs = {p: measure_liquid4j(p) for p in precisions}
        ncps = measure_ncps()
    else:
        ncps = measure_ncps()
        runs = {p: measure_liquid4j(p) for p in precisions}
    peak = None
    if not a.no_peak:
        if a.peak_json:
            peak = last_json(Path(a.peak_json).read_text(), a.peak_json)
        else:
            peak = last_json(run([a.liquid4j, "bench", "--peak", "--json", "--quiet"], "liquid4j bench --peak"),
                             "liquid4j bench --peak")
    load_after = os.getloadavg()[0] if hasattr(os, "getloadavg") else None

    if a.save_dir:
        d = Path(a.save_dir)
        d.mkdir(parents=True, exist_ok=True)
        (d / "ncps.json").write_text(json.dumps(ncps) + "\n")
        for p, liquid4j in runs.items():
            name = "liquid4j.json" if p == "float64" else "liquid4j-%s.json" % p
            (d / name).write_text(json.dumps(liquid4j) + "\n")
        if peak is not None:
            (d / "peak.json").write_text(json.dumps(peak) + "\n")

    ncps_keys = workload_keys(ncps, NCPS_INFO_KEYS)
    for liquid4j in runs.values():
        mine_keys = workload_keys(liquid4j, LIQUID4J_INFO_KEYS)
        if set(ncps_keys) != set(mine_keys):
            fail("the two sides measured different workloads: ncps %s, liquid4j %s"
                 % (sorted(ncps_keys), sorted(mine_keys)), 1)

    print("## liquid4j vs ncps 1.0.1, %s suite, measured one after the other" % a.suite)
    print()
    print("%s; %s; liquid4j at commit %s (kernel %s); ncps on PyTorch %s with %s threads; %s." % (
        datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), machine(), commit(),
        (peak or {}).get("kernel", next(iter(runs.values())).get("kernel", "?")), ncps.get("torch", "?"),
        ncps.get("threads", "?"), "saved outputs re-rendered" if a.ncps_json or a.liquid4j_json
        else "load average %.2f before, %.2f after" % (load_before or 0, load_after or 0)))
    print()
    print("Seconds per training step (one Adam step of MSE on random targets, Δt = 1) or per"
          " streaming step (batch 1); median after warm-up.")
    print()
    for p, liquid4j in runs.items():
        print()
        print("### liquid4j in %s" % p)
        print()
        print(ratio_table(ncps, liquid4j, mine_keys))
        if peak is not None:
            print()
            print(peak_table(liquid4j, peak, mine_keys, p))


if __name__ == "__main__":
    main()
