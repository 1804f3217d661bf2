"""Writes rng_vectors.json and wirings.json: expected values for liquid4j's numpy replicas.

Run with numpy (2.x) installed:  python3 make_vectors.py
Not run by the build; the JSON it writes is checked in next to it.

rng_vectors.json replays scripts of numpy calls (RandomState and default_rng) and records every
result, so the Java replicas are checked draw by draw, including where the stream stands after
each call. wirings.json holds FullyConnected / Random / NCP matrices drawn by the functions below,
which follow ncps 1.0.1 `ncps/wirings/wirings.py` step for step with numpy's own generators; they
cover sizes the ncps golden files do not (the tail-shuffle branch of Generator.choice, wide NCPs).
The script first checks these functions against matrices from the real ncps (Appendix B of the
reference notes) so that a transcription error cannot slip into the fixtures.
"""
import json
import random

import numpy as np


# ----------------------------------------------------------------------------- RNG scripts

def random_state_script(seed, ops):
    rs = np.random.RandomState(seed)
    out = []
    for op in ops:
        kind = op["op"]
        if kind == "next32":
            r = int(rs._bit_generator.random_raw())
        elif kind == "interval":  # randint is the same mask-and-reject as random_interval
            r = int(rs.randint(0, op["max"] + 1))
        elif kind == "choice":
            r = int(rs.choice(op["list"]))
        elif kind == "choiceK":
            r = [int(v) for v in rs.choice(op["list"], op["k"], replace=False)]
        elif kind == "double":
            r = float(rs.random_sample())
        else:
            raise ValueError(kind)
        out.append(dict(op, expected=r))
    return {"seed": seed, "ops": out}


def generator_script(seed, ops):
    rng = np.random.default_rng(seed)
    out = []
    for op in ops:
        kind = op["op"]
        if kind == "next64":
            r = str(int(rng.bit_generator.random_raw()))  # a string: JSON readers lose 64-bit ints
        elif kind == "next32":  # rng == 0xFFFFFFFF returns next_uint32 itself
            r = int(rng.integers(0, 2**32, dtype=np.uint32))
        elif kind == "bounded":
            r = int(rng.integers(0, op["r"] + 1))
        elif kind == "choice":
            r = int(rng.choice(op["list"]))
        elif kind == "choiceIndices":
            r = [int(v) for v in rng.choice(op["pop"], op["k"], replace=False)]
        elif kind == "double":
            r = float(rng.random())
        else:
            raise ValueError(kind)
        out.append(dict(op, expected=r))
    return {"seed": seed, "ops": out}


def random_ops(py, kinds, n):
    ops = []
    for _ in range(n):
        kind = py.choice(kinds)
        if kind == "interval":
            ops.append({"op": kind, "max": py.choice([0, 1, 2, 3, 7, 8, 100, 1000, 2**31 - 1])})
        elif kind == "bounded":
            ops.append({"op": kind, "r": py.choice([0, 1, 2, 3, 7, 8, 100, 1000, 2**31 - 1])})
        elif kind == "choice":
            ops.append({"op": kind, "list": py.choice([[-1, 1], [-1, 1, 1], [5], list(range(3, 20))])})
        elif kind == "choiceK":
            lst = list(range(100, 100 + py.randint(0, 12)))
            ops.append({"op": kind, "list": lst, "k": py.randint(0, len(lst))})
        elif kind == "choiceIndices":
            pop = py.randint(0, 40)
            ops.append({"op": kind, "pop": pop, "k": py.randint(0, pop)})
        else:
            ops.append({"op": kind})
    return ops


