package io.liquid4j.reservoir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.model.StreamingSession;
import io.liquid4j.reservoir.task.MackeyGlass;
import io.liquid4j.reservoir.task.Metrics;
import io.liquid4j.reservoir.task.Series;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Readouts on the liquids they serve: the seed document's tanh liquid state machine, closed-loop
 * generation, memory capacity, and the neurons of an LTC/CfC model as a liquid.
 */
class LiquidsTest {
  /**
   * The seed document's "LiquidStateMachine": random W_in, W scaled to spectral radius 0.95, tanh
   * neurons, and a pseudo-inverse readout (ridge 0: plain least squares), learning to predict a
   * sum of two sines one step ahead.
   */
  @Test
  void theSeedDocumentsLiquidStateMachineInAFewLines() {
    int steps = 1500;
    double[] u = new double[steps + 1];
    for (int t = 0; t <= steps; t++) {
      u[t] = Math.sin(0.2 * t) + 0.5 * Math.sin(0.311 * t);
    }
    double[] next = Arrays.copyOfRange(u, 1, steps + 1);

    Reservoir liquid = Reservoir.builder(100).spectralRadius(0.95).connectivity(0.1)
        .inputConnectivity(1).inputScaling(0.5).seed(42).build(1);
    double[] states = liquid.newSession().run(u, steps);
    Readout readout = new Ridge(100, 1, 0).add(states, next, 1000, 100).fit();

    double[] test = readout.predict(Arrays.copyOfRange(states, 1000 * 100, steps * 100), 500);
    double nrmse = Metrics.nrmse(Arrays.copyOfRange(next, 1000, steps), test);
    assertTrue(nrmse < 1e-3, "one-step NRMSE " + nrmse);
  }

  @Test
  void closedLoopGenerationContinuesMackeyGlass() {
    double[] series = Series.minMaxScale(MackeyGlass.generate(3100), -1, 1);
    int teacher = 3000;
    Reservoir reservoir = Reservoir.builder(300).leak(0.3).spectralRadius(1.25)
        .inputConnectivity(0.2).seed(3).build(1);
    ReservoirSession session = reservoir.newSession();
    double[] states = session.run(series, teacher);
    double[] next = Arrays.copyOfRange(series, 1, teacher + 1);
    Readout readout = new Ridge(300, 1, 1e-8).add(states, next, teacher, 100).fit();

    double[] beforeGenerating = session.state();
    double[] generated = ClosedLoop.generate(session, readout, 84);
    double[] truth = Arrays.copyOfRange(series, teacher, teacher + 84);
    double nrmse = Metrics.nrmse(truth, generated);
    assertTrue(nrmse < 0.05, "84-step closed-loop NRMSE " + nrmse);

    // Row 0 is the readout on the teacher-forced state; row 1 the state after feeding it back.
    double[] first = new double[1];
    readout.predict(beforeGenerating, 0, first, 0);
    assertEquals(first[0], generated[0], 0);
    ReservoirSession replay = reservoir.newSession();
    replay.setState(beforeGenerating);
    double[] second = new double[1];
    readout.predict(replay.step(new double[] {generated[0]}), 0, second, 0);
    assertEquals(second[0], generated[1], 0);

    // Without feedback of its own predictions the error would not stay bounded by the signal:
    // a readout that never saw the series generates nonsense.
    Readout untrained = new Readout(300, 1, new double[300], new double[] {0.5});
    ReservoirSession other = reservoir.newSession();
    other.run(series, teacher);
    double flat = Metrics.nrmse(truth, ClosedLoop.generate(other, untrained, 84));
    assertTrue(flat > 10 * nrmse, "a constant guess scores " + flat);
  }

  @Test
  void memoryCapacityOfALinearReservoirIsBoundedByItsSize() {
    int n = 30;
    Reservoir linear = Reservoir.builder(n).activation(ReservoirActivation.IDENTITY)
        .spectralRadius(0.95).connectivity(0.3).inputConnectivity(1).inputScaling(0.1).seed(1)
        .build(1);
    double[] r2 = MemoryCapacity.perDelay(linear, 60, 6000, 100, 1e-10, 7);
    double total = MemoryCapacity.total(r2);
    assertTrue(total <= n + 0.5, "MC " + total + " exceeds " + n);
    assertTrue(total > 0.5 * n, "a linear reservoir near the edge of stability remembers: " + total);
    assertTrue(r2[0] > 0.95, "r²(1) = " + r2[0]);
    assertTrue(r2[59] < 0.1, "r²(60) = " + r2[59]);
    for (double r : r2) {
      assertTrue(r >= 0 && r <= 1, "r² in [0, 1]: " + r);
    }
    // tanh driven hard saturates and forgets sooner.
    Reservoir saturated = Reservoir.builder(n).spectralRadius(0.95).connectivity(0.3)
        .inputConnectivity(1).inputScaling(5).seed(1).build(1);
    double hard = MemoryCapacity.total(MemoryCapacity.perDelay(saturated, 60, 6000, 100, 1e-10,
        7));
    assertTrue(hard < total, "saturated MC " + hard + " vs linear " + total);
  }

  @Test
  void aModelsNeuronsServeAsALiquid() {
    SequenceModel model = SequenceModel.create(ModelConfig.cfc(1, 16).build(), 5);
    ModelLiquid liquid = new ModelLiquid(model);
    assertEquals(model.stateSize(), liquid.stateSize());
    int steps = 800;
    SplittableRandom rng = new SplittableRandom(2);
    double[] u = new double[steps];
    double[] dt = new double[steps];
    for (int t = 0; t < steps; t++) {
      u[t] = rng.nextDouble() - 0.5;
      dt[t] = 0.5 + rng.nextDouble();
    }
    double[] states = liquid.run(u, dt, steps);

    // The states are the model's own hidden states, stepped as a stream.
    StreamingSession stream = model.newSession();
    for (int t = 0; t < steps; t++) {
      stream.step(new double[] {u[t]}, dt[t]);
      if (t == 10 || t == steps - 1) {
        assertArrayEquals(stream.state().h(),
            Arrays.copyOfRange(states, t * liquid.stateSize(), (t + 1) * liquid.stateSize()), 0);
      }
    }

    // A ridge readout on the untrained CfC's neurons recalls the previous input.
    double[] previous = new double[steps];
    System.arraycopy(u, 0, previous, 1, steps - 1);
    int size = liquid.stateSize();
    Readout readout = new Ridge(size, 1, 1e-6).add(states, previous, 600, 10).fit();
    double[] test = readout.predict(Arrays.copyOfRange(states, 600 * size, steps * size), 200);
    double r2 = Metrics.rsquare(Arrays.copyOfRange(previous, 600, steps), test);
    assertTrue(r2 > 0.5, "R² of recalling u(t − 1) from CfC neurons: " + r2);

    // And an online readout can keep adapting on the same states.
    Rls rls = new Rls(size, 1, 1e-3, 1.0);
    rls.trainAll(states, previous, 600);
    double online = Metrics.rsquare(Arrays.copyOfRange(previous, 600, steps),
        rls.snapshot().predict(Arrays.copyOfRange(states, 600 * size, steps * size), 200));
    assertTrue(online > 0.5, "RLS R² " + online);
    liquid.reset();
    assertArrayEquals(Arrays.copyOf(states, size), liquid.step(new double[] {u[0]}, dt[0]), 0);
  }
}
