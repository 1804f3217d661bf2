/**
 * Evaluation of a trained model: {@link io.liquid4j.evaluation.Evaluator} runs a model over a
 * dataset (or takes outputs computed elsewhere) and returns an {@link
 * io.liquid4j.evaluation.Evaluation} with the metrics of the data's task — loss, accuracy, F1 and
 * the {@link io.liquid4j.evaluation.ConfusionMatrix} for classification, loss, MSE and MAE for
 * regression — per step or for the last step. {@link io.liquid4j.evaluation.Metrics} holds the
 * same metrics as functions over the flat (B, T, W) arrays of the losses in {@code
 * io.liquid4j.train}.
 */
package io.liquid4j.evaluation;
