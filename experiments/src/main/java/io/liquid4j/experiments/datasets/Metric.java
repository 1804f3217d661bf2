package io.liquid4j.experiments.datasets;

/** The test metric the LTC paper reports for a benchmark (its Table 3). */
public enum Metric {
  /** Share of test steps whose arg-max class equals the target, over all steps of all sequences. */
  ACCURACY,
  /**
   * F1 score of class 1 over all test steps pooled: 2·P·R / (P + R) with precision P = tp / (tp +
   * fp) and recall R = tp / (tp + fn). (ozone.py adds 1e-5 to both denominators and 1e-6 to P + R.)
   */
  F1_CLASS_1,
  /** Mean squared error over all test steps, in the standardized target unit. */
  MSE;

  /**
   * F1 of class 1 as ozone.py computes it from pooled counts: P = tp / (tp + fp + 1e-5), R = tp /
   * (tp + fn + 1e-5), F1 = 2·P·R / (P + R + 1e-6). The small constants keep an empty class from
   * dividing by zero and move the value by about 1e-5 otherwise.
   *
   * @param tp steps of class 1 predicted 1
   * @param fp steps of class 0 predicted 1
   * @param fn steps of class 1 predicted 0
   * @return the F1 score, in [0, 1); 0 when tp = 0
   */
  public static double scriptF1(double tp, double fp, double fn) {
    double precision = tp / (tp + fp + 0.00001);
    double recall = tp / (tp + fn + 0.00001);
    return 2 * (precision * recall) / (precision + recall + 0.000001);
  }
}
