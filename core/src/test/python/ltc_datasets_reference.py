"""Reference values for io.liquid4j.data tests (not run by the build).

Mirrors the preprocessing of occupancy.py, gesture.py, ozone.py and traffic.py in
raminmh/liquid_time_constant_networks with numpy only (no pandas, no TensorFlow), with two
deliberate differences that the Java loaders share:
  * everything stays float64 (gesture.py and traffic.py cast to float32 first);
  * sequences are the windows (the fixed, non-transposed layout; ozone.py at HEAD still
    stacks on the wrong axis, traffic.py was fixed in commit a0bede1).

Run from the repository root:  python3 core/src/test/python/ltc_datasets_reference.py
The printed numbers are pasted, with a comment, into core/src/test/java/io/liquid4j/data/*.
"""
import csv
import datetime as dt
import os

import numpy as np

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "datasets")


def rows(path):
    with open(path, newline="") as f:
        return list(csv.reader(f))


def ltc_starts(n, seq_len, inc):
    # cut_in_sequences: range(0, n - seq_len, inc) -- the last full window is never used.
    return list(range(0, n - seq_len, inc))


def split_sizes(n, valid=0.1, test=0.15):
    return int(valid * n), int(test * n)


def permutation_checks():
    for seed, n in [(893429, 8127), (23489, 605), (23489, 626), (23489, 12043), (1, 10)]:
        p = np.random.RandomState(seed).permutation(n)
        print(f"perm({seed}, {n}): first {p[:10].tolist()} last {p[-3:].tolist()} "
              f"sum(i*p[i]) {int(np.sum(np.arange(n, dtype=np.int64) * p))}")


def occupancy():
    def read(name):
        r = rows(os.path.join(DATA, "occupancy", name))
        header, body = r[0], r[1:]
        assert all(len(b) == len(header) + 1 for b in body)  # pandas: first field = index
        body = [b[1:] for b in body]
        col = {h: i for i, h in enumerate(header)}
        x = np.array([[float(b[col[c]]) for c in
                       ["Temperature", "Humidity", "Light", "CO2", "HumidityRatio"]] for b in body])
        y = np.array([int(b[col["Occupancy"]]) for b in body])
        return x, y

    tx, ty = read("datatraining.txt")
    t0x, _ = read("datatest.txt")
    t1x, _ = read("datatest2.txt")
    mean, std = tx.mean(axis=0), tx.std(axis=0)
    print("occupancy rows", len(tx), len(t0x), len(t1x))
    print("occupancy mean", repr(mean.tolist()))
    print("occupancy std ", repr(std.tolist()))
    train_starts = ltc_starts(len(tx), 16, 1)
    test_n = len(ltc_starts(len(t0x), 16, 8)) + len(ltc_starts(len(t1x), 16, 8))
    n = len(train_starts)
    perm = np.random.RandomState(893429).permutation(n)
    v = int(0.1 * n)
    print("occupancy train windows", n, "valid", v, "train", n - v, "test", test_n)
    z = (tx - mean) / std
    first_valid = train_starts[perm[0]]
    print("occupancy valid[0] starts at row", first_valid, "step0", repr(z[first_valid].tolist()),
          "labels", ty[first_valid:first_valid + 16].tolist())


GESTURE_FILES = ["a3_va3.csv", "b1_va3.csv", "b3_va3.csv", "c1_va3.csv", "c3_va3.csv",
                 "a2_va3.csv", "a1_va3.csv"]


