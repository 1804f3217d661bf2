package io.liquid4j.train;

/**
 * Hyperparameters of a training run. Immutable; validated on construction.
 *
 * @param epochs number of passes over the training data, ≥ 1
 * @param batchSize sequences per mini-batch, ≥ 1
 * @param learningRate initial learning rate, &gt; 0
 * @param optimizer "adam", "adamw", "sgd" or "rmsprop" (PyTorch defaults otherwise)
 * @param clipNorm clip gradients to this global L2 norm; 0 for no clipping
 * @param patience stop after this many epochs without validation improvement; 0 never stops early
 * @param restoreBest end with the parameters of the best validation epoch (true) or the last
 * @param seed fixes the shuffling of every epoch
 * @param threads worker threads for the data-parallel gradient; the result does not depend on it
 * @param chunkSize sequences per parallel work item; fixing it (not the thread count) fixes the
 *     floating-point reduction order, so results are identical for any number of threads
 */
public record TrainerConfig(
    int epochs,
    int batchSize,
    double learningRate,
    String optimizer,
    double clipNorm,
    int patience,
    boolean restoreBest,
    long seed,
    int threads,
    int chunkSize) {

  /** Validates every field; messages name the option. */
  public TrainerConfig {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
      throw new IllegalArgumentException("learning rate must be a positive number, got "
          + learningRate);
    }
    Optimizers.create(optimizer, io.liquid4j.cell.ParameterLayout.builder().build(), learningRate);
    if (!(clipNorm >= 0) || !Double.isFinite(clipNorm)) {
      throw new IllegalArgumentException("clip norm must be >= 0 (0: off), got " + clipNorm);
    }
    if (patience < 0) {
      throw new IllegalArgumentException("patience must be >= 0 (0: off), got " + patience);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunk size must be >= 1, got " + chunkSize);
    }
  }

  /** Adam, learning rate 0.005, batch 16, 20 epochs, all cores: the LTC repository's habits. */
  public static TrainerConfig defaults() {
    return new TrainerConfig(20, 16, 0.005, "adam", 0, 0, true, 42,
        Runtime.getRuntime().availableProcessors(), 4);
  }

  /** A copy with another number of epochs. */
  public TrainerConfig withEpochs(int value) {
    return new TrainerConfig(value, batchSize, learningRate, optimizer, clipNorm, patience,
        restoreBest, seed, threads, chunkSize);
  }

  /** A copy with another batch size and learning rate. */
  public TrainerConfig withBatch(int size, double lr) {
    return new TrainerConfig(epochs, size, lr, optimizer, clipNorm, patience, restoreBest, seed,
        threads, chunkSize);
  }

  /** A copy with another optimizer, gradient clipping and early-stopping patience. */
  public TrainerConfig withOptimizer(String name, double clip, int patienceEpochs) {
    return new TrainerConfig(epochs, batchSize, learningRate, name, clip, patienceEpochs,
        restoreBest, seed, threads, chunkSize);
  }

  /** A copy with another seed. */
  public TrainerConfig withSeed(long value) {
    return new TrainerConfig(epochs, batchSize, learningRate, optimizer, clipNorm, patience,
        restoreBest, value, threads, chunkSize);
  }

  /** A copy with another number of threads. */
  public TrainerConfig withThreads(int value) {
    return new TrainerConfig(epochs, batchSize, learningRate, optimizer, clipNorm, patience,
        restoreBest, seed, value, chunkSize);
  }
}
