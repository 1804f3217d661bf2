# Copied unchanged (below this header) from bench/bench_brian2_cuba.py of the project's reference
# folder, ../shared/anchors/ beside the repository on the development machines, where it is listed
# as the project's own script: Brian2's examples/CUBA.py (Brian2, CeCILL 2.1, briansimulator.org)
# with plotting removed and timing added. Brian2 itself is not included (Debian: python3-brian).
# benchmarks/compare_one_shot.sh runs it beside `./liquid4j spike cuba`.
# Brian2 examples/CUBA.py (Brette et al. 2007 benchmark 2, Vogels & Abbott 2005), plotting removed, timing added.
import sys, time
t_import0 = time.perf_counter()
from brian2 import *
t_import = time.perf_counter() - t_import0
target = sys.argv[1] if len(sys.argv) > 1 else "numpy"
seedval = int(sys.argv[2]) if len(sys.argv) > 2 else 1
if target == "cpp_standalone":
    set_device("cpp_standalone", directory="/tmp/brian_cuba_standalone", build_on_run=True)
else:
    prefs.codegen.target = target
seed(seedval)
t0 = time.perf_counter()
taum = 20*ms; taue = 5*ms; taui = 10*ms
Vt = -50*mV; Vr = -60*mV; El = -49*mV
eqs = '''
dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
dge/dt = -ge/taue : volt
dgi/dt = -gi/taui : volt
'''
P = NeuronGroup(4000, eqs, threshold='v>Vt', reset='v = Vr', refractory=5*ms, method='exact')
P.v = 'Vr + rand() * (Vt - Vr)'
P.ge = 0*mV; P.gi = 0*mV
we = (60*0.27/10)*mV; wi = (-20*4.5/10)*mV
Ce = Synapses(P, P, on_pre='ge += we')
Ci = Synapses(P, P, on_pre='gi += wi')
Ce.connect('i<3200', p=0.02)
Ci.connect('i>=3200', p=0.02)
s_mon = SpikeMonitor(P)
t_build = time.perf_counter() - t0
t0 = time.perf_counter()
run(1 * second)
t_run = time.perf_counter() - t0
nsyn = "n/a (standalone)" if target == "cpp_standalone" else len(Ce) + len(Ci)
if target == "cpp_standalone":  # run() above also generated and compiled the code: report the simulation alone
    t_run = device._last_run_time
print(f"CUBA target={target} seed={seedval} import={t_import:.2f}s build={t_build:.2f}s run(1s bio)={t_run:.2f}s "
      f"spikes={s_mon.num_spikes} mean_rate={s_mon.num_spikes/4000/1.0:.2f}Hz synapses={nsyn} dt={defaultclock.dt}")
