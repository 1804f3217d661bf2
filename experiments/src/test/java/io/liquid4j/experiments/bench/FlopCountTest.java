package io.liquid4j.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.model.ModelConfig;
import io.liquid4j.solver.SolverKind;
import io.liquid4j.wiring.FullyConnected;
import org.junit.jupiter.api.Test;

/** The flop counts against counts made by hand, operation by operation, on tiny models. */
class FlopCountTest {
  /**
   * FullyConnected(2) over 1 input: S = 1, N = 2, both neurons motor (M = 2), E = 4 synapses
   * (self-connections included), E_s = 2 sensory synapses, K = 6 unfolds.
   */
  @Test
  void aTinyLtcByHand() {
    long forward = 0;
    forward += 1 * 2; // input map x·w + b: mul, add
    forward += 2 * 6; // sensory synapse: sigma·(x − mu) 2, a = w·σ 1, num += a·erev 2, den += a 1
    forward += 2 * 3; // per neuron once: cmT = cm/h, leak = gleak·vleak, cmT + gleak
    long unfold = 4 * 6 // each synapse as a sensory one
        + 2 * 4 // numerator cmT·v + leak + (num + numS): mul, 3 adds
        + 2 * 3 // denominator (cmT + gleak) + (den + denS) + ε: 3 adds
        + 2 * 1; // v = numerator / denominator
    forward += 6 * unfold;
    forward += 2 * 2; // output map v·w + b
    forward += 2 * 3; // loss: y − t, square, sum
    long backward = 0;
    backward += 2 * 2; // loss: 2·(y − t) scaled
    backward += 2 * 5; // output map: dW += d·v 2, d·w 1, dB += d 1, added to the carried dv 1
    long unfoldBack = 2 * 14 // per neuron: dv/den 1, −dv·v'/den 2, dCmT += dN·v + dD 3,
        // dPrev = dN·cmT 1, dGleak += dN·vleak + dD 3, dVleak += dN·gleak 2, dNumS, dDenS 2
        + 4 * 18; // per synapse: v − mu 1, da = dn·erev + dd 2, dErev += dn·(w·σ) 3,
    // dW += da·σ 2, dz = da·w·σ·(1 − σ) 4, dSigma += dz·diff 2, dMu −= dz·sigma 2,
    // dz·sigma 1, scattered into dv 1
    backward += 6 * unfoldBack;
    backward += 2 * 3; // per neuron once: cmT = cm/h 1, dCm += dCmT/h 2
    backward += 2 * 18; // sensory synapses as the internal ones, into dx instead of dv (2)
    backward += 1 * 4; // input map: dB += d 1, dW += d·x 2, d·w 1
    backward += 2 * 5 + 4 * 5 + 2 * 5; // summing per-sample gradients: gleak, cm (2 each) and
    // vleak (1) per neuron; w (2), sigma, mu, erev (1 each) per synapse and sensory synapse
    FlopCount c = FlopCount.perSampleStep(ModelConfig.ltc(1, new FullyConnected(2)).build());
    assertEquals(270, forward);
    assertEquals(700, backward);
    assertEquals(forward, c.forward());
    assertEquals(backward, c.backward());
    assertEquals(2 + 6 * 4, c.transcendentals()); // a σ per sensory synapse and per synapse·unfold
  }

  /** FullyConnected(3) over 2 inputs with 2 unfolds: the same terms with other sizes. */
  @Test
  void anotherLtcByHand() {
    // S = 2, N = 3, M = 3, E = 9, E_s = 6, K = 2.
    long forward = 2 * 2 + 6 * 6 + 3 * 3 + 2 * (6 * 9 + 8 * 3) + 2 * 3 + 3 * 3;
    long backward = 2 * 3 + 5 * 3 + 2 * (14 * 3 + 18 * 9) + 3 * 3 + 18 * 6 + 4 * 2
        + (5 * 3 + 5 * 9 + 5 * 6);
    FlopCount c = FlopCount.perSampleStep(
        ModelConfig.ltc(2, new FullyConnected(3)).odeUnfolds(2).build());
    assertEquals(new FlopCount(forward, backward, 6 + 2 * 9), c);
  }

