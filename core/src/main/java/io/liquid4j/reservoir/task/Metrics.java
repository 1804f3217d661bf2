package io.liquid4j.reservoir.task;

/**
 * Regression scores for reservoir tasks, with ReservoirPy's definitions ({@code
 * reservoirpy.observables}): mean squared error, its root, the root normalised by the range of the
 * truth (ReservoirPy's default {@code nrmse}) or by its standard deviation (the usual NARMA / MG
 * benchmark NRMSE, sqrt(mean((ŷ − y)²) / var(y))), and R².
 *
 * <p>Multi-output series are row-major T×d arrays. The plain functions pool every element, which
 * is what ReservoirPy does by default ({@code dimensionwise=False}, {@code axis=None}): one mean,
 * one range, one variance over all T·d values. The {@code ...PerOutput} functions score each
 * column separately ({@code dimensionwise=True}) and return d values. Note that pooled NRMSE and R²
 * are not the averages of the per-output ones (scikit-learn's {@code r2_score} averages per output;
 * ReservoirPy's {@code rsquare} does not).
 *
 * <p>Variances are population variances (divide by N, numpy's default). Inputs must be non-empty,
 * of equal length and finite; normalisations by a zero range or variance are rejected rather than
 * returned as infinity or NaN.
 *
 * <pre>{@code
 * double score = Metrics.nrmse(yTest, yPredicted);            // rmse / (max − min) of yTest
 * double[] perAxis = Metrics.rsquarePerOutput(xyzTrue, xyzPredicted, 3);
 * }</pre>
 */
public final class Metrics {
  private Metrics() {}

  /**
   * Mean of (ŷ − y)² over all elements.
   *
   * <pre>{@code
   * Metrics.mse(new double[] {1, 2}, new double[] {1, 4});   // 2.0
   * }</pre>
   *
   * @param yTrue ground truth; not modified
   * @param yPred prediction, same length; not modified
   * @return the mean squared error, ≥ 0
   */
  public static double mse(double[] yTrue, double[] yPred) {
    checkPair(yTrue, yPred);
    return sumSquaredError(yTrue, yPred, 0, 1, yTrue.length) / yTrue.length;
  }

  /**
   * Square root of {@link #mse}.
   *
   * <pre>{@code
   * Metrics.rmse(new double[] {0, 0}, new double[] {3, 4});   // sqrt(12.5)
   * }</pre>
   *
   * @param yTrue ground truth; not modified
   * @param yPred prediction, same length; not modified
   * @return the root mean squared error, ≥ 0
   */
  public static double rmse(double[] yTrue, double[] yPred) {
    return Math.sqrt(mse(yTrue, yPred));
  }

  /**
   * {@link #rmse} divided by the peak-to-peak range max(yTrue) − min(yTrue): ReservoirPy's {@code
   * nrmse(y_true, y_pred)} with its default {@code norm="minmax"}.
   *
   * <pre>{@code
   * Metrics.nrmse(new double[] {0, 2}, new double[] {1, 1});   // 1 / 2
   * }</pre>
   *
   * @param yTrue ground truth; not modified
   * @param yPred prediction, same length; not modified
   * @return RMSE / (max(yTrue) − min(yTrue))
   * @throws IllegalArgumentException also when yTrue is constant
   */
  public static double nrmse(double[] yTrue, double[] yPred) {
    double rmse = rmse(yTrue, yPred);
    return rmse / requirePositiveNorm(range(yTrue, 0, 1, yTrue.length), "range");
  }

  /**
   * {@link #rmse} divided by the standard deviation of yTrue, i.e. sqrt(mean((ŷ − y)²) / var(y)):
   * 1 for always predicting the mean. Not ReservoirPy's {@code norm="var"}, which divides the RMSE
   * by the variance itself.
   *
   * <pre>{@code
   * Metrics.nrmseByStd(new double[] {0, 2}, new double[] {1, 1});   // 1.0
   * }</pre>
   *
   * @param yTrue ground truth; not modified
   * @param yPred prediction, same length; not modified
   * @return RMSE / std(yTrue)
   * @throws IllegalArgumentException also when yTrue is constant
   */
  public static double nrmseByStd(double[] yTrue, double[] yPred) {
    double mse = mse(yTrue, yPred);
    double variance = requirePositiveNorm(variance(yTrue, 0, 1, yTrue.length), "variance");
    return Math.sqrt(mse / variance);
  }

