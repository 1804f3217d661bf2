package io.liquid4j.wiring;

import java.util.Map;

/**
 * An NCP sized from three numbers, as ncps's {@code AutoNCP}: the one-line way to get a Neural
 * Circuit Policy. It builds exactly the {@link Ncp} that {@link #toNcp()} returns, bit for bit as
 * ncps does.
 *
 * <p>The counts are derived in double precision and truncated like Python's {@code int()}, with
 * density = 1 − sparsityLevel and R = units − outputSize:
 *
 * <pre>
 * command_neurons            = max(int(0.4·R), 1)
 * inter_neurons              = R − command_neurons
 * sensory_fanout             = max(int(inter_neurons·density), 1)
 * inter_fanout               = max(int(command_neurons·density), 1)
 * recurrent_command_synapses = max(int(command_neurons·density·2), 1)
 * motor_fanin                = max(int(command_neurons·density), 1)
 * </pre>
 *
 * The double arithmetic matters: sparsity 0.9 gives density 0.09999999999999998, so 10 command
 * neurons get an inter fanout of int(0.9999999999999998) = 0, raised to 1.
 *
 * <pre>{@code
 * Wiring w = new AutoNcp(16, 1).build(2); // ncps: AutoNCP(16, 1), then build(2)
 * }</pre>
 *
 * @param units total number of neurons N; must exceed outputSize + 2
 * @param outputSize number of motor (output) neurons M, 1 ≤ M &lt; N − 2
 * @param sparsityLevel share of synapses left out, 0.1 ≤ s ≤ 1.0; ncps's default is 0.5
 * @param seed seed of the legacy numpy stream, 0..2³²−1; ncps's default is 22222
 */
public record AutoNcp(int units, int outputSize, double sparsityLevel, long seed)
    implements WiringSpec {
  /** ncps's default {@code sparsity_level}. */
  public static final double DEFAULT_SPARSITY = 0.5;

  /**
   * An automatically sized NCP; ncps's {@code AutoNCP(units, output_size, sparsity_level, seed)}.
   *
   * @param units total number of neurons N
   * @param outputSize number of motor (output) neurons M, 1 ≤ M &lt; N − 2
   * @param sparsityLevel share of synapses left out, 0.1 ≤ s ≤ 1.0
   * @param seed seed of the legacy numpy stream, 0..2³²−1
   * @throws IllegalArgumentException if an argument is out of range; the message names it and
   *     the accepted range
   */
  public AutoNcp {
    SpecSupport.checkUnits("AutoNCP", "units", units);
    SpecSupport.checkAtLeast("AutoNCP", "output_size", outputSize, 1);
    if (outputSize >= units - 2) {
      throw new IllegalArgumentException(
          "AutoNCP output_size must be less than units - 2 = "
              + (units - 2)
              + " (at least 3 neurons must be left for the inter and command layers), got"
              + " output_size "
              + outputSize
              + " with units "
              + units);
    }
    // ncps's message says "between 0.0 and 0.9" but its check accepts 0.1..1.0; we state the
    // range that is actually accepted.
    if (!(sparsityLevel >= 0.1 && sparsityLevel <= 1.0)) {
      throw new IllegalArgumentException(
          "AutoNCP sparsity_level must be between 0.1 and 1.0 (both inclusive), got "
              + sparsityLevel);
    }
    SpecSupport.checkRandomStateSeed("AutoNCP", "seed", seed);
  }

  /**
   * ncps's {@code AutoNCP(units, output_size)}: sparsity 0.5, seed 22222.
   *
   * @param units total number of neurons N; must exceed outputSize + 2
   * @param outputSize number of motor (output) neurons M, 1 ≤ M &lt; N − 2
   */
  public AutoNcp(int units, int outputSize) {
    this(units, outputSize, DEFAULT_SPARSITY, Ncp.DEFAULT_SEED);
  }

  /** The number of motor neurons, {@code outputSize}. */
  @Override
  public int outputDim() {
    return outputSize;
  }

  /**
   * The NCP this spec stands for, with the counts derived as in the class description.
   *
   * @return an equivalent {@link Ncp}: it builds the same matrices
   */
  public Ncp toNcp() {
    double density = 1.0 - sparsityLevel;
    int interAndCommand = units - outputSize;
    int command = Math.max((int) (0.4 * interAndCommand), 1);
    int inter = interAndCommand - command;
    int sensoryFanout = Math.max((int) (inter * density), 1);
    int interFanout = Math.max((int) (command * density), 1);
    // Python evaluates command * density * 2 left to right; so do we, for the same rounding.
    int recurrentCommandSynapses = Math.max((int) (command * density * 2), 1);
    int motorFanin = Math.max((int) (command * density), 1);
    return new Ncp(
        inter,
        command,
        outputSize,
        sensoryFanout,
        interFanout,
        recurrentCommandSynapses,
        motorFanin,
        seed);
  }

  /** Builds {@link #toNcp()}'s wiring; the wiring records this AutoNcp as its spec. */
  @Override
  public Wiring build(int inputDim) {
    return toNcp().build(inputDim, this);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Keys: type ("AutoNCP"), units, output_size, sparsity_level, seed.
   */
  @Override
  public Map<String, Object> toConfig() {
    return SpecSupport.config(
        "AutoNCP",
        "units", units,
        "output_size", outputSize,
        "sparsity_level", sparsityLevel,
        "seed", seed);
  }
}
