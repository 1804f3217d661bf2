package io.liquid4j.wiring;

import io.liquid4j.rng.NumpyRandomState;
import java.util.Map;

/**
 * A Neural Circuit Policy wiring, as ncps's {@code NCP}: four layers of neurons connected
 * sparsely, sensory → inter → command (recurrent) → motor, after the nervous system of C. elegans.
 *
 * <p>Neuron ids, as in ncps: motor neurons {@code [0, M)}, command neurons {@code [M, M+C)}, inter
 * neurons {@code [M+C, N)}. The built {@link Wiring} has three layers in signal order: layer 0 =
 * inter, layer 1 = command, layer 2 = motor.
 *
 * <p>{@link #build(int)} draws the synapses from a fresh {@code np.random.RandomState(seed)} in
 * ncps's order, every polarity from {@code choice([-1, 1])} (50/50):
 *
 * <ol>
 *   <li>sensory → inter: each input picks {@code sensoryFanout} distinct inter neurons; then each
 *       inter neuron nobody picked gets {@code clip(int(S·sensoryFanout/I), 1, S)} inputs;
 *   <li>inter → command: each inter neuron picks {@code interFanout} distinct command neurons;
 *       then each command neuron nobody picked gets {@code clip(int(I·interFanout/C), 1, C)} inter
 *       neurons;
 *   <li>command → command: {@code recurrentCommandSynapses} times, a random source, a random
 *       target and a polarity (self loops and repeats allowed; a repeat overwrites);
 *   <li>command → motor: each motor neuron picks {@code motorFanin} distinct command neurons; then
 *       each command neuron nobody picked gets {@code clip(int(M·motorFanin/C), 1, M)} motor
 *       neurons.
 * </ol>
 *
 * <pre>{@code
 * Ncp spec = new Ncp(5, 4, 2, 2, 2, 2, 2, 3); // ncps: NCP(5, 4, 2, 2, 2, 2, 2, seed=3)
 * Wiring w = spec.build(3);
 * }</pre>
 *
 * @param interNeurons number of inter neurons I, ≥ 1
 * @param commandNeurons number of command neurons C, ≥ 1
 * @param motorNeurons number of motor (output) neurons M, ≥ 1
 * @param sensoryFanout inter neurons each input connects to, 0..I
 * @param interFanout command neurons each inter neuron connects to, 0..C
 * @param recurrentCommandSynapses number of command → command draws, ≥ 0
 * @param motorFanin command neurons each motor neuron receives, 0..C
 * @param seed seed of the legacy numpy stream, 0..2³²−1; ncps's default is 22222
 */
