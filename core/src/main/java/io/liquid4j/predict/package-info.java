/**
 * Applying a trained model to raw data, and training one from raw data.
 *
 * <ul>
 *   <li>{@link io.liquid4j.predict.Preprocessing}: everything a model needs to be applied to raw
 *       data (features, scaling, task, targets, Δt, CSV layout), stored in the model file.
 *   <li>{@link io.liquid4j.predict.Predictor}: a model with its preprocessing; raw inputs in,
 *       outputs in the user's units out ({@link io.liquid4j.predict.Prediction}), batch and
 *       streaming.
 *   <li>{@link io.liquid4j.predict.ModelTraining}: raw labelled data → split → fitted scaling →
 *       trained model with its preprocessing ({@link io.liquid4j.predict.TrainedModel}), what
 *       {@code liquid4j train} does.
 * </ul>
 */
package io.liquid4j.predict;
