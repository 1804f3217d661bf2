/** Speed benchmarks with warm-up and medians, run by {@code liquid4j bench}. */
package io.liquid4j.experiments.bench;
