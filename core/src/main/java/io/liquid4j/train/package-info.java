/**
 * Training utilities with PyTorch's semantics and defaults: losses, optimizers, gradient
 * clipping, parameter constraints and learning-rate schedules (the metrics are in {@code
 * io.liquid4j.evaluation}).
 *
 * <p>Array conventions (flat, row-major, as in the cell package). B batch, T steps (1 for a
 * sequence-level target), W output width (C classes for classification):
 *
 * <table>
 *   <caption>Arrays of the losses (and of the metrics)</caption>
 *   <tr><th>array</th><th>shape</th><th>meaning</th></tr>
 *   <tr><td>outputs</td><td>(B, T, W)</td><td>model outputs; logits for classification</td></tr>
 *   <tr><td>targets</td><td>(B, T, W) or (B, T)</td>
 *       <td>regression targets, or class indices stored as doubles</td></tr>
 *   <tr><td>mask</td><td>(B, T) or null</td><td>weight ≥ 0 of each step; 0 marks padding</td></tr>
 *   <tr><td>sampleWeights</td><td>(B) or null</td><td>weight ≥ 0 of each sequence</td></tr>
 * </table>
 *
 * <p>Optimizers work on the one flat parameter array of a model, described by a {@link
 * io.liquid4j.cell.ParameterLayout}; the gradient has the same layout. Only entries with {@code
 * trainable() == true} are ever changed: frozen buffers such as sparsity masks are left alone by
 * updates, weight decay, clipping and constraints.
 *
 * <p>A training step, in order:
 *
 * <pre>
 *   loss  = loss.evaluate(outputs, B, T, W, targets, mask, weights, dOutputs)
 *   grads = backward(dOutputs)                            (model code, not this package)
 *   norm  = GradientClipping.clipByGlobalNorm(grads, layout, maxNorm)     (optional)
 *   optimizer.step(params, grads)
 *   Constraints.clipNonNegative(params, layout, Constraints.leafNamed(...)) (LTC, optional)
 * </pre>
 *
 * and once per epoch, after validation: {@code optimizer.setLearningRate(schedule.next(epoch,
 * validationLoss))}.
 */
package io.liquid4j.train;
