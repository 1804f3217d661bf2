package io.liquid4j.train;

import io.liquid4j.cell.ParameterLayout;

/**
 * A first-order optimizer over one flat parameter array, with PyTorch's update rules.
 *
 * <p>Lifecycle (use in this order; other orders give unspecified results):
 *
 * <ol>
 *   <li><b>Create</b> it for a {@link ParameterLayout}. The layout fixes the length of {@code
 *       params} and {@code grads} and which entries are trainable. All state starts at zero and
 *       the step count at 0.
 *   <li><b>Step</b>: after each backward pass, {@link #step(double[], double[])} updates the
 *       trainable entries of {@code params} in place from {@code grads}, and advances the step
 *       count t by one (the bias corrections use t). Frozen entries are never read or written.
 *       Gradient clipping, if any, comes before the step; constraints, if any, after.
 *   <li><b>Adjust</b>: between steps, {@link #setLearningRate(double)} changes the learning rate,
 *       typically once per epoch from a {@link LearningRateSchedule}. Nothing else is mutable.
 *   <li><b>Checkpoint</b>: {@link #state()} snapshots the step count, learning rate and buffers.
 *       {@link #restore(OptimizerState)} on an optimizer created with the same hyperparameters
 *       and layout puts it back, and the following steps are bit-identical to an uninterrupted
 *       run.
 *   <li><b>Reuse</b>: {@link #copy()} gives an optimizer with the same hyperparameters and
 *       fresh state, for another training run.
 * </ol>
 *
 * <p>Optimizers are not thread-safe. {@code toString()} prints every hyperparameter, with
 * PyTorch's argument names.
 */
public interface Optimizer {

  /**
   * One update of the trainable entries.
   *
   * @param params (layout size) parameters. Modified (trainable entries only).
   * @param grads (layout size) gradient of the loss, same layout. Not modified.
   * @throws IllegalArgumentException for a length that does not match the layout, or when params
   *     and grads are the same array
   */
  void step(double[] params, double[] grads);

  /** {@return the current learning rate γ} */
  double learningRate();

  /**
   * Sets the learning rate used by the following steps.
   *
   * @param learningRate the new learning rate γ
   * @throws IllegalArgumentException unless finite and ≥ 0
   */
  void setLearningRate(double learningRate);

  /**
   * A snapshot of the mutable state.
   *
   * @return the step count, learning rate and copies of the buffers; later steps do not change it
   */
  OptimizerState state();

  /**
   * Replaces the mutable state (step count, learning rate, buffers) by a snapshot.
   *
   * @param state a snapshot from {@link #state()} of an optimizer with the same hyperparameters
   *     and layout; its buffers are copied, not kept
   * @throws IllegalArgumentException when the snapshot comes from another kind of optimizer, has
   *     other buffers (for example AMSGrad's in a plain Adam) or another layout size
   */
  void restore(OptimizerState state);

  /**
   * A new optimizer for another run.
   *
   * @return an optimizer with the same hyperparameters (and the current learning rate) and layout,
   *     zero state and step count 0
   */
  Optimizer copy();

  /** {@return the layout this optimizer was created for} */
  ParameterLayout layout();

  /** {@return the number of steps taken so far, t} */
  long steps();

  /**
   * {@return the short name as accepted by {@link Optimizers#create}: adam, adamw, sgd, rmsprop}
   */
  String name();
}
