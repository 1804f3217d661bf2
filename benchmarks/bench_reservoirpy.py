# Copied unchanged (below this header) from bench/bench_reservoirpy.py of the project's reference
# folder, ../shared/anchors/ beside the repository on the development machines, where it is listed
# as the project's own script. It times ReservoirPy (github.com/reservoirpy/reservoirpy, MIT; the
# reference folder holds 0.3.16), which is not included here: put its source on PYTHONPATH.
# benchmarks/compare_one_shot.sh runs it beside `./liquid4j reservoir`.
import time, sys, numpy as np
import reservoirpy as rpy
from reservoirpy.nodes import Reservoir, Ridge
from reservoirpy.datasets import mackey_glass, to_forecasting
from reservoirpy.observables import nrmse, rsquare
V = rpy.__version__
rpy.verbosity(0) if hasattr(rpy, "verbosity") else None
rpy.set_seed(42)
units = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
forecast = int(sys.argv[2]) if len(sys.argv) > 2 else 10
T = 10000
t0 = time.perf_counter()
X = mackey_glass(T)
X = 2 * (X - X.min()) / (X.max() - X.min()) - 1
t_data = time.perf_counter() - t0
x, y = to_forecasting(X, forecast=forecast)
ntr = 8000
Xtr, Ytr, Xte, Yte = x[:ntr], y[:ntr], x[ntr:], y[ntr:]
kw = dict(lr=0.3, sr=1.25, input_scaling=1.0, rc_connectivity=0.1, input_connectivity=0.2, seed=1234)
res = Reservoir(units, **kw)
ro = Ridge(ridge=1e-8) if V.startswith("0.4") else Ridge(output_dim=1, ridge=1e-8)
esn = res >> ro
t0 = time.perf_counter()
if V.startswith("0.4"):
    res.initialize(Xtr[:1])
else:
    res.initialize(Xtr[:1])
t_init = time.perf_counter() - t0
t0 = time.perf_counter()
esn.fit(Xtr, Ytr, warmup=100)
t_fit = time.perf_counter() - t0
t0 = time.perf_counter()
yp = esn.run(Xte)
t_run = time.perf_counter() - t0
print(f"reservoirpy {V} numpy {np.__version__} units={units} forecast={forecast} T={T} "
      f"mg_gen={t_data:.3f}s init(W+sr)={t_init:.3f}s fit(8000 steps)={t_fit:.3f}s run({len(Xte)} steps)={t_run:.3f}s "
      f"NRMSE(minmax)={nrmse(Yte, yp):.5g} R2={rsquare(Yte, yp):.6f}")
