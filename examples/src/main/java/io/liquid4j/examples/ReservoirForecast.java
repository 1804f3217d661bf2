package io.liquid4j.examples;

import io.liquid4j.reservoir.ClosedLoop;
import io.liquid4j.reservoir.Readout;
import io.liquid4j.reservoir.Reservoir;
import io.liquid4j.reservoir.ReservoirSession;
import io.liquid4j.reservoir.Ridge;
import io.liquid4j.reservoir.task.ForecastPairs;
import io.liquid4j.reservoir.task.MackeyGlass;
import io.liquid4j.reservoir.task.Metrics;
import io.liquid4j.reservoir.task.Series;
import java.util.Arrays;

public class ReservoirForecast {
  public static void main(String[] args) {
    // Mackey–Glass as ReservoirPy generates it, scaled to [-1, 1]; inputs x(t), targets x(t + 1).
    double[] series = Series.minMaxScale(MackeyGlass.generate(10_000), -1, 1);
    ForecastPairs pairs = Series.toForecasting(series, 1);
    double[] trainInputs = Arrays.copyOfRange(pairs.inputs(), 0, 8000);
    double[] trainTargets = Arrays.copyOfRange(pairs.targets(), 0, 8000);
    double[] testInputs = Arrays.copyOfRange(pairs.inputs(), 8000, 9990);
    double[] testTargets = Arrays.copyOfRange(pairs.targets(), 8000, 9990);

    Reservoir liquid = Reservoir.builder(1000)
        .leak(0.3).spectralRadius(1.25).connectivity(0.1).inputConnectivity(0.2).seed(1234)
        .build(1);                                             // 1 input feature
    ReservoirSession session = liquid.newSession();
    double[] states = session.run(trainInputs, 8000);          // 8000 × 1000, row-major
    Readout readout = new Ridge(1000, 1, 1e-8)
        .add(states, trainTargets, 8000, 100)                  // first 100 states discarded
        .fit();
    double[] predicted = readout.predict(session.run(testInputs, 1990), 1990);
    double[] future = ClosedLoop.generate(session, readout, 84); // predictions fed back as inputs
    System.out.println("NRMSE one step ahead: " + Metrics.nrmse(testTargets, predicted));
    System.out.println("84 steps in closed loop, last: " + future[83]);
  }
}
