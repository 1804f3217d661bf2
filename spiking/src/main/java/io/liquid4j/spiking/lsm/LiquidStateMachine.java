package io.liquid4j.spiking.lsm;

import io.liquid4j.spiking.Network;
import io.liquid4j.spiking.NeuronGroup;
import io.liquid4j.spiking.SpikeGeneratorGroup;
import io.liquid4j.spiking.SpikeMonitor;
import io.liquid4j.spiking.Synapses;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The spiking liquid of Maass, Natschläger &amp; Markram (2002) on the simulator: a {@link Column}
 * of leaky integrate-and-fire neurons (τ_m = 30 ms, threshold 15 mV, reset 13.5 mV, refractory 3
 * ms excitatory and 2 ms inhibitory, background current 13.5 nA through 1 MΩ), connected by
 * dynamic synapses (Tsodyks–Markram, with the paper's U, D, F drawn per synapse from Gaussians of
 * SD 50 % of the mean and amplitudes from Gamma distributions of SD = mean, delays 1.5 ms E→E and
 * 0.8 ms otherwise, currents decaying with 3 ms after excitatory and 6 ms after inhibitory
 * spikes), and driven by one input spike train through static synapses of 18 nA onto excitatory
 * and 9 nA onto inhibitory neurons, as in Brian2's example of the paper.
 *
 * <p>Each {@link #run trial} starts from the stored initial state with membrane potentials drawn
 * uniformly in [13.5, 15] mV (the paper's only noise besides the input) and returns every
 * neuron's spike train; {@link #liquidState} filters them into the liquid state the readouts
 * read.
 *
 * <pre>{@code
 * LiquidStateMachine lsm = LiquidStateMachine.create(Column.paper(new SplittableRandom(1)), 1);
 * double[][] trains = lsm.run(inputTimes, 0.5, 7);          // 135 spike trains, seconds
 * double[][] state = LiquidStateMachine.liquidState(trains, SpikeTrains.grid(0.5, 1e-3));
 * }</pre>
 */
public final class LiquidStateMachine {
  /** The neuron model of both populations; tau_stimulus and tau_refrac differ between them. */
  static final String NEURON_EQUATIONS = """
      dI_stimulus/dt = -I_stimulus/tau_stimulus : ampere
      dv/dt = (-v + (I_syn_e + I_syn_i + I_b + I_stimulus)*R_in)/tau_mem : volt (unless refractory)
      I_syn_e : ampere
      I_syn_i : ampere
      """;

  /** Brian2's example's dynamic synapse; the summed target is filled in per pathway. */
  static final String SYNAPSE_MODEL = """
      A : ampere (constant)
      U : 1 (constant)
      D : second (constant)
      F : second (constant)
      dx/dt = z/D : 1 (clock-driven)
      dy/dt = -y/tau_I : 1 (clock-driven)
      du/dt = -u/F : 1 (clock-driven)
      z = 1 - x - y : 1
      %s_post = A*y : ampere (summed)
      """;

  private final Column column;
  private final Network net;
  private final NeuronGroup excitatory;
  private final NeuronGroup inhibitory;
  private final SpikeGeneratorGroup stimulus;
  private final SpikeMonitor excitatorySpikes;
  private final SpikeMonitor inhibitorySpikes;

  private LiquidStateMachine(Column column, Network net, NeuronGroup excitatory,
      NeuronGroup inhibitory, SpikeGeneratorGroup stimulus, SpikeMonitor excitatorySpikes,
      SpikeMonitor inhibitorySpikes) {
    this.column = column;
    this.net = net;
    this.excitatory = excitatory;
    this.inhibitory = inhibitory;
    this.stimulus = stimulus;
    this.excitatorySpikes = excitatorySpikes;
    this.inhibitorySpikes = inhibitorySpikes;
  }

  /**
   * Builds the network of a column; {@code seed} fixes the synapses' parameters.
   *
   * @param column the anatomy
   * @param seed the seed of the synapses' U, D, F and amplitudes
   * @return a new liquid
   * @throws IllegalArgumentException if the column has no excitatory or no inhibitory neuron
   */
  public static LiquidStateMachine create(Column column, long seed) {
    int nE = column.excitatory();
    int nI = column.size() - nE;
    if (nE == 0 || nI == 0) {
      throw new IllegalArgumentException("liquid: expected excitatory and inhibitory neurons,"
          + " found " + nE + " and " + nI);
    }
    NeuronGroup exc = population("excitatory", nE, "3*ms", "3*ms");
    NeuronGroup inh = population("inhibitory", nI, "2*ms", "6*ms");
    SplittableRandom rng = new SplittableRandom(seed);
    List<Synapses> synapses = new ArrayList<>();
    for (SynapseType type : SynapseType.values()) {
      NeuronGroup pre = type.excitatory() ? exc : inh;
      boolean postExcitatory = type == SynapseType.EE || type == SynapseType.IE;
      NeuronGroup post = postExcitatory ? exc : inh;
      String target = type.excitatory() ? "I_syn_e" : "I_syn_i";
      Synapses s = Synapses.builder(pre, post, String.format(SYNAPSE_MODEL, target))
          .onPre("u += U*(1-u)\ny += u*x\nx += -u*x")
          .delay(type.delay() * 1000 + "*ms")
          .constant("tau_I", type.excitatory() ? "3*ms" : "6*ms")
          .method("exact").name(type.name()).build();
      connect(s, column, type, nE);
      draw(s, type, rng);
      synapses.add(s);
    }
    SpikeGeneratorGroup stimulus = new SpikeGeneratorGroup("stimulus", 1, new int[0],
        new double[0]);
    Synapses toExc = Synapses.builder(stimulus, exc, "A : ampere (constant)")
        .onPre("I_stimulus += A").name("input_E").build();
    Synapses toInh = Synapses.builder(stimulus, inh, "A : ampere (constant)")
        .onPre("I_stimulus += A").name("input_I").build();
    SpikeMonitor excSpikes = new SpikeMonitor(exc);
    SpikeMonitor inhSpikes = new SpikeMonitor(inh);
    Network net = new Network();
    net.add(exc, inh, stimulus, toExc, toInh, excSpikes, inhSpikes);
    for (Synapses s : synapses) {
      net.add(s);
    }
    toExc.connect(1.0);
    toExc.set("A", "18*nA");
    toInh.connect(1.0);
    toInh.set("A", "9*nA");
    net.store();
    return new LiquidStateMachine(column, net, exc, inh, stimulus, excSpikes, inhSpikes);
  }

  private static NeuronGroup population(String name, int size, String refractory,
      String tauStimulus) {
    return NeuronGroup.builder(size, NEURON_EQUATIONS)
        .threshold("v > 15*mV").reset("v = 13.5*mV").refractory(refractory).method("exact")
        .constant("tau_mem", "30*ms").constant("tau_stimulus", tauStimulus)
        .constant("I_b", "13.5*nA").constant("R_in", "1*Mohm").name(name).build();
  }

  /** The column's connections of one type, in the two populations' own numbering. */
  private static void connect(Synapses s, Column column, SynapseType type, int nE) {
    List<int[]> pairs = new ArrayList<>();
    for (Column.Connection c : column.connections()) {
      if (c.type() == type) {
        pairs.add(new int[] {c.pre() < nE ? c.pre() : c.pre() - nE,
            c.post() < nE ? c.post() : c.post() - nE});
      }
    }
    int[] i = new int[pairs.size()];
    int[] j = new int[pairs.size()];
    for (int k = 0; k < i.length; k++) {
      i[k] = pairs.get(k)[0];
      j[k] = pairs.get(k)[1];
    }
    s.connect(i, j);
  }

  /** U, D, F from Gaussians of SD 50 % of the mean, A from a Gamma of SD = mean; x = 1. */
  private static void draw(Synapses s, SynapseType type, SplittableRandom rng) {
    int n = s.size();
    double[] a = new double[n];
    double[] u = new double[n];
    double[] d = new double[n];
    double[] f = new double[n];
    double[] x = new double[n];
    for (int k = 0; k < n; k++) {
      a[k] = Draws.gamma(type.amplitude(), Math.abs(type.amplitude()), rng);
      u[k] = Draws.positiveGaussian(type.use(), 0.5, rng);
      d[k] = Draws.positiveGaussian(type.depression(), 0.5, rng);
      f[k] = Draws.positiveGaussian(type.facilitation(), 0.5, rng);
      x[k] = 1;
    }
    s.set("A", a);
    s.set("U", u);
    s.set("D", d);
    s.set("F", f);
    s.set("x", x);
  }

  /**
   * The column this liquid was built from.
   *
   * @return the column
   */
  public Column column() {
    return column;
  }

  /**
   * One trial: from the stored initial state, with membrane potentials drawn in [13.5, 15] mV
   * from {@code trialSeed}, the input train is played for {@code duration} seconds.
   *
   * @param input sorted input spike times in seconds, at most one per time step
   * @param duration the trial's length, in seconds
   * @param trialSeed the seed of the initial membrane potentials
   * @return each neuron's spike train (column numbering: excitatory first), in seconds
   */
  public double[][] run(double[] input, double duration, long trialSeed) {
    net.restore();
    SplittableRandom rng = new SplittableRandom(trialSeed);
    excitatory.set("v", initialPotentials(excitatory.size(), rng));
    inhibitory.set("v", initialPotentials(inhibitory.size(), rng));
    stimulus.setSpikes(new int[input.length], input);
    net.run(duration * 1000 + "*ms");
    double[][] trains = new double[column.size()][];
    double[][] e = excitatorySpikes.spikeTrains();
    double[][] i = inhibitorySpikes.spikeTrains();
    System.arraycopy(e, 0, trains, 0, e.length);
    System.arraycopy(i, 0, trains, e.length, i.length);
    return trains;
  }

  private static double[] initialPotentials(int n, SplittableRandom rng) {
    double[] v = new double[n];
    for (int k = 0; k < n; k++) {
      v[k] = 13.5e-3 + 1.5e-3 * rng.nextDouble();
    }
    return v;
  }

  /**
   * The liquid state at each of {@code times}: each neuron's train filtered with exp(−t/30 ms).
   *
   * @param trains each neuron's sorted spike times, in seconds
   * @param times sorted sample times, in seconds
   * @return (neurons × times)
   */
  public static double[][] liquidState(double[][] trains, double[] times) {
    double[][] state = new double[trains.length][];
    for (int n = 0; n < trains.length; n++) {
      state[n] = SpikeTrains.exponentialFilter(trains[n], SpikeTrains.STATE_FILTER, times);
    }
    return state;
  }
}
