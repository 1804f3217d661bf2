/**
 * Complete programs on the simulator, each a class with a {@code run} method: the seed
 * document's Brian2 program ({@link io.liquid4j.spiking.examples.SeedExample}) and Brian2's CUBA
 * benchmark ({@link io.liquid4j.spiking.examples.Cuba}). {@code liquid4j spike} runs them.
 */
package io.liquid4j.spiking.examples;
