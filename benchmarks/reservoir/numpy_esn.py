"""A plain numpy/scipy echo state network with ReservoirPy 0.4's algorithm, for comparison with
`./liquid4j reservoir` on ReservoirPy's tutorial benchmark (Mackey-Glass, 1000 units, lr 0.3,
sr 1.25, input connectivity 0.2, ridge 1e-8, 10 steps ahead, 8000 train / 1990 test, warm-up 100).

Not ReservoirPy itself (which needs SciPy >= 1.11 and is not installed here) but the same
equations: W ~ N(0, 1) at density 0.1 (scipy.sparse.random_array), rescaled to spectral radius
1.25 with ARPACK (v0 = ones, as ReservoirPy); W_in = +-1 at density 0.2; no bias;
x <- (1 - lr) x + lr tanh(W x + W_in u); ridge in the centred form (bias not regularised).
Its time is a lower bound for ReservoirPy's on the same machine (no node/graph overhead).

    python3 benchmarks/reservoir/numpy_esn.py nrmse 1 2 3     # test NRMSE for reservoir seeds 1..3
    python3 benchmarks/reservoir/numpy_esn.py time 5          # init/fit/run seconds, 5 runs
"""
import sys
import time

import numpy as np
import scipy.linalg as la
import scipy.sparse as sp
import scipy.sparse.linalg as sla


def mackey_glass(n, tau=17, a=0.2, b=0.1, power=10, x0=1.2, h=1.0, seed=5555):
    """ReservoirPy's generator: a random history around x0, then RK4 with x(t - tau) frozen."""
    rng = np.random.default_rng(seed)
    history_length = int(np.floor(tau / h))
    history = list(x0 * np.ones(history_length) + 0.2 * (rng.random(history_length) - 0.5))
    xt = x0
    out = np.zeros(n)
    for i in range(n):
        out[i] = xt
        xtau = history.pop(0)
        history.append(xt)

        def f(x):
            return -b * x + a * xtau / (1 + xtau ** power)

        k1 = h * f(xt)
        k2 = h * f(xt + 0.5 * k1)
        k3 = h * f(xt + 0.5 * k2)
        k4 = h * f(xt + k3)
        xt = xt + k1 / 6 + k2 / 3 + k3 / 3 + k4 / 6
    return out


def run(seed, series, units=1000, lr=0.3, sr=1.25, horizon=10, train=8000, test=1990,
        warmup=100, ridge=1e-8):
    u, y = series[:-horizon], series[horizon:]
    t0 = time.perf_counter()
    rng = np.random.default_rng(seed)
    w = sp.random_array((units, units), density=0.1, rng=rng,
                        data_sampler=rng.standard_normal, format="csr")
    rho = abs(sla.eigs(w, k=1, which="LM", maxiter=20 * units, v0=np.ones(units),
                       return_eigenvectors=False))[0]
    w = w * (sr / rho)
    w_in = sp.random_array((units, 1), density=0.2, rng=rng,
                           data_sampler=lambda size: rng.choice([-1.0, 1.0], size=size),
                           format="csr").toarray()[:, 0]
    t1 = time.perf_counter()
    x = np.zeros(units)
    states = np.zeros((train, units))
    for t in range(train):
        x = (1 - lr) * x + lr * np.tanh(w @ x + w_in * u[t])
        states[t] = x
    xs, ys = states[warmup:], y[warmup:train]
    n = len(xs)
    x_mean, y_mean = xs.mean(0), ys.mean()
    xxt = xs.T @ xs - n * np.outer(x_mean, x_mean)
    yxt = xs.T @ ys - n * x_mean * y_mean
    w_out = la.solve(xxt + ridge * np.eye(units), yxt, assume_a="sym")
    bias = y_mean - x_mean @ w_out
    t2 = time.perf_counter()
    test_states = np.zeros((test, units))
    for t in range(test):
        x = (1 - lr) * x + lr * np.tanh(w @ x + w_in * u[train + t])
        test_states[t] = x
    predicted = test_states @ w_out + bias
    t3 = time.perf_counter()
    truth = y[train:train + test]
    nrmse = np.sqrt(np.mean((predicted - truth) ** 2)) / (truth.max() - truth.min())
    return nrmse, t1 - t0, t2 - t1, t3 - t2


def main():
    series = mackey_glass(10000)
    series = 2 * (series - series.min()) / (series.max() - series.min()) - 1
    if sys.argv[1] == "nrmse":
        for seed in map(int, sys.argv[2:]):
            print(seed, run(seed, series)[0], flush=True)
    else:
        for _ in range(int(sys.argv[2])):
            nrmse, init, fit, run_s = run(1234, series)
            print(f"init {init:.3f} s  fit {fit:.3f} s  run {run_s:.3f} s  "
                  f"total {init + fit + run_s:.3f} s  NRMSE {nrmse:.3e}", flush=True)


if __name__ == "__main__":
    main()
