package io.liquid4j.train;

/**
 * What one epoch achieved. Immutable and safe to share between threads.
 *
 * @param epoch 0-based
 * @param trainLoss mean of the mini-batch losses (each with the L2 penalty when one is set)
 * @param validationLoss loss on the validation set (NaN without one)
 * @param validationMetric the validation score that selects the best epoch: accuracy or F1
 *     (classification) or the loss (regression), see {@link Selection}
 * @param learningRate the rate used during the epoch (with a schedule stepped per batch, the rate
 *     of its first step)
 * @param seconds wall time of the epoch
 * @param improved whether validation improved on all earlier epochs
 */
public record EpochSummary(
    int epoch,
    double trainLoss,
    double validationLoss,
    double validationMetric,
    double learningRate,
    double seconds,
    boolean improved) {}
