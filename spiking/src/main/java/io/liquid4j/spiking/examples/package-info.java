/**
 * Complete programs on the simulator, each a class with a {@code run} method: the seed
 * document's Brian2 program ({@link io.liquid4j.spiking.examples.SeedExample}).
 */
package io.liquid4j.spiking.examples;
