package io.liquid4j.spark;

import java.io.Serializable;

/**
 * A model's outputs for one {@link Sequence}: one row per step when the model returns sequences
 * ({@code ModelConfig.returnSequences()}), otherwise a single row, the last step's output.
 *
 * @param key the sequence's key
 * @param outputs {@code outputs[row][o]}
 */
public record Prediction(String key, double[][] outputs) implements Serializable {}