  /** CfC 1 → 2 units, backbone 3 × 1: S = 1, N = 2, U = 3. */
  @Test
  void aTinyCfcByHand() {
    long forward = 0;
    forward += 3 * 3 * 2; // backbone: 3 outputs of 3 inputs ([x, h]), a mul and an add each
    forward += 3 * 2; // lecun_tanh 1.7159·tanh(0.666·z): two multiplications
    forward += 4 * 2 * 3 * 2; // heads ff1, ff2, time_a, time_b: 2 outputs of 3 inputs each
    forward += 2 * 2; // time_a·Δt + time_b
    forward += 2 * 4; // ff1·(1 − t) + t·ff2
    forward += 2 * 3; // loss
    long backward = 0;
    backward += 2 * 2; // loss
    backward += 2 * 1; // output gradient added to the carried state gradient
    backward += 2 * 5; // d ff1 = dh·(1 − t) 2, d ff2 = dh·t 1, dt = dh·(ff2 − ff1) 2
    backward += 2 * 2 * 3; // tanh′ of ff1 and ff2: d·(1 − f²)
    backward += 2 * 4; // σ′: dt·t·(1 − t) 3, times Δt 1
    backward += 4 * 2 * 3 * 2 * 2 + 4 * 2; // heads: weight and input gradients, biases
    backward += 3 * 4; // lecun_tanh′: constant, square, 1 − ·, product
    backward += 3 * 3 * 2 * 2 + 3; // backbone: weight and input gradients, bias
    FlopCount c = FlopCount.perSampleStep(ModelConfig.cfc(1, 2).backbone(3, 1, 0.0).build());
    assertEquals(90, forward);
    assertEquals(191, backward);
    assertEquals(new FlopCount(forward, backward, 3 + 2 + 2 + 2), c); // lecun tanh, 2 tanh, σ
  }

  /** Without a backbone, the heads read [x, h]; with two layers, the second reads the first. */
  @Test
  void backboneDepths() {
    FlopCount none = FlopCount.perSampleStep(ModelConfig.cfc(1, 2).backbone(0, 0, 0.0).build());
    assertEquals(new FlopCount(8 * 3 * 2 + 6 * 2 + 3 * 2, 16 * 3 * 2 + 4 * 2 + 16 * 2 + 2 * 2,
        3 * 2), none);
    FlopCount one = FlopCount.perSampleStep(ModelConfig.cfc(1, 2).backbone(3, 1, 0.0).build());
    FlopCount two = FlopCount.perSampleStep(ModelConfig.cfc(1, 2).backbone(3, 2, 0.0).build());
    // The second layer: 3 × 3 weights, lecun_tanh on 3 units; backward 4 per weight, 5 per unit.
    assertEquals(one.forward() + 2 * 9 + 2 * 3, two.forward());
    assertEquals(one.backward() + 4 * 9 + 5 * 3, two.backward());
    assertEquals(one.transcendentals() + 3, two.transcendentals());
  }

  /**
   * A wide CfC is matrix products: forward 2 and backward 4 flops per weight and sample step
   * (the rule of thumb "six flops per parameter"), within the elementwise remainder.
   */
  @Test
  void aWideCfcIsAboutSixFlopsPerWeight() {
    ModelConfig c = TrainingBenchmark.workload("train_cfc_256").model();
    long weights = (16 + 256) * 256 + 256 + 4 * (256 * 256 + 256);
    FlopCount f = FlopCount.perSampleStep(c);
    assertEquals(1.0, f.flops() / (6.0 * weights), 0.01);
    assertEquals(2.0, f.backward() / (double) f.forward(), 0.01);
  }

  @Test
  void aTrainingStepIsBatchTimesLengthSampleSteps() {
    for (String key : TrainingBenchmark.Suite.ALL.keys()) {
      Workload w = TrainingBenchmark.workload(key);
      if (w.training() && FlopCount.counts(w.model())) {
        assertEquals(FlopCount.perSampleStep(w.model()).times((long) w.batch() * w.length()),
            FlopCount.trainingStep(w), key);
      }
    }
    // The two largest workloads of the scaling suite are counted.
    assertTrue(FlopCount.counts(TrainingBenchmark.workload("train_ltc_ncp128").model()));
    assertTrue(FlopCount.counts(TrainingBenchmark.workload("train_cfc_256").model()));
  }

  @Test
  void modelsItDoesNotCountAreRefused() {
    ModelConfig mixed = TrainingBenchmark.workload("train_cfc_mixed").model();
    assertFalse(FlopCount.counts(mixed));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FlopCount.perSampleStep(mixed));
    assertTrue(e.getMessage().contains("mixed"), e.getMessage());
    assertFalse(FlopCount.counts(ModelConfig.ltc(2, 4).solver(SolverKind.RK4).build()));
    assertFalse(FlopCount.counts(ModelConfig.cfc(2, 4).projSize(1).build()));
    assertThrows(IllegalArgumentException.class,
        () -> FlopCount.trainingStep(TrainingBenchmark.workload("infer_cfc_256_step_s")));
    assertThrows(IllegalArgumentException.class, () -> new FlopCount(1, 2, 3).times(-1));
  }
}