def gesture():
    convert = {"D": 0, "P": 1, "S": 2, "H": 3, "R": 4}
    seqs_x, seqs_y = [], []
    for f in GESTURE_FILES:
        r = rows(os.path.join(DATA, "gesture", f))[1:]
        x = np.array([[float(v) for v in b[:-1]] for b in r])
        y = np.array([convert[b[-1]] for b in r])
        num = len(x) // 32
        for s in range(num):
            start = 32 * s
            seqs_x.append(x[start:start + 32]); seqs_y.append(y[start:start + 32])
            if s < num - 1:
                start += 16
                seqs_x.append(x[start:start + 32]); seqs_y.append(y[start:start + 32])
    X = np.stack(seqs_x, axis=0)  # (n, L, S)
    Y = np.stack(seqs_y, axis=0)
    flat = X.reshape(-1, X.shape[-1])
    mean, std = flat.mean(axis=0), flat.std(axis=0)
    n = X.shape[0]
    v, t = split_sizes(n)
    print("gesture sequences", n, "valid", v, "test", t, "train", n - v - t)
    print("gesture mean[0:3]", repr(mean[:3].tolist()), "std[0:3]", repr(std[:3].tolist()))
    perm = np.random.RandomState(23489).permutation(n)
    Z = (X - mean) / std
    tr0 = perm[v + t]
    print("gesture train[0] = window", tr0, "step0[0:3]", repr(Z[tr0, 0, :3].tolist()),
          "labels", Y[tr0].tolist())
    print("gesture class counts over all windows/steps", np.bincount(Y.ravel()).tolist())


def ozone():
    xs, ys = [], []
    with open(os.path.join(DATA, "ozone", "eighthr.data")) as f:
        for line in f:
            parts = line.rstrip("\n").split(",")
            if len(parts) != 74:
                break
            ys.append(int(float(parts[-1])))
            xs.append([0.0 if p == "?" else float(p) for p in parts[1:-1]])
    x = np.array(xs); y = np.array(ys)
    mean, std = np.mean(x), np.std(x)
    print("ozone rows", len(x), "positives", int(y.sum()), "global mean", repr(mean), "std", repr(std))
    starts = ltc_starts(len(x), 32, 4)
    n = len(starts)
    v, t = split_sizes(n)
    print("ozone windows", n, "valid", v, "test", t, "train", n - v - t)
    perm = np.random.RandomState(23489).permutation(n)
    test_pos = sum(int(y[starts[i]:starts[i] + 32].sum()) for i in perm[v:v + t])
    print("ozone positive steps in test windows", test_pos, "of", t * 32)
    z = (x - mean) / std
    w = perm[0]
    print("ozone valid[0] = window", w, "rows from", starts[w], "step0[0:3]", repr(z[starts[w], :3].tolist()))


def traffic():
    r = rows(os.path.join(DATA, "traffic", "Metro_Interstate_Traffic_Volume.csv"))
    header, body = r[0], r[1:]
    c = {h: i for i, h in enumerate(header)}
    temp = np.array([float(b[c["temp"]]) for b in body])
    vol = np.array([float(b[c["traffic_volume"]]) for b in body])
    when = [dt.datetime.strptime(b[c["date_time"]], "%Y-%m-%d %H:%M:%S") for b in body]
    print("traffic rows", len(body), "temp mean", repr(temp.mean()),
          "volume mean", repr(vol.mean()), "volume std", repr(vol.std()))
    print("traffic row0 weekday", when[0].weekday(), "hour sin", repr(np.sin(when[0].hour * np.pi / 24)))
    print("traffic holiday rows (not 'None')", sum(1 for b in body if b[c["holiday"]] != "None"))
    starts = ltc_starts(len(body), 32, 4)
    n = len(starts)
    v, t = split_sizes(n)
    print("traffic windows", n, "valid", v, "test", t, "train", n - v - t)
    perm = np.random.RandomState(23489).permutation(n)
    w = perm[v + t]
    r0 = starts[w]
    b = body[r0]
    feats = [0.0, float(b[c["temp"]]) - temp.mean(), float(b[c["rain_1h"]]), float(b[c["snow_1h"]]),
             float(b[c["clouds_all"]]), float(when[r0].weekday()), float(np.sin(when[r0].hour * np.pi / 24))]
    print("traffic train[0] = window", w, "row", r0, "step0 x", repr(feats),
          "y", repr((vol[r0] - vol.mean()) / vol.std()))


if __name__ == "__main__":
    permutation_checks()
    occupancy()
    gesture()
    ozone()
    traffic()
