package io.liquid4j.model;

/**
 * Gradients of a loss from backpropagation through time.
 *
 * <p>The arrays are not copied: the accessors return them as they are. A {@link TrainingPass}
 * returns its own arrays and overwrites them when it is reused, so copy what must outlive the
 * next reuse. Not thread-safe: threads may share one only to read it, and not while its pass is
 * reused.
 *
 * @param parameters dL/dθ, laid out as the model's {@link SequenceModel#layout()} (raw parameters,
 *     before any softplus; zero for frozen buffers)
 * @param inputs dL/dx (B, L, S)
 * @param initialH dL/dh₀ (B, N)
 * @param initialC dL/dc₀ (B, N) with mixed memory, else null
 */
public record Gradients(double[] parameters, double[] inputs, double[] initialH, double[] initialC) {}