  /**
   * Coefficient of determination 1 − Σ(y − ŷ)² / Σ(y − ȳ)²: 1 for a perfect prediction, 0 for
   * predicting the mean, negative when worse than that.
   *
   * <pre>{@code
   * Metrics.rsquare(new double[] {0, 2}, new double[] {0, 1});   // 1 − 1/2 = 0.5
   * }</pre>
   *
   * @param yTrue ground truth; not modified
   * @param yPred prediction, same length; not modified
   * @return R², at most 1
   * @throws IllegalArgumentException also when yTrue is constant
   */
  public static double rsquare(double[] yTrue, double[] yPred) {
    checkPair(yTrue, yPred);
    return rsquare(yTrue, yPred, 0, 1, yTrue.length);
  }

  /**
   * {@link #mse} of each column of row-major T×outputs arrays: ReservoirPy's {@code mse(...,
   * dimensionwise=True)}.
   *
   * <pre>{@code
   * double[] perOutput = Metrics.msePerOutput(yTrue, yPred, 3);   // 3 values
   * }</pre>
   *
   * @param yTrue ground truth, row-major T × outputs; not modified
   * @param yPred prediction, same shape; not modified
   * @param outputs columns per row, ≥ 1, dividing the array length
   * @return one MSE per column
   */
  public static double[] msePerOutput(double[] yTrue, double[] yPred, int outputs) {
    int rows = checkPair(yTrue, yPred, outputs);
    double[] scores = new double[outputs];
    for (int j = 0; j < outputs; j++) {
      scores[j] = sumSquaredError(yTrue, yPred, j, outputs, rows) / rows;
    }
    return scores;
  }

  /**
   * {@link #rmse} of each column: ReservoirPy's {@code rmse(..., dimensionwise=True)}.
   *
   * @param yTrue ground truth, row-major T × outputs; not modified
   * @param yPred prediction, same shape; not modified
   * @param outputs columns per row, ≥ 1, dividing the array length
   * @return one RMSE per column
   */
  public static double[] rmsePerOutput(double[] yTrue, double[] yPred, int outputs) {
    double[] scores = msePerOutput(yTrue, yPred, outputs);
    for (int j = 0; j < outputs; j++) {
      scores[j] = Math.sqrt(scores[j]);
    }
    return scores;
  }

  /**
   * {@link #nrmse} of each column, each by its own range: ReservoirPy's {@code nrmse(...,
   * dimensionwise=True)}.
   *
   * @param yTrue ground truth, row-major T × outputs; not modified
   * @param yPred prediction, same shape; not modified
   * @param outputs columns per row, ≥ 1, dividing the array length
   * @return one NRMSE per column
   * @throws IllegalArgumentException also when a column of yTrue is constant
   */
  public static double[] nrmsePerOutput(double[] yTrue, double[] yPred, int outputs) {
    double[] scores = rmsePerOutput(yTrue, yPred, outputs);
    int rows = yTrue.length / outputs;
    for (int j = 0; j < outputs; j++) {
      scores[j] /= requirePositiveNorm(range(yTrue, j, outputs, rows), "range of column " + j);
    }
    return scores;
  }

  /**
   * {@link #nrmseByStd} of each column, each by its own standard deviation.
   *
   * @param yTrue ground truth, row-major T × outputs; not modified
   * @param yPred prediction, same shape; not modified
   * @param outputs columns per row, ≥ 1, dividing the array length
   * @return one RMSE / std per column
   * @throws IllegalArgumentException also when a column of yTrue is constant
   */
  public static double[] nrmseByStdPerOutput(double[] yTrue, double[] yPred, int outputs) {
    double[] scores = msePerOutput(yTrue, yPred, outputs);
    int rows = yTrue.length / outputs;
    for (int j = 0; j < outputs; j++) {
      double variance = requirePositiveNorm(
          variance(yTrue, j, outputs, rows), "variance of column " + j);
      scores[j] = Math.sqrt(scores[j] / variance);
    }
    return scores;
  }

