/**
 * Sequence models: {@link io.liquid4j.model.ModelConfig} (ncps's constructor arguments), {@link
 * io.liquid4j.model.SequenceModel} (config + parameters; batch forward with per-sample elapsed
 * time) and {@link io.liquid4j.model.StreamingSession} (stateful single-step inference).
 */
package io.liquid4j.model;
