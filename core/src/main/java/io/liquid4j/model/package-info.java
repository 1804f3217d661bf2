/**
 * Sequence models: {@link io.liquid4j.model.ModelConfig} (ncps's constructor arguments), {@link
 * io.liquid4j.model.SequenceModel} (config + parameters; batch forward with per-sample elapsed
 * time) and {@link io.liquid4j.model.StreamingSession} (stateful single-step inference).
 *
 * <p><b>Threads.</b> Configs, specs, models, states and outputs are immutable and safe to share
 * between threads: load a model once and let every thread call its forward methods. What holds
 * state is not thread-safe and belongs to one thread: a {@link
 * io.liquid4j.model.StreamingSession} per stream, a {@link io.liquid4j.model.TrainingPass} or
 * {@link io.liquid4j.model.AdjointPass} per forward/backward pair, a {@link
 * io.liquid4j.model.ModelConfig.Builder} while it builds.
 */
package io.liquid4j.model;