  /**
   * {@link #rsquare} of each column, each against its own mean: ReservoirPy's {@code rsquare(...,
   * dimensionwise=True)}.
   *
   * @param yTrue ground truth, row-major T × outputs; not modified
   * @param yPred prediction, same shape; not modified
   * @param outputs columns per row, ≥ 1, dividing the array length
   * @return one R² per column
   * @throws IllegalArgumentException also when a column of yTrue is constant
   */
  public static double[] rsquarePerOutput(double[] yTrue, double[] yPred, int outputs) {
    int rows = checkPair(yTrue, yPred, outputs);
    double[] scores = new double[outputs];
    for (int j = 0; j < outputs; j++) {
      scores[j] = rsquare(yTrue, yPred, j, outputs, rows);
    }
    return scores;
  }

  // The helpers below walk one strided column: elements first, first + stride, ... (rows of them).
  // Stride 1 from 0 over all elements is the pooled case.

  private static double rsquare(
      double[] yTrue, double[] yPred, int first, int stride, int count) {
    double mean = mean(yTrue, first, stride, count);
    double residual = 0;
    double total = 0;
    for (int k = 0, i = first; k < count; k++, i += stride) {
      double error = yTrue[i] - yPred[i];
      double deviation = yTrue[i] - mean;
      residual += error * error;
      total += deviation * deviation;
    }
    String what = stride == 1 ? "variance" : "variance of column " + first;
    return 1 - residual / requirePositiveNorm(total, what);
  }

  private static double sumSquaredError(
      double[] yTrue, double[] yPred, int first, int stride, int count) {
    double sum = 0;
    for (int k = 0, i = first; k < count; k++, i += stride) {
      double error = yTrue[i] - yPred[i];
      sum += error * error;
    }
    return sum;
  }

  private static double mean(double[] y, int first, int stride, int count) {
    double sum = 0;
    for (int k = 0, i = first; k < count; k++, i += stride) {
      sum += y[i];
    }
    return sum / count;
  }

  /** Two-pass population variance: subtracting the mean first avoids cancellation. */
  private static double variance(double[] y, int first, int stride, int count) {
    double mean = mean(y, first, stride, count);
    double sum = 0;
    for (int k = 0, i = first; k < count; k++, i += stride) {
      double deviation = y[i] - mean;
      sum += deviation * deviation;
    }
    return sum / count;
  }

  private static double range(double[] y, int first, int stride, int count) {
    double min = y[first];
    double max = y[first];
    for (int k = 0, i = first; k < count; k++, i += stride) {
      min = Math.min(min, y[i]);
      max = Math.max(max, y[i]);
    }
    return max - min;
  }

  private static double requirePositiveNorm(double norm, String what) {
    if (!(norm > 0)) {
      throw new IllegalArgumentException("yTrue: expected a non-constant series to normalise by"
          + " its " + what + ", found " + what + " " + norm);
    }
    return norm;
  }

  private static void checkPair(double[] yTrue, double[] yPred) {
    Checks.requireNotEmpty("yTrue", yTrue);
    Checks.requireNotNull("yPred", yPred);
    if (yPred.length != yTrue.length) {
      throw new IllegalArgumentException("yPred: expected the length of yTrue (" + yTrue.length
          + "), found " + yPred.length);
    }
    Checks.requireAllFinite("yTrue", yTrue);
    Checks.requireAllFinite("yPred", yPred);
  }

  private static int checkPair(double[] yTrue, double[] yPred, int outputs) {
    checkPair(yTrue, yPred);
    return Checks.rowsOf("yTrue", yTrue, outputs);
  }
}
