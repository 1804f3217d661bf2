#!/usr/bin/env python3
"""Loads a liquid4j model into ncps through `liquid4j export-ncps` and compares ncps's outputs with
`liquid4j predict`'s on the same inputs. A check to run by hand (not a test): it needs PyTorch.

    NCPS_SRC=/path/to/ncps-1.0.1 python3 scripts/check_ncps_export.py --model MODEL \
        [--input X.npy] [--timespans T.npy] [--dtype float32|float64] [--work DIR]

Steps:
  1. ./liquid4j export-ncps --model MODEL --output WORK/export --dtype DTYPE --force;
  2. builds the ncps module from WORK/export/config.json (ncps.torch.LTC or CfC, a wiring from
     ncps.wirings) and loads WORK/export/model.safetensors with load_state_dict(strict=True)
     (model.double() first for float64);
  3. runs X (default: 3 seeded random sequences of 20 steps) with T (default: irregular Δt drawn
     in [0.2, 1.7]) through ncps, one sequence at a time: ncps 1.0.1 broadcasts timespans wrongly
     for a batch of more than one (ncps issue #81), and a batch of one is exact;
  4. runs ./liquid4j predict --no-preprocessing on the same arrays (the export's preprocessing.json,
     if any, is not applied on either side) and compares outputs and final states within
     1e-5 + 1e-3 * |liquid4j| (predict writes float32).

Prints the largest differences and PASS or FAIL (exit 1). Needs numpy and torch; safetensors is
used when installed, otherwise the file is read with numpy.
"""
import argparse
import json
import os
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def read_safetensors(path):
    """The tensors of a safetensors file as numpy arrays (F32 and F64 only)."""
    data = Path(path).read_bytes()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    out = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        dtype = {"F32": "<f4", "F64": "<f8"}[entry["dtype"]]
        begin, end = entry["data_offsets"]
        out[name] = np.frombuffer(data[8 + n + begin:8 + n + end], dtype=dtype).reshape(
            entry["shape"]).copy()
    return out


def build_ncps_module(export_dir):
    """The module config.json describes, with the state_dict loaded strictly."""
    import torch
    import ncps.torch
    import ncps.wirings

    kwargs = json.loads((export_dir / "config.json").read_text())
    cls = getattr(ncps.torch, kwargs.pop("model"))
    if isinstance(kwargs["units"], dict):
        wiring = dict(kwargs["units"])
        kwargs["units"] = getattr(ncps.wirings, wiring.pop("type"))(**wiring)
    module = cls(**kwargs)
    try:
        import safetensors.torch
        state = safetensors.torch.load_file(str(export_dir / "model.safetensors"))
    except ImportError:
        state = {k: torch.from_numpy(v) for k, v in
                 read_safetensors(export_dir / "model.safetensors").items()}
    if next(iter(state.values())).dtype == torch.float64:
        module = module.double()
    module.load_state_dict(state)  # strict: every key present, none extra, shapes equal
    module.eval()
    return module, kwargs


def run(cmd):
    print("+ " + " ".join(str(c) for c in cmd), file=sys.stderr)
    subprocess.run([str(c) for c in cmd], check=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--model", required=True, help="liquid4j model file")
    p.add_argument("--input", help="X.npy (B, L, S); default: seeded random")
    p.add_argument("--timespans", help="T.npy (B, L) or (B, L, 1); default: irregular random")
    p.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    p.add_argument("--work", default="target/ncps-export-check", help="working folder")
    p.add_argument("--liquid4j", default=str(ROOT / "liquid4j"), help="the launcher")
    args = p.parse_args()

    if os.environ.get("NCPS_SRC"):
        sys.path.insert(0, os.environ["NCPS_SRC"])
    try:
        import torch
    except ImportError:
        sys.exit("check_ncps_export.py: PyTorch is not importable by " + sys.executable
                 + "; nothing was run")

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    export_dir = work / "export"
    run([args.liquid4j, "export-ncps", "--model", args.model, "--output", export_dir,
         "--dtype", args.dtype, "--force"])
    module, kwargs = build_ncps_module(export_dir)
    mixed = kwargs.get("mixed_memory", False)

    rng = np.random.default_rng(20261207)
    if args.input:
        x = np.load(args.input).astype(np.float64)
    else:
        x = rng.uniform(-1, 1, size=(3, 20, kwargs["input_size"]))
    if args.timespans:
        ts = np.load(args.timespans).astype(np.float64).reshape(x.shape[0], x.shape[1])
    else:
        ts = rng.uniform(0.2, 1.7, size=x.shape[:2])
    np.save(work / "x.npy", x)
    np.save(work / "t.npy", ts)

    outs = [work / "y.npy", work / "h.npy"] + ([work / "c.npy"] if mixed else [])
    cmd = [args.liquid4j, "predict", "--model", args.model, "--input", work / "x.npy",
           "--timespans", work / "t.npy", "--no-preprocessing", "--force",
           "--output", outs[0], "--final-state", outs[1]]
    if mixed:
        cmd += ["--final-memory", outs[2]]
    run(cmd)
    expected = [np.load(o).astype(np.float64) for o in outs]

    torch_dtype = torch.float64 if args.dtype == "float64" else torch.float32
    # ncps starts from float32 zeros when no state is given, which a float64 module's LSTM
    # refuses to multiply: the zeros are given in the module's dtype.
    h0 = torch.zeros((1, module.state_size), dtype=torch_dtype)
    hx = (h0, h0.clone()) if mixed else h0
    ys, hs, cs = [], [], []
    with torch.no_grad():
        for b in range(x.shape[0]):
            xb = torch.tensor(x[b:b + 1], dtype=torch_dtype)
            tb = torch.tensor(ts[b:b + 1, :, None], dtype=torch_dtype)
            y, state = module(xb, hx, timespans=tb)
            h, c = state if mixed else (state, None)
            ys.append(y.numpy()[0])
            hs.append(h.numpy()[0])
            if mixed:
                cs.append(c.numpy()[0])
    actual = [np.stack(ys), np.stack(hs)] + ([np.stack(cs)] if mixed else [])

    ok = True
    for name, want, got in zip(["outputs", "final h", "final c"], expected, actual):
        if want.shape != got.shape:
            print(f"{name}: shape {got.shape} from ncps, {want.shape} from liquid4j")
            ok = False
            continue
        diff = np.abs(got - want)
        bound = 1e-5 + 1e-3 * np.abs(want)
        worst = float(diff.max())
        print(f"{name}: shape {want.shape}, max |ncps - liquid4j| = {worst:.3g}, "
              f"{int((diff > bound).sum())} values beyond 1e-5 + 1e-3*|ref|")
        ok &= bool((diff <= bound).all())
    print(("PASS" if ok else "FAIL") + f": {args.model} loaded into ncps ({args.dtype}, strict"
          " load_state_dict)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
