package io.liquid4j.train;

/**
 * Metrics of a model on a dataset. Entries that do not apply to the task are NaN.
 *
 * @param loss the training loss (cross-entropy or MSE)
 * @param accuracy fraction of correctly classified (unmasked) steps
 * @param f1 F1 of class 1 (binary tasks) or macro F1 (more classes)
 * @param mse mean squared error (regression)
 * @param mae mean absolute error (regression)
 * @param sequences number of sequences evaluated
 */
public record Evaluation(
    double loss, double accuracy, double f1, double mse, double mae, int sequences) {}