def rng_vectors():
    py = random.Random(20240814)
    rs_kinds = ["next32", "interval", "choice", "choiceK", "double"]
    gen_kinds = ["next64", "next32", "bounded", "choice", "choiceIndices", "double"]
    random_state = [random_state_script(s, random_ops(py, rs_kinds, 60))
                    for s in [0, 1, 3, 22222, 2**31, 2**32 - 1]]
    # the first 700 words cross one regeneration of the 624-word MT state
    random_state.append(random_state_script(5489, [{"op": "next32"}] * 700))
    generator = [generator_script(s, random_ops(py, gen_kinds, 60))
                 for s in [0, 1, 4, 1111, 2**32, 2**63 - 1]]
    # both branches of choice(replace=False) on each side of numpy's thresholds, each followed by
    # one draw to check where the stream stands afterwards
    branches = []
    for pop, k in [(20000, 400), (20000, 401), (10001, 200), (10001, 201), (10000, 10000),
                   (10001, 10001), (10001, 0), (30, 30)]:
        branches += [{"op": "choiceIndices", "pop": pop, "k": k}, {"op": "bounded", "r": 1000}]
    generator.append(generator_script(1111, branches))
    seed_sequence = [{"seed": s, "words": [int(w) for w in np.random.SeedSequence(s).generate_state(8)]}
                     for s in [0, 1, 1111, 22222, 2**32 - 1, 2**32, 2**63 - 1]]
    return {"numpy_version": np.__version__, "random_state": random_state,
            "generator": generator, "seed_sequence": seed_sequence}


# ----------------------------------------------------------------------------- ncps wirings

def fully_connected(units, input_dim, output_dim=None, seed=1111, self_connections=True):
    rng = np.random.default_rng(seed)
    adj = np.zeros((units, units), dtype=int)
    for src in range(units):
        for dst in range(units):
            if src == dst and not self_connections:
                continue
            adj[src, dst] = rng.choice([-1, 1, 1])
    sens = np.zeros((input_dim, units), dtype=int)
    for src in range(input_dim):
        for dst in range(units):
            sens[src, dst] = rng.choice([-1, 1, 1])
    return adj, sens


def random_wiring(units, input_dim, sparsity=0.0, seed=1111):
    rng = np.random.default_rng(seed)
    adj = np.zeros((units, units), dtype=int)
    n = int(np.round(units * units * (1 - sparsity)))
    pairs = [(s, d) for s in range(units) for d in range(units)]
    for src, dst in rng.choice(pairs, size=n, replace=False):
        adj[src, dst] = rng.choice([-1, 1, 1])
    sens = np.zeros((input_dim, units), dtype=int)
    n = int(np.round(input_dim * units * (1 - sparsity)))
    pairs = [(s, d) for s in range(input_dim) for d in range(units)]
    for src, dst in rng.choice(pairs, size=n, replace=False):
        sens[src, dst] = rng.choice([-1, 1, 1])
        sens[src, dst] = rng.choice([-1, 1, 1])  # ncps draws the sensory polarity twice
    return adj, sens


def ncp(inter, command, motor, sfo, ifo, rcs, mfi, input_dim, seed=22222):
    rng = np.random.RandomState(seed)
    units = inter + command + motor
    motors = list(range(motor))
    commands = list(range(motor, motor + command))
    inters = list(range(motor + command, units))
    sensors = list(range(input_dim))
    adj = np.zeros((units, units), dtype=int)
    sens = np.zeros((input_dim, units), dtype=int)
    unreachable = list(inters)
    for src in sensors:
        for dst in rng.choice(inters, size=sfo, replace=False):
            if dst in unreachable:
                unreachable.remove(dst)
            sens[src, dst] = rng.choice([-1, 1])
    fanin = np.clip(int(input_dim * sfo / inter), 1, input_dim)
    for dst in unreachable:
        for src in rng.choice(sensors, size=fanin, replace=False):
            sens[src, dst] = rng.choice([-1, 1])
    unreachable = list(commands)
    for src in inters:
        for dst in rng.choice(commands, size=ifo, replace=False):
            if dst in unreachable:
                unreachable.remove(dst)
            adj[src, dst] = rng.choice([-1, 1])
    fanin = np.clip(int(inter * ifo / command), 1, command)
    for dst in unreachable:
        for src in rng.choice(inters, size=fanin, replace=False):
            adj[src, dst] = rng.choice([-1, 1])
    for _ in range(rcs):
        src = rng.choice(commands)
        dst = rng.choice(commands)
        adj[src, dst] = rng.choice([-1, 1])
    unreachable = list(commands)
    for dst in motors:
        for src in rng.choice(commands, size=mfi, replace=False):
            if src in unreachable:
                unreachable.remove(src)
            adj[src, dst] = rng.choice([-1, 1])
    fanout = np.clip(int(motor * mfi / command), 1, motor)
    for src in unreachable:
        for dst in rng.choice(motors, size=fanout, replace=False):
            adj[src, dst] = rng.choice([-1, 1])
    return adj, sens


