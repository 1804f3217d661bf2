package io.liquid4j.train;

/**
 * A learning-rate schedule, stepped once per epoch, with PyTorch's {@code lr_scheduler}
 * semantics.
 *
 * <p>Protocol. Let lr_e be the learning rate used during epoch e (0-based). Before training,
 * {@link #learningRate()} is lr_0, the base learning rate. At the end of epoch e, after
 * validation, the training loop calls {@code next(e, metric)}, which returns lr_{e+1}:
 *
 * <pre>
 *   optimizer.setLearningRate(schedule.learningRate());          // lr_0
 *   for (int e = 0; e &lt; epochs; e++) {
 *     trainOneEpoch();                                           // uses lr_e
 *     double validationLoss = validate();
 *     optimizer.setLearningRate(schedule.next(e, validationLoss)); // lr_{e+1}
 *   }
 * </pre>
 *
 * This is PyTorch's loop with {@code scheduler.step()} (or {@code scheduler.step(val_loss)} for
 * ReduceLROnPlateau) at the end of each epoch: after that call PyTorch's {@code last_epoch} is
 * e + 1 and the optimizer holds lr_{e+1}.
 *
 * <p>Epochs must be reported once each, in order, starting at 0 ({@code epoch == epochs()});
 * anything else throws, because a skipped or repeated call silently shifts the schedule. The
 * schedule owns the learning rate: it does not read the optimizer's, so apply its result.
 *
 * <p>{@link #state()} and {@link #restore(ScheduleState)} checkpoint the schedule so that a
 * resumed run continues with bit-identical learning rates.
 *
 * <p>Schedules are mutable and not thread-safe: {@link #next} advances the epoch count and the
 * learning rate. Use one per training run ({@link #copy()} makes a fresh one).
 */
public interface LearningRateSchedule {

  /**
   * Reports the end of an epoch.
   *
   * @param epoch the epoch just finished, 0-based; must equal {@link #epochs()}
   * @param validationMetric that epoch's validation loss or metric; only {@link
   *     ReduceLrOnPlateau} reads it (others accept anything, NaN included)
   * @return the learning rate for epoch {@code epoch + 1}
   * @throws IllegalArgumentException when epochs are skipped, repeated or out of order
   */
  double next(int epoch, double validationMetric);

  /**
   * The learning rate for the coming epoch: the base learning rate before the first {@link
   * #next}, afterwards the value it last returned.
   *
   * @return the learning rate, ≥ 0
   */
  double learningRate();

  /**
   * {@return the number of epochs reported so far; the next call to {@link #next} must pass this
   * epoch}
   */
  int epochs();

  /**
   * A snapshot of the mutable state.
   *
   * @return the epoch count, the learning rate and the kind's other values; later calls do not
   *     change it
   */
  ScheduleState state();

  /**
   * Replaces the mutable state by a snapshot taken from a schedule of the same kind.
   *
   * @param state a snapshot from {@link #state()} of a schedule with the same hyperparameters
   * @throws IllegalArgumentException when the snapshot comes from another kind of schedule or
   *     lacks a value
   */
  void restore(ScheduleState state);

  /**
   * A new schedule for another run.
   *
   * @return a schedule with the same hyperparameters and fresh state (epoch 0, base learning rate)
   */
  LearningRateSchedule copy();

  /** {@return the short name: constant, step, exponential, decay, cosine or plateau} */
  String name();

  /**
   * A schedule that always returns {@code lr} (training without a scheduler).
   *
   * @param lr the learning rate of every epoch, finite and ≥ 0
   * @return a new {@link FixedLr}
   * @throws IllegalArgumentException unless {@code lr} is finite and ≥ 0
   */
  static LearningRateSchedule constant(double lr) {
    return new FixedLr(lr);
  }
}
