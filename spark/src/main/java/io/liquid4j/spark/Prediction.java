package io.liquid4j.spark;

import java.io.Serializable;

/**
 * A model's outputs for one {@link Sequence}: one row per step when the model returns sequences
 * ({@code ModelConfig.returnSequences()}), otherwise a single row, the last step's output.
 *
 * <p>A plain value that Spark serialises back to the driver, as its components (so it is left off
 * the Serialized Form page). It keeps the array it is given without copying, so it is safe to
 * share between threads as long as nobody writes to {@code outputs}; {@link BatchScoring} never
 * does after building it.
 *
 * @param key the sequence's key
 * @param outputs {@code outputs[row][o]}: rows × the model's output size
 * @serial exclude
 */
public record Prediction(String key, double[][] outputs) implements Serializable {}
