# Copied unchanged (below this header) from bench/bench_ncps.py of the project's reference folder,
# ../shared/anchors/ beside the repository on the development machines, where it is listed as the
# project's own script (not part of ncps). It times ncps 1.0.1 (github.com/mlech26l/ncps, commit
# 695ec22, Apache-2.0), which is not included here: put ncps's source on PYTHONPATH (see
# benchmarks/README.md). `./liquid4j bench --suite basic|scaling|all` measures the same workloads
# under the same keys (io.liquid4j.experiments.bench.TrainingBenchmark; its test reads this file
# to check that the two agree), and benchmarks/compare_ncps.py runs both side by side.
"""Times ncps 1.0.1 (PyTorch, CPU) on fixed workloads; prints one JSON object per workload, then a summary line.

Usage (after ../setup.sh):
  PYTHONPATH=<anchors>/ncps-1.0.1 /usr/bin/python3 bench_ncps.py [--suite basic|scaling|all] [--threads 2]

Training workloads: one Adam step (forward, backward, update) of MSE against uniform(-1, 1) targets,
Δt = 1, inputs uniform(-1, 1); median of 5 timed steps after >= 3 s of warm-up.
Streaming workloads: one step at batch 1 with the state carried (no grad), median per step.

Keys (the same shapes liquid4j's `bench` must use):
  basic:   train_ltc_s_per_step   LTC 8 -> AutoNCP(32, 4), batch 32 x 64 steps
           train_cfc_s_per_step   CfC 8 -> 64 units, backbone 128 x 1, batch 32 x 64
           infer_ltc_step_s       streaming step of that LTC
           infer_cfc_step_s       streaming step of that CfC
  scaling: train_ltc_fc64        LTC 8 -> FullyConnected(64) (= LTC(8, 64)), 32 x 64
           train_ltc_ncp128      LTC 16 -> AutoNCP(128, 8), 32 x 128
           train_ltc_b256        LTC 8 -> AutoNCP(32, 4), 256 x 64
           train_cfc_256         CfC 16 -> 256 units, backbone 256 x 1, 64 x 128
           train_cfc_l512        CfC 8 -> 64 units, backbone 128 x 1, 32 x 512
           train_cfc_mixed       CfC 17 -> 128 units, mixed memory, backbone 128 x 2, 128 x 64
           infer_ltc_fc64_step_s  streaming step of LTC 8 -> FullyConnected(64)
           infer_cfc_256_step_s   streaming step of CfC 16 -> 256 / backbone 256
"""
import argparse, json, time
import torch
from ncps.torch import LTC, CfC
from ncps.wirings import AutoNCP

p = argparse.ArgumentParser()
p.add_argument("--suite", default="basic", choices=["basic", "scaling", "all"])
p.add_argument("--threads", type=int, default=2)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)


def ltc(inp, units):
    return LTC(inp, units, batch_first=True)


def cfc(inp, units, bb, layers=1, mixed=False):
    return CfC(inp, units, backbone_units=bb, backbone_layers=layers, mixed_memory=mixed, batch_first=True)


def median_of(fn, warm_s=3.0, reps=5):
    t0 = time.perf_counter(); n = 0
    while n < 2 or time.perf_counter() - t0 < warm_s:
        fn(); n += 1
    ts = []
    for _ in range(reps):
        s = time.perf_counter(); fn(); ts.append(time.perf_counter() - s)
    return sorted(ts)[reps // 2]


def train_step(model, inp, b, l):
    x = torch.rand(b, l, inp) * 2 - 1
    with torch.no_grad():
        y0, _ = model(x)
    y = torch.rand_like(y0) * 2 - 1
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def step():
        opt.zero_grad()
        out, _ = model(x)
        ((out - y) ** 2).mean().backward()
        opt.step()
    return median_of(step)


def stream_step(model, inp, steps=100):
    x = (torch.rand(1, 1, inp) * 2 - 1)
    state = {"h": None}

    def run():
        with torch.no_grad():
            for _ in range(steps):
                _, state["h"] = model(x, state["h"])
    return median_of(run) / steps


W = {
    "train_ltc_s_per_step": ("basic", lambda: train_step(ltc(8, AutoNCP(32, 4)), 8, 32, 64)),
    "train_cfc_s_per_step": ("basic", lambda: train_step(cfc(8, 64, 128), 8, 32, 64)),
    "infer_ltc_step_s": ("basic", lambda: stream_step(ltc(8, AutoNCP(32, 4)), 8)),
    "infer_cfc_step_s": ("basic", lambda: stream_step(cfc(8, 64, 128), 8)),
    "train_ltc_fc64": ("scaling", lambda: train_step(ltc(8, 64), 8, 32, 64)),
    "train_ltc_ncp128": ("scaling", lambda: train_step(ltc(16, AutoNCP(128, 8)), 16, 32, 128)),
    "train_ltc_b256": ("scaling", lambda: train_step(ltc(8, AutoNCP(32, 4)), 8, 256, 64)),
    "train_cfc_256": ("scaling", lambda: train_step(cfc(16, 256, 256), 16, 64, 128)),
    "train_cfc_l512": ("scaling", lambda: train_step(cfc(8, 64, 128), 8, 32, 512)),
    "train_cfc_mixed": ("scaling", lambda: train_step(cfc(17, 128, 128, 2, True), 17, 128, 64)),
    "infer_ltc_fc64_step_s": ("scaling", lambda: stream_step(ltc(8, 64), 8)),
    "infer_cfc_256_step_s": ("scaling", lambda: stream_step(cfc(16, 256, 256), 16)),
}
summary = {}
for key, (suite, fn) in W.items():
    if a.suite in ("all", suite):
        summary[key] = fn()
        print(json.dumps({key: summary[key]}), flush=True)
summary["threads"] = a.threads
summary["torch"] = torch.__version__
print(json.dumps(summary))