def auto_ncp_args(units, output_size, sparsity=0.5):
    density = 1.0 - sparsity
    ic = units - output_size
    command = max(int(0.4 * ic), 1)
    inter = ic - command
    return (inter, command, output_size, max(int(inter * density), 1),
            max(int(command * density), 1), max(int(command * density * 2), 1),
            max(int(command * density), 1))


def rows(m):
    return ["".join({-1: "-", 0: ".", 1: "+"}[int(v)] for v in row) for row in m]


def check_against_real_ncps():
    """Appendix B of the reference notes: matrices printed by the real ncps wirings.py."""
    adj, sens = ncp(*auto_ncp_args(16, 1, 0.5), input_dim=2)
    assert rows(sens) == [".........-++-.++", ".......-+.+..-.-"], rows(sens)
    assert rows(adj)[6] == "-..+-..........." and rows(adj)[15] == ".+...++.........", rows(adj)
    adj, sens = fully_connected(4, 2)
    assert rows(adj) == ["++++", "++++", "++++", "+++-"] and rows(sens) == ["+++-", "++-+"]
    adj, sens = random_wiring(6, 3, 0.5)
    assert rows(adj) == [".-....", "....++", "..++.+", ".++...", "--++-.", "+++.-+"], rows(adj)
    assert rows(sens) == ["-.++++", "..+++.", "....+."], rows(sens)


def wiring_vectors():
    check_against_real_ncps()
    cases = []

    def add(config, input_dim, adj, sens):
        cases.append({"config": config, "input_dim": input_dim,
                      "adjacency": rows(adj), "sensory_adjacency": rows(sens)})

    for units, out, seed, selfc, s in [(5, 2, 7, False, 3), (3, 3, 0, True, 1)]:
        add({"type": "FullyConnected", "units": units, "output_dim": out, "erev_init_seed": seed,
             "self_connections": selfc}, s, *fully_connected(units, s, out, seed, selfc))
    # 101*101 = 10201 > 10000 candidate pairs: Generator.choice takes its tail-shuffle branch;
    # 10201 * 0.5 = 5100.5 rounds half to even, to 5100.
    for units, sp, seed, s in [(101, 0.5, 1111, 2), (9, 0.5, 4, 3), (7, 0.0, 3, 2), (4, 0.99, 2, 1)]:
        add({"type": "Random", "units": units, "output_dim": units, "sparsity_level": sp,
             "random_seed": seed}, s, *random_wiring(units, s, sp, seed))
    for args, s in [((5, 4, 2, 2, 2, 2, 2, 3), 3), ((7, 5, 3, 0, 0, 0, 0, 99), 4),
                    ((12, 3, 2, 12, 3, 7, 3, 2**32 - 1), 1), ((3, 8, 6, 1, 8, 20, 8, 0), 40)]:
        *counts, seed = args
        keys = ["inter_neurons", "command_neurons", "motor_neurons", "sensory_fanout",
                "inter_fanout", "recurrent_command_synapses", "motor_fanin"]
        config = {"type": "NCP", **dict(zip(keys, counts)), "seed": seed}
        add(config, s, *ncp(*counts, input_dim=s, seed=seed))
    for units, out, sp, seed, s in [(64, 10, 0.75, 22222, 33), (40, 1, 0.9, 5, 6),
                                    (5, 2, 1.0, 22222, 2)]:
        add({"type": "AutoNCP", "units": units, "output_size": out, "sparsity_level": sp,
             "seed": seed}, s, *ncp(*auto_ncp_args(units, out, sp), input_dim=s, seed=seed))
    return {"numpy_version": np.__version__, "cases": cases}


if __name__ == "__main__":
    with open("rng_vectors.json", "w") as f:
        json.dump(rng_vectors(), f, separators=(",", ":"))
    with open("wirings.json", "w") as f:
        json.dump(wiring_vectors(), f, indent=1)
