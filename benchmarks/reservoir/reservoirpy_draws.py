"""ReservoirPy 0.4.2's random draws for `Reservoir(1000, lr=0.3, sr=1.25, input_connectivity=0.2,
seed=S)`, replayed with numpy/scipy (ReservoirPy itself needs SciPy >= 1.11 and is not installed
here): `default_rng(S).spawn(3)` gives the streams of W_in, W and the bias; W_in is
`scipy.sparse.random_array` at density 0.2 with +-1 values from `choice([1, -1], p=[.5, .5])`; W
at density 0.1 with `scipy.stats.norm.rvs` values, rescaled by ARPACK's spectral radius (v0 =
ones). Then the tutorial benchmark as in numpy_esn.py. Used to check whether ReservoirPy's
published NRMSE (3.2e-5 at seed 1234) is a property of its draw.

    python3 benchmarks/reservoir/reservoirpy_draws.py 1234 1 2 3
"""
import sys

import numpy as np
import scipy.linalg as la
import scipy.sparse as sp
import scipy.sparse.linalg as sla
import scipy.stats as st

from numpy_esn import mackey_glass


def draws(seed, units=1000):
    win_rng, w_rng, _bias_rng = np.random.default_rng(seed).spawn(3)
    w_in = sp.random_array(
        (units, 1), density=0.2, format="csr", rng=win_rng, dtype=np.float64,
        data_sampler=lambda size=1: win_rng.choice([1.0, -1.0], p=[0.5, 0.5], size=size))
    w = sp.random_array(
        (units, units), density=0.1, format="csr", rng=w_rng, dtype=np.float64,
        data_sampler=lambda size=1: st.norm(loc=0, scale=1).rvs(size=size, random_state=w_rng))
    rho = max(abs(sla.eigs(w, k=1, which="LM", maxiter=20 * units, v0=np.ones(units),
                           return_eigenvectors=False)))
    return w * (1.25 / rho), w_in.toarray()[:, 0]


def nrmse(seed, series, units=1000, lr=0.3):
    w, w_in = draws(seed, units)
    u, y = series[:-10], series[10:]
    x = np.zeros(units)
    states = np.zeros((9990, units))
    for t in range(9990):
        x = (1 - lr) * x + lr * np.tanh(w @ x + w_in * u[t])
        states[t] = x
    xs, ys = states[100:8000], y[100:8000]
    n = len(xs)
    x_mean, y_mean = xs.mean(0), ys.mean()
    a = xs.T @ xs - n * np.outer(x_mean, x_mean) + 1e-8 * np.eye(units)
    b = xs.T @ ys - n * x_mean * y_mean
    w_out = la.solve(a, b, assume_a="sym")
    predicted = states[8000:9990] @ w_out + (y_mean - x_mean @ w_out)
    truth = y[8000:9990]
    return np.sqrt(np.mean((predicted - truth) ** 2)) / (truth.max() - truth.min())


if __name__ == "__main__":
    mg = mackey_glass(10000)
    mg = 2 * (mg - mg.min()) / (mg.max() - mg.min()) - 1
    for s in map(int, sys.argv[1:]):
        print(s, nrmse(s, mg), flush=True)
