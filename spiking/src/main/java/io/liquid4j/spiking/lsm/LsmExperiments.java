package io.liquid4j.spiking.lsm;

import io.liquid4j.reservoir.Readout;
import io.liquid4j.reservoir.Ridge;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The 2002 paper's experiments on a {@link LiquidStateMachine}: the separation property (Fig. 2:
 * the distance between the liquid states caused by two inputs grows with the distance between the
 * inputs) and the classification of jittered spike-train templates by a linear readout of the
 * liquid state (a ridge readout, the paper's "linear regression" readout).
 *
 * <pre>{@code
 * LiquidStateMachine lsm = LiquidStateMachine.create(Column.paper(new SplittableRandom(1)), 1);
 * Separation s = LsmExperiments.separation(lsm, 20, 7);
 * Classification c = LsmExperiments.classification(lsm, 4, 40, 20, 0.004, 7);
 * }</pre>
 */
public final class LsmExperiments {
  /** Input trains are 20 Hz Poisson trains of 500 ms, as in the paper. */
  public static final double RATE = 20;

  /** Length of an input train and of a trial, 500 ms, in seconds. */
  public static final double DURATION = 0.5;

  /** Simulation time step, 0.1 ms, in seconds. */
  public static final double DT = 1e-4;

  /** The paper's input distances d(u, v); 0 means one input, two initial states. */
  public static final double[] DISTANCES = {0.4, 0.2, 0.1, 0.0};

  /** How close a random pair's d(u, v) must be to its target (Brian2's example: 0.01). */
  public static final double TOLERANCE = 0.01;

  private LsmExperiments() {}

  /**
   * The mean state distance over time for each input distance.
   *
   * @param times sample times in seconds
   * @param distances input distances d(u, v), in the order of {@code curves}
   * @param curves mean over pairs of the state distance at each time
   * @param pairs pairs per distance
   */
  public record Separation(double[] times, double[] distances, double[][] curves, int pairs) {
    /**
     * The mean of one curve over the trial.
     *
     * @param distance index into {@link #distances()} and {@link #curves()}
     * @return the curve's mean over its sample times
     */
    public double mean(int distance) {
      double sum = 0;
      for (double v : curves[distance]) {
        sum += v;
      }
      return sum / curves[distance].length;
    }
  }

  /**
   * Fig. 2 of the paper: for each d(u, v) in {@link #DISTANCES}, {@code pairs} pairs of 20 Hz
   * inputs whose distance is within {@link #TOLERANCE} of d (drawn at random until enough are
   * found, as Brian2's example does; d = 0: one input, two initial states), each run on the
   * liquid; the state distance (mean over neurons of the squared difference of the filtered
   * trains) averaged over pairs, sampled every millisecond.
   *
   * @param lsm the liquid
   * @param pairs input pairs per distance, ≥ 1
   * @param seed the seed of the inputs and initial states
   * @return the curves
   */
  public static Separation separation(LiquidStateMachine lsm, int pairs, long seed) {
    return separation(lsm, pairs, seed, () -> { });
  }

  /**
   * As {@link #separation(LiquidStateMachine, int, long)}, calling {@code trialDone} per run.
   *
   * @param lsm the liquid
   * @param pairs input pairs per distance, ≥ 1
   * @param seed the seed of the inputs and initial states
   * @param trialDone called after each run, e.g. for progress
   * @return the curves
   */
  public static Separation separation(LiquidStateMachine lsm, int pairs, long seed,
      Runnable trialDone) {
    if (pairs < 1) {
      throw new IllegalArgumentException("pairs: expected at least 1, found " + pairs);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    double[] times = SpikeTrains.grid(DURATION, 1e-3);
    double[][] curves = new double[DISTANCES.length][times.length];
    List<List<double[][]>> inputs = collectPairs(pairs, rng);
    for (int d = 0; d < DISTANCES.length; d++) {
      for (double[][] pair : inputs.get(d)) {
        double[][] u = LiquidStateMachine.liquidState(
            lsm.run(pair[0], DURATION, rng.nextLong()), times);
        trialDone.run();
        double[][] v = LiquidStateMachine.liquidState(
            lsm.run(pair[1], DURATION, rng.nextLong()), times);
        trialDone.run();
        double[] distance = SpikeTrains.stateDistance(u, v);
        for (int k = 0; k < times.length; k++) {
          curves[d][k] += distance[k] / pairs;
        }
      }
    }
    return new Separation(times, DISTANCES.clone(), curves, pairs);
  }

  /** Pairs of inputs for each entry of {@link #DISTANCES}, in that order. */
  static List<List<double[][]>> collectPairs(int pairs, SplittableRandom rng) {
    List<List<double[][]>> collected = new ArrayList<>();
    for (int d = 0; d < DISTANCES.length; d++) {
      collected.add(new ArrayList<>());
    }
    int attempts = 0;
    while (!full(collected, pairs)) {
      if (++attempts > 10_000_000) {
        throw new IllegalStateException("separation: could not find input pairs at the paper's"
            + " distances after 10^7 draws");
      }
      double[] u = SpikeTrains.poisson(RATE, DURATION, DT, rng);
      double[] v = SpikeTrains.poisson(RATE, DURATION, DT, rng);
      double distance = SpikeTrains.inputDistance(u, v, DURATION, DT);
      for (int d = 0; d < DISTANCES.length; d++) {
        if (DISTANCES[d] > 0 && Math.abs(distance - DISTANCES[d]) < TOLERANCE
            && collected.get(d).size() < pairs) {
          collected.get(d).add(new double[][] {u, v});
          break;
        }
      }
      int zero = DISTANCES.length - 1;
      if (collected.get(zero).size() < pairs) {
        collected.get(zero).add(new double[][] {u, u});
      }
    }
    return collected;
  }

  private static boolean full(List<List<double[][]>> collected, int pairs) {
    for (List<double[][]> c : collected) {
      if (c.size() < pairs) {
        return false;
      }
    }
    return true;
  }

  /**
   * What the template classification measured.
   *
   * @param trainAccuracy fraction of training inputs classified correctly
   * @param testAccuracy fraction of held-out inputs classified correctly
   * @param chance 1 / classes
   */
  public record Classification(int classes, int trainPerClass, int testPerClass, double jitter,
      double trainAccuracy, double testAccuracy, double chance) {}

  /**
   * Spike-template classification: {@code classes} 20 Hz Poisson templates of 500 ms; each input
   * is a template with every spike moved by N(0, jitter²); a ridge readout of the liquid state
   * at the end of the input (trains filtered with 30 ms) is trained on {@code trainPerClass}
   * inputs per class (one-hot targets, arg-max decision) and tested on {@code testPerClass} new
   * ones.
   *
   * @param lsm the liquid
   * @param classes number of templates, ≥ 2
   * @param trainPerClass training inputs per class, ≥ 1
   * @param testPerClass test inputs per class, ≥ 1
   * @param jitter standard deviation of the spike jitter, in seconds
   * @param seed the seed of the templates, jitter and initial states
   * @return the accuracies
   */
  public static Classification classification(LiquidStateMachine lsm, int classes,
      int trainPerClass, int testPerClass, double jitter, long seed) {
    return classification(lsm, classes, trainPerClass, testPerClass, jitter, seed, () -> { });
  }

  /**
   * As {@link #classification(LiquidStateMachine, int, int, int, double, long)}, calling {@code
   * trialDone} per run.
   *
   * @param lsm the liquid
   * @param classes number of templates, ≥ 2
   * @param trainPerClass training inputs per class, ≥ 1
   * @param testPerClass test inputs per class, ≥ 1
   * @param jitter standard deviation of the spike jitter, in seconds
   * @param seed the seed of the templates, jitter and initial states
   * @param trialDone called after each run, e.g. for progress
   * @return the accuracies
   */
  public static Classification classification(LiquidStateMachine lsm, int classes,
      int trainPerClass, int testPerClass, double jitter, long seed, Runnable trialDone) {
    if (classes < 2 || trainPerClass < 1 || testPerClass < 1 || !(jitter >= 0)) {
      throw new IllegalArgumentException("classification: expected at least 2 classes, 1"
          + " training and 1 test input per class and a jitter ≥ 0, found " + classes + ", "
          + trainPerClass + ", " + testPerClass + " and " + jitter);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] templates = new double[classes][];
    for (int c = 0; c < classes; c++) {
      templates[c] = SpikeTrains.poisson(RATE, DURATION, DT, rng);
    }
    int n = lsm.column().size();
    int trainRows = classes * trainPerClass;
    int testRows = classes * testPerClass;
    double[] trainStates = new double[trainRows * n];
    double[] trainTargets = new double[trainRows * classes];
    double[] testStates = new double[testRows * n];
    int[] trainLabels = new int[trainRows];
    int[] testLabels = new int[testRows];
    double[] end = {DURATION};
    for (int row = 0; row < trainRows + testRows; row++) {
      int c = row % classes;
      double[] input = SpikeTrains.jitter(templates[c], jitter, DURATION, rng);
      input = oneSpikePerStep(input);
      double[][] state = LiquidStateMachine.liquidState(lsm.run(input, DURATION, rng.nextLong()),
          end);
      trialDone.run();
      boolean training = row < trainRows;
      double[] into = training ? trainStates : testStates;
      int r = training ? row : row - trainRows;
      for (int k = 0; k < n; k++) {
        into[r * n + k] = state[k][0];
      }
      if (training) {
        trainTargets[r * classes + c] = 1;
        trainLabels[r] = c;
      } else {
        testLabels[r] = c;
      }
    }
    Readout readout = new Ridge(n, classes, 1e-3).add(trainStates, trainTargets, trainRows, 0)
        .fit();
    return new Classification(classes, trainPerClass, testPerClass, jitter,
        accuracy(readout, trainStates, trainLabels, classes),
        accuracy(readout, testStates, testLabels, classes), 1.0 / classes);
  }

  /** Jitter can put two spikes into one time step; the later one moves to the next free step. */
  static double[] oneSpikePerStep(double[] sorted) {
    double[] out = sorted.clone();
    for (int k = 1; k < out.length; k++) {
      if (SpikeTrains.step(out[k], DT) <= SpikeTrains.step(out[k - 1], DT)) {
        out[k] = (SpikeTrains.step(out[k - 1], DT) + 1) * DT;
      }
    }
    int kept = out.length;
    while (kept > 0 && out[kept - 1] >= DURATION) {
      kept--;
    }
    return java.util.Arrays.copyOf(out, kept);
  }

  private static double accuracy(Readout readout, double[] states, int[] labels, int classes) {
    double[] scores = readout.predict(states, labels.length);
    int correct = 0;
    for (int r = 0; r < labels.length; r++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (scores[r * classes + c] > scores[r * classes + best]) {
          best = c;
        }
      }
      correct += best == labels[r] ? 1 : 0;
    }
    return (double) correct / labels.length;
  }
}
