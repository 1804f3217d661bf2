"""ReservoirPy's test NRMSE on the Mackey-Glass tutorial benchmark over several seeds of the
reservoir's matrices: the accuracy side of `./liquid4j reservoir --seeds`. The protocol is
bench_reservoirpy.py's (the project's script from ../shared/anchors/bench/, copied beside this
one): mackey_glass(10000) min-max scaled to [-1, 1], 10 steps ahead, 8000 training steps (100
warm-up), 1990 test steps, Reservoir(units, lr=0.3, sr=1.25, input_scaling=1.0,
rc_connectivity=0.1, input_connectivity=0.2, seed=S) >> Ridge(ridge=1e-8); only the seed and
the units change. ReservoirPy (github.com/reservoirpy/reservoirpy, MIT) is not included here:
put its source on PYTHONPATH. Its 0.3.16 default adds a Bernoulli input bias (bias_scaling 1
at the input connectivity); --no-bias passes input_bias=False (0.3.16) or leaves it out (0.4,
whose default has no bias). Accuracy only: nothing is timed.

    PYTHONPATH=/path/to/reservoirpy-0.3.16 python3 benchmarks/reservoirpy_seeds.py \\
        --units 1000 --seeds 1..10
"""
import argparse
import json

import numpy as np
import reservoirpy as rpy
from reservoirpy.datasets import mackey_glass, to_forecasting
from reservoirpy.nodes import Reservoir, Ridge
from reservoirpy.observables import nrmse


def seed_list(text):
    seeds = []
    for part in text.split(","):
        if ".." in part:
            lo, hi = part.split("..")
            seeds.extend(range(int(lo), int(hi) + 1))
        else:
            seeds.append(int(part))
    return seeds


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--units", type=int, default=1000)
    p.add_argument("--seeds", type=seed_list, default=seed_list("1..10"),
                   help="FROM..TO or a comma-separated list (default 1..10)")
    p.add_argument("--no-bias", action="store_true", help="no input bias (0.4's default)")
    a = p.parse_args()
    version = rpy.__version__
    if hasattr(rpy, "verbosity"):
        rpy.verbosity(0)
    rpy.set_seed(42)
    series = mackey_glass(10000)
    series = 2 * (series - series.min()) / (series.max() - series.min()) - 1
    x, y = to_forecasting(series, forecast=10)
    xtr, ytr, xte, yte = x[:8000], y[:8000], x[8000:], y[8000:]
    scores = []
    for s in a.seeds:
        kw = dict(lr=0.3, sr=1.25, input_scaling=1.0, rc_connectivity=0.1,
                  input_connectivity=0.2, seed=s)
        if a.no_bias and not version.startswith("0.4"):
            kw["input_bias"] = False
        res = Reservoir(a.units, **kw)
        ro = Ridge(ridge=1e-8) if version.startswith("0.4") else Ridge(output_dim=1, ridge=1e-8)
        esn = res >> ro
        esn.fit(xtr, ytr, warmup=100)
        score = float(nrmse(yte, esn.run(xte)))
        scores.append(score)
        print(f"seed {s}: test NRMSE {score:.4e}", flush=True)
    print(json.dumps({"reservoirpy": version, "numpy": np.__version__, "units": a.units,
                      "bias": not a.no_bias, "seeds": a.seeds, "nrmse": scores,
                      "median_nrmse": float(np.median(scores)),
                      "min_nrmse": min(scores), "max_nrmse": max(scores)}))


if __name__ == "__main__":
    main()
