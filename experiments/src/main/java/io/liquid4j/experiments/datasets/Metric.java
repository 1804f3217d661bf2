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
  MSE
}
