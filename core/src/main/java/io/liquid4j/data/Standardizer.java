package io.liquid4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * z-score scaling of input features: x' = (x − mean) / std, per feature or with one scalar pair for
 * all features.
 *
 * <p>Statistics follow numpy: the mean and the population standard deviation ({@code np.std}, ddof
 * = 0), computed in two passes in double precision. A feature whose standard deviation is 0 (a
 * constant column) gets std 1, so it maps to 0 instead of to NaN.
 *
 * <p>Fit on training data only and apply the same instance to validation, test and prediction
 * inputs; {@link #toMap()} gives the statistics as plain lists so a trainer can keep them in a
 * model file's metadata, and {@link #fromMap(Map)} restores them.
 *
 * <p>Immutable and safe to share between threads: the statistics are fixed when it is made and
 * returned as copies; {@link #applyInPlace} and {@link #invertInPlace} write only to the caller's
 * array.
 *
 * <pre>{@code
 * Standardizer z = Standardizer.fit(train);        // per feature, over every real step
 * SequenceDataset trainZ = z.apply(train), testZ = z.apply(test);
 * Map<String, Object> meta = z.toMap();            // {"scope": "per-feature", "mean": [...], ...}
 * }</pre>
 */
public final class Standardizer {
  private final double[] mean; // (S)
  private final double[] std; // (S), all > 0
  private final boolean global; // one scalar pair repeated S times

  private Standardizer(double[] mean, double[] std, boolean global) {
    this.mean = mean;
    this.std = std;
    this.global = global;
  }

  /**
   * Per-feature statistics over every step of every sequence whose step weight ({@link
   * SequenceDataset#stepWeights()}: the mask times the valid steps) is &gt; 0 (all steps when the
   * dataset has neither). Padding therefore does not pull the statistics towards 0.
   *
   * @param data the sequences to fit on, with at least one counted step
   * @return the fitted standardizer for {@code data.features()} features
   * @throws IllegalArgumentException if every step has mask 0 (or there are no sequences)
   */
  public static Standardizer fit(SequenceDataset data) {
    Objects.requireNonNull(data, "data");
    double[] x = data.inputs(); // (n, L, S)
    double[] mask = data.stepWeights(); // (n, L) or null; 0 at padded steps
    int s = data.features();
    int steps = data.size() * data.length();
    int counted = 0;
    double[] rows = new double[steps * s]; // the counted steps, (m, S)
    for (int t = 0; t < steps; t++) {
      if (mask == null || mask[t] > 0) {
        System.arraycopy(x, t * s, rows, counted * s, s);
        counted++;
      }
    }
    if (counted == 0) {
      throw new IllegalArgumentException(
          "data has no steps to fit on (" + data.size() + " sequences, every mask value 0?)");
    }
    return fitRows(Arrays.copyOf(rows, counted * s), s);
  }

  /**
   * Per-feature statistics over the rows of a matrix, for example the raw rows of a training file
   * before it is cut into windows (the LTC paper's Occupancy preprocessing).
   *
   * @param rows (m, S) row-major, m ≥ 1, finite; not modified
   * @param features S, ≥ 1
   * @return the fitted standardizer
   * @throws IllegalArgumentException if {@code features} &lt; 1, or {@code rows} is empty, not a
   *     multiple of {@code features} long, or holds a value that is not finite
   */
  public static Standardizer fitRows(double[] rows, int features) {
    int m = checkRows(rows, features);
    double[] mean = new double[features];
    for (int r = 0; r < m; r++) {
      for (int f = 0; f < features; f++) {
        mean[f] += rows[r * features + f];
      }
    }
    for (int f = 0; f < features; f++) {
      mean[f] /= m;
    }
    double[] var = new double[features];
    for (int r = 0; r < m; r++) {
      for (int f = 0; f < features; f++) {
        double d = rows[r * features + f] - mean[f];
        var[f] += d * d;
      }
    }
    double[] std = new double[features];
    for (int f = 0; f < features; f++) {
      std[f] = nonZero(Math.sqrt(var[f] / m));
    }
    return new Standardizer(mean, std, false);
  }

  /**
   * One scalar mean and std over all values of all features, as the LTC paper's Ozone code does
   * ({@code x -= np.mean(x); x /= np.std(x)} on the whole matrix).
   *
   * @param rows (m, S) row-major, m ≥ 1, finite; not modified
   * @param features S, ≥ 1
   * @return a standardizer that applies the same pair to every feature
   * @throws IllegalArgumentException if {@code features} &lt; 1, or {@code rows} is empty, not a
   *     multiple of {@code features} long, or holds a value that is not finite
   */
  public static Standardizer fitGlobal(double[] rows, int features) {
    checkRows(rows, features);
    double sum = 0;
    for (double v : rows) {
      sum += v;
    }
    double mu = sum / rows.length;
    double sq = 0;
    for (double v : rows) {
      double d = v - mu;
      sq += d * d;
    }
    double sigma = nonZero(Math.sqrt(sq / rows.length));
    double[] mean = new double[features];
    double[] std = new double[features];
    Arrays.fill(mean, mu);
    Arrays.fill(std, sigma);
    return new Standardizer(mean, std, true);
  }

  /**
   * Given statistics, for example centering only (std 1) or values computed elsewhere.
   *
   * @param mean (S) finite; copied
   * @param std (S) finite and &gt; 0; copied
   * @return the standardizer
   * @throws IllegalArgumentException if the lengths differ or are 0, or a value is out of range
   */
  public static Standardizer of(double[] mean, double[] std) {
    Objects.requireNonNull(mean, "mean");
    Objects.requireNonNull(std, "std");
    if (mean.length == 0 || mean.length != std.length) {
      throw new IllegalArgumentException(
          "mean and std must have the same length >= 1, got " + mean.length + " and " + std.length);
    }
    for (int f = 0; f < mean.length; f++) {
      if (!Double.isFinite(mean[f])) {
        throw new IllegalArgumentException("mean[" + f + "] = " + mean[f] + " is not finite");
      }
      if (!(std[f] > 0) || !Double.isFinite(std[f])) {
        throw new IllegalArgumentException(
            "std[" + f + "] = " + std[f] + " must be finite and > 0");
      }
    }
    return new Standardizer(mean.clone(), std.clone(), false);
  }

  private static int checkRows(double[] rows, int features) {
    Objects.requireNonNull(rows, "rows");
    if (features < 1) {
      throw new IllegalArgumentException("features must be >= 1, got " + features);
    }
    if (rows.length == 0 || rows.length % features != 0) {
      throw new IllegalArgumentException(
          "rows has "
              + rows.length
              + " values, expected a positive multiple of features = "
              + features);
    }
    for (int i = 0; i < rows.length; i++) {
      if (!Double.isFinite(rows[i])) {
        throw new IllegalArgumentException("rows[" + i + "] = " + rows[i] + " is not finite");
      }
    }
    return rows.length / features;
  }

  // A constant feature carries no information; mapping it to 0 keeps it harmless, where dividing
  // by 0 would poison every step with NaN.
  private static double nonZero(double std) {
    return std > 0 ? std : 1.0;
  }

  /**
   * The number of features this standardizer was fitted on.
   *
   * @return S, ≥ 1
   */
  public int features() {
    return mean.length;
  }

  /**
   * The means.
   *
   * @return a copy, (S)
   */
  public double[] mean() {
    return mean.clone();
  }

  /**
   * The standard deviations.
   *
   * @return a copy, (S), all &gt; 0
   */
  public double[] std() {
    return std.clone();
  }

  /**
   * Whether one scalar pair is used for every feature.
   *
   * @return true when made by {@link #fitGlobal} (or restored from its map)
   */
  public boolean global() {
    return global;
  }

  /**
   * The dataset with standardized inputs; everything else is kept.
   *
   * @param data sequences with {@link #features()} features; not modified
   * @return a new dataset
   */
  public SequenceDataset apply(SequenceDataset data) {
    Objects.requireNonNull(data, "data");
    double[] x = data.inputs();
    applyInPlace(x, data.features());
    return data.withInputs(x);
  }

  /**
   * Standardizes rows in place: x[r, f] = (x[r, f] − mean[f]) / std[f].
   *
   * @param x (…, S) row-major, any number of rows; modified
   * @param features S, which must equal {@link #features()}
   * @throws IllegalArgumentException if {@code features} differs from {@link #features()} or the
   *     length of {@code x} is not a multiple of it
   */
  public void applyInPlace(double[] x, int features) {
    checkFeatures(x, features);
    for (int i = 0; i < x.length; i++) {
      int f = i % features;
      x[i] = (x[i] - mean[f]) / std[f];
    }
  }

  /**
   * Undoes {@link #applyInPlace}: x[r, f] = x[r, f]·std[f] + mean[f], for example to report a
   * standardized regression target in its original unit.
   *
   * @param x (…, S) row-major; modified
   * @param features S, which must equal {@link #features()}
   * @throws IllegalArgumentException if {@code features} differs from {@link #features()} or the
   *     length of {@code x} is not a multiple of it
   */
  public void invertInPlace(double[] x, int features) {
    checkFeatures(x, features);
    for (int i = 0; i < x.length; i++) {
      int f = i % features;
      x[i] = x[i] * std[f] + mean[f];
    }
  }

  private void checkFeatures(double[] x, int features) {
    Objects.requireNonNull(x, "x");
    if (features != mean.length) {
      throw new IllegalArgumentException(
          "data has " + features + " features but the standardizer was fitted on " + mean.length);
    }
    if (x.length % features != 0) {
      throw new IllegalArgumentException(
          "x has " + x.length + " values, not a multiple of features = " + features);
    }
  }

  /**
   * The statistics as plain values: {@code {"type": "z-score", "scope": "per-feature" | "global",
   * "mean": [S doubles], "std": [S doubles]}}; serialisable as JSON as it is.
   *
   * @return a new, modifiable map in that key order
   */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("type", "z-score");
    map.put("scope", global ? "global" : "per-feature");
    map.put("mean", toList(mean));
    map.put("std", toList(std));
    return map;
  }

  /**
   * Restores a standardizer from {@link #toMap()}'s form (for example after a JSON round trip,
   * where numbers may come back as any {@link Number}).
   *
   * @param map the statistics
   * @return the standardizer
   * @throws IllegalArgumentException if a key is missing or a value has the wrong type or range
   */
  public static Standardizer fromMap(Map<String, ?> map) {
    Objects.requireNonNull(map, "map");
    Object type = map.get("type");
    if (!"z-score".equals(type)) {
      throw new IllegalArgumentException(
          "standardizer map: expected \"type\": \"z-score\", found " + quote(type));
    }
    Object scope = map.get("scope");
    boolean global;
    if ("global".equals(scope)) {
      global = true;
    } else if ("per-feature".equals(scope)) {
      global = false;
    } else {
      throw new IllegalArgumentException(
          "standardizer map: \"scope\" must be \"per-feature\" or \"global\", found "
              + quote(scope));
    }
    double[] mean = numbers(map, "mean");
    double[] std = numbers(map, "std");
    Standardizer checked = of(mean, std);
    return new Standardizer(checked.mean, checked.std, global);
  }

  private static double[] numbers(Map<String, ?> map, String key) {
    Object value = map.get(key);
    if (!(value instanceof List<?> list)) {
      throw new IllegalArgumentException(
          "standardizer map: \"" + key + "\" must be a list of numbers, found " + quote(value));
    }
    double[] out = new double[list.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(list.get(i) instanceof Number number)) {
        throw new IllegalArgumentException(
            "standardizer map: \"" + key + "\"[" + i + "] is not a number: " + quote(list.get(i)));
      }
      out[i] = number.doubleValue();
    }
    return out;
  }

  private static String quote(Object value) {
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }

  private static List<Double> toList(double[] values) {
    List<Double> list = new ArrayList<>(values.length);
    for (double v : values) {
      list.add(v);
    }
    return list;
  }

  @Override
  public String toString() {
    return "Standardizer["
        + (global ? "global" : "per-feature")
        + ", mean "
        + Arrays.toString(mean)
        + ", std "
        + Arrays.toString(std)
        + "]";
  }
}
