package io.liquid4j.experiments.bench;

import io.liquid4j.cell.Activation;
import io.liquid4j.cell.CfcMode;
import io.liquid4j.cell.Mapping;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.ModelKind;
import io.liquid4j.solver.SolverKind;
import io.liquid4j.wiring.Wiring;

/**
 * The arithmetic of a training step, counted from the equations, so that a measured time can be
 * put as a fraction of the machine's peak rate ({@link PeakFma}).
 *
 * <p>A flop is one addition, subtraction, multiplication or division (a fused multiply-add is
 * two); σ, tanh and exp are not flops but counted apart as {@link #transcendentals()}, since a
 * vectorised σ costs some twenty flops' time and dominates an LTC. Counted per sample and time
 * step, forward and backward (reverse mode, as the reference kernels of {@code LtcCell} and {@code
 * CfcCell} write it) plus the MSE loss; work done once per parameter rather than per sample (the
 * positivity maps of the LTC's conductances, the Adam update) is left out, small next to the
 * per-sample work at the benchmark's batches. Covered: an LTC with the fused solver and affine
 * mappings, and a CfC without wiring in default mode with lecun_tanh; neither with mixed memory or
 * a projection.
 *
 * <p>With S inputs, N neurons, M motor neurons (outputs), E synapses and E<sub>s</sub> sensory
 * synapses of the wiring (only those that exist: a dense kernel that multiplies absent synapses
 * by a zero mask does more arithmetic than counted) and K = ode_unfolds, an LTC per sample and
 * step:
 *
 * <ul>
 *   <li>forward 2S (input map) + 6E<sub>s</sub> (σ argument 2, weight 1, numerator 2, denominator
 *       1) + 3N (cm/h, g·vleak, cm/h + g) + K(6E + 8N) (synapses; numerator 4, denominator 3,
 *       division 1) + 2M (output map) + 3M (loss);
 *   <li>backward 5M (output map, adding to the carried gradient) + K(18E + 14N) + 8N (cm/h and
 *       its gradient 3, summing the per-sample gradients of g, cm, vleak 5) + 23E<sub>s</sub>
 *       (18, and summing 5) + 5E (summing the synapses' gradients) + 4S (input map) + 2M (loss);
 *   <li>transcendentals E<sub>s</sub> + K·E (the σ of every synapse; backward reuses them).
 * </ul>
 *
 * <p>A CfC with backbone layers of U units (L layers; the heads read the last layer, of width H =
 * U, or the S + N concatenated inputs when L = 0), per sample and step: forward Σ<sub>l</sub>
 * (2·in<sub>l</sub>·U + 2U) (matrix–vector product with bias, lecun_tanh's two scalings) + 8HN
 * (the four heads) + 6N (time gate 2, blend 4) + 3N (loss); backward Σ<sub>l</sub>
 * (4·in<sub>l</sub>·U + 5U) (weight and input gradients, bias, lecun_tanh's derivative) + 16HN +
 * 4N (the heads with their biases) + 16N (blend 5, two tanh′ 6, σ′ and Δt 4, carried gradient
 * 1) + 2N (loss);
 * transcendentals L·U + 3N. Matrix products dominate: forward and backward together come to about
 * six flops per weight and sample step.
 *
 * @param forward flops of the forward pass
 * @param backward flops of the backward pass
 * @param transcendentals σ, tanh and exp evaluations (forward and backward)
 */
public record FlopCount(long forward, long backward, long transcendentals) {

  /**
   * Forward and backward together.
   *
   * @return {@code forward + backward}
   */
  public long flops() {
    return forward + backward;
  }

  /**
   * This count repeated.
   *
   * @param times how many times, ≥ 0
   * @return every component multiplied by {@code times}
   */
  public FlopCount times(long times) {
    if (times < 0) {
      throw new IllegalArgumentException("times must be >= 0, got " + times);
    }
    return new FlopCount(Math.multiplyExact(forward, times), Math.multiplyExact(backward, times),
        Math.multiplyExact(transcendentals, times));
  }

  /**
   * Whether {@link #perSampleStep} counts this model.
   *
   * @param c a model
   * @return true for an LTC with the fused solver and affine mappings, or a CfC without wiring in
   *     default mode with lecun_tanh, neither with mixed memory or a projection
   */
  public static boolean counts(ModelConfig c) {
    if (c.mixedMemory() || c.projSize() != 0) {
      return false;
    }
    if (c.model() == ModelKind.LTC) {
      return c.solver() == SolverKind.FUSED && c.inputMapping() == Mapping.AFFINE
          && c.outputMapping() == Mapping.AFFINE;
    }
    return c.model() == ModelKind.CFC && c.wiring() == null && c.mode() == CfcMode.DEFAULT
        && c.activation() == Activation.LECUN_TANH;
  }

  /**
   * The arithmetic of one sample's time step, forward and backward with the MSE loss.
   *
   * @param c the model
   * @return its count
   * @throws IllegalArgumentException when {@link #counts} is false for the model
   */
  public static FlopCount perSampleStep(ModelConfig c) {
    if (!counts(c)) {
      throw new IllegalArgumentException("flop count: only an LTC with the fused solver and affine"
          + " mappings, or a CfC without wiring in default mode with lecun_tanh, neither with mixed"
          + " memory or a projection, are counted; got " + c.toMap());
    }
    return c.model() == ModelKind.LTC ? ltc(c) : cfc(c);
  }

  /**
   * The arithmetic of one training step of a workload: {@link #perSampleStep} × batch × length.
   *
   * @param w a training workload
   * @return its count
   * @throws IllegalArgumentException for a streaming workload or a model {@link #counts} rejects
   */
  public static FlopCount trainingStep(Workload w) {
    if (!w.training()) {
      throw new IllegalArgumentException(w.key() + ": not a training workload");
    }
    return perSampleStep(w.model()).times((long) w.batch() * w.length());
  }

  private static FlopCount ltc(ModelConfig c) {
    Wiring wiring = c.effectiveWiring().build(c.inputSize());
    long s = c.inputSize();
    long n = wiring.units();
    long m = wiring.outputDim();
    long e = wiring.synapseCount();
    long es = wiring.sensorySynapseCount();
    long k = c.odeUnfolds();
    long forward = 2 * s + 6 * es + 3 * n + k * (6 * e + 8 * n) + 2 * m + 3 * m;
    long backward = 5 * m + k * (18 * e + 14 * n) + 8 * n + 23 * es + 5 * e + 4 * s + 2 * m;
    return new FlopCount(forward, backward, es + k * e);
  }

  private static FlopCount cfc(ModelConfig c) {
    long s = c.inputSize();
    long n = c.units();
    long u = c.backboneUnits();
    long layers = c.backboneLayers();
    long forward = 0;
    long backward = 0;
    long in = s + n;
    for (long l = 0; l < layers; l++) {
      forward += 2 * in * u + 2 * u;
      backward += 4 * in * u + 5 * u;
      in = u;
    }
    long h = in;
    forward += 8 * h * n + 6 * n + 3 * n;
    backward += 16 * h * n + 4 * n + 16 * n + 2 * n;
    return new FlopCount(forward, backward, layers * u + 3 * n);
  }
}