public record Ncp(
    int interNeurons,
    int commandNeurons,
    int motorNeurons,
    int sensoryFanout,
    int interFanout,
    int recurrentCommandSynapses,
    int motorFanin,
    long seed)
    implements WiringSpec {
  /** ncps's default NCP and AutoNCP seed. */
  public static final long DEFAULT_SEED = 22222;

  private static final int[] POLARITIES = {-1, 1};

  /**
   * An NCP wiring; ncps's {@code NCP(inter_neurons, command_neurons, motor_neurons,
   * sensory_fanout, inter_fanout, recurrent_command_synapses, motor_fanin, seed)}.
   *
   * @param interNeurons number of inter neurons I, ≥ 1
   * @param commandNeurons number of command neurons C, ≥ 1
   * @param motorNeurons number of motor (output) neurons M, ≥ 1
   * @param sensoryFanout inter neurons each input connects to, 0..I
   * @param interFanout command neurons each inter neuron connects to, 0..C
   * @param recurrentCommandSynapses number of command → command draws, ≥ 0
   * @param motorFanin command neurons each motor neuron receives, 0..C
   * @param seed seed of the legacy numpy stream, 0..2³²−1
   * @throws IllegalArgumentException if an argument is out of range; the message names it and
   *     the limit
   */
  public Ncp {
    // ncps divides by I and C when it fills unreached neurons, so empty layers cannot be built.
    SpecSupport.checkAtLeast("NCP", "inter_neurons", interNeurons, 1);
    SpecSupport.checkAtLeast("NCP", "command_neurons", commandNeurons, 1);
    SpecSupport.checkAtLeast("NCP", "motor_neurons", motorNeurons, 1);
    long units = (long) interNeurons + commandNeurons + motorNeurons;
    if (units > SpecSupport.MAX_UNITS) {
      throw new IllegalArgumentException(
          "NCP inter_neurons + command_neurons + motor_neurons must be at most "
              + SpecSupport.MAX_UNITS
              + ", got "
              + units);
    }
    SpecSupport.checkAtLeast("NCP", "sensory_fanout", sensoryFanout, 0);
    SpecSupport.checkAtLeast("NCP", "inter_fanout", interFanout, 0);
    SpecSupport.checkAtLeast("NCP", "recurrent_command_synapses", recurrentCommandSynapses, 0);
    SpecSupport.checkAtLeast("NCP", "motor_fanin", motorFanin, 0);
    checkAtMost("motor_fanin", motorFanin, "command", commandNeurons);
    checkAtMost("sensory_fanout", sensoryFanout, "inter", interNeurons);
    checkAtMost("inter_fanout", interFanout, "command", commandNeurons);
    // ncps would also fail (inside numpy) if the fill-in fanin clip(int(I*interFanout/C), 1, C)
    // exceeded I, but interFanout <= C makes that fanin at most I, so no check is needed here.
    SpecSupport.checkRandomStateSeed("NCP", "seed", seed);
  }

  private static void checkAtMost(String name, int value, String layer, int layerSize) {
    if (value > layerSize) {
      throw new IllegalArgumentException(
          "NCP "
              + name
              + " is "
              + value
              + " but there are only "
              + layerSize
              + " "
              + layer
              + " neurons (expected "
              + name
              + " <= "
              + layer
              + "_neurons)");
    }
  }

  /**
   * ncps's {@code NCP(...)} with its default seed 22222.
   *
   * @param interNeurons number of inter neurons I, ≥ 1
   * @param commandNeurons number of command neurons C, ≥ 1
   * @param motorNeurons number of motor (output) neurons M, ≥ 1
   * @param sensoryFanout inter neurons each input connects to, 0..I
   * @param interFanout command neurons each inter neuron connects to, 0..C
   * @param recurrentCommandSynapses number of command → command draws, ≥ 0
   * @param motorFanin command neurons each motor neuron receives, 0..C
   */
  public Ncp(
      int interNeurons,
      int commandNeurons,
      int motorNeurons,
      int sensoryFanout,
      int interFanout,
      int recurrentCommandSynapses,
      int motorFanin) {
    this(
        interNeurons,
        commandNeurons,
        motorNeurons,
        sensoryFanout,
        interFanout,
        recurrentCommandSynapses,
        motorFanin,
        DEFAULT_SEED);
  }

  /** N = I + C + M. */
  @Override
  public int units() {
    return interNeurons + commandNeurons + motorNeurons;
  }

  /** M: the motor neurons are the outputs. */
  @Override
  public int outputDim() {
    return motorNeurons;
  }

  @Override
  public Wiring build(int inputDim) {
    return build(inputDim, this);
  }

  /** Builds the wiring and records {@code spec} (this, or the AutoNcp that derived it) in it. */
  Wiring build(int inputDim, WiringSpec spec) {
    SpecSupport.checkInputDim("NCP", inputDim, units());
    return new Builder(inputDim).build(spec);
  }

  /** The state of one build: the stream, the neuron id lists and the matrices being filled. */
  private final class Builder {
    private final NumpyRandomState rng = new NumpyRandomState(seed);
    private final int n = units();
    private final int inputDim;
    private final int[] sensors;
    private final int[] motors = range(0, motorNeurons);
    private final int[] commands = range(motorNeurons, motorNeurons + commandNeurons);
    private final int[] inters = range(motorNeurons + commandNeurons, n);
    private final byte[] adjacency = new byte[n * n]; // (N, N) [src * N + dst]
    private final byte[] sensory; // (S, N) [input * N + dst]

    Builder(int inputDim) {
      this.inputDim = inputDim;
      this.sensors = range(0, inputDim);
      this.sensory = new byte[inputDim * n];
    }

    Wiring build(WiringSpec spec) {
      // The order of the stages is part of the stream: changing it changes every later draw.
      buildSensoryToInterLayer();
      buildInterToCommandLayer();
      buildRecurrentCommandLayer();
      buildCommandToMotorLayer();
      NeuronType[] types = new NeuronType[n];
      for (int i = 0; i < n; i++) {
        types[i] =
            i < motorNeurons
                ? NeuronType.MOTOR
                : i < motorNeurons + commandNeurons ? NeuronType.COMMAND : NeuronType.INTER;
      }
      int[][] layers = {inters, commands, motors};
      return new Wiring(spec, n, inputDim, motorNeurons, adjacency, sensory, layers, types);
    }

    private void buildSensoryToInterLayer() {
      boolean[] reached = new boolean[n];
      for (int src : sensors) {
        for (int dst : rng.choice(inters, sensoryFanout)) {
          reached[dst] = true;
          sensory[src * n + dst] = polarity();
        }
      }
      // Inter neurons no input picked would be dead; give each a typical number of inputs.
      int fanin = clip(truncatedRatio(inputDim, sensoryFanout, interNeurons), 1, inputDim);
      for (int dst : inters) {
        if (!reached[dst]) {
          for (int src : rng.choice(sensors, fanin)) {
            sensory[src * n + dst] = polarity();
          }
        }
      }
    }

    private void buildInterToCommandLayer() {
      boolean[] reached = new boolean[n];
      for (int src : inters) {
        for (int dst : rng.choice(commands, interFanout)) {
          reached[dst] = true;
          adjacency[src * n + dst] = polarity();
        }
      }
      // ncps clips to C although the sources are the I inter neurons; see the constructor.
      int fanin =
          clip(truncatedRatio(interNeurons, interFanout, commandNeurons), 1, commandNeurons);
      for (int dst : commands) {
        if (!reached[dst]) {
          for (int src : rng.choice(inters, fanin)) {
            adjacency[src * n + dst] = polarity();
          }
        }
      }
    }

    private void buildRecurrentCommandLayer() {
      for (int i = 0; i < recurrentCommandSynapses; i++) {
        int src = rng.choice(commands);
        int dst = rng.choice(commands);
        adjacency[src * n + dst] = polarity();
      }
    }

    private void buildCommandToMotorLayer() {
      boolean[] reached = new boolean[n];
      for (int dst : motors) {
        for (int src : rng.choice(commands, motorFanin)) {
          reached[src] = true;
          adjacency[src * n + dst] = polarity();
        }
      }
      // Command neurons no motor picked would drive nothing; give each a typical fanout.
      int fanout = clip(truncatedRatio(motorNeurons, motorFanin, commandNeurons), 1, motorNeurons);
      for (int src : commands) {
        if (!reached[src]) {
          for (int dst : rng.choice(motors, fanout)) {
            adjacency[src * n + dst] = polarity();
          }
        }
      }
    }

    private byte polarity() {
      return (byte) rng.choice(POLARITIES);
    }
  }

  /** Python's {@code int(a * b / c)}: true (double) division, then truncation toward zero. */
  private static int truncatedRatio(int a, int b, int c) {
    return (int) ((double) ((long) a * b) / c);
  }

  /** {@code np.clip(x, lo, hi)} for lo ≤ hi. */
  private static int clip(int x, int lo, int hi) {
    return Math.max(lo, Math.min(hi, x));
  }

  private static int[] range(int from, int to) {
    int[] out = new int[to - from];
    for (int i = 0; i < out.length; i++) {
      out[i] = from + i;
    }
    return out;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Keys: type ("NCP"), inter_neurons, command_neurons, motor_neurons, sensory_fanout,
   * inter_fanout, recurrent_command_synapses, motor_fanin, seed. Unlike ncps's {@code
   * NCP.get_config}, these are the counts and the seed the constructor takes, so the config
   * rebuilds the same wiring.
   */
  @Override
  public Map<String, Object> toConfig() {
    return SpecSupport.config(
        "NCP",
        "inter_neurons", interNeurons,
        "command_neurons", commandNeurons,
        "motor_neurons", motorNeurons,
        "sensory_fanout", sensoryFanout,
        "inter_fanout", interFanout,
        "recurrent_command_synapses", recurrentCommandSynapses,
        "motor_fanin", motorFanin,
        "seed", seed);
  }
}
