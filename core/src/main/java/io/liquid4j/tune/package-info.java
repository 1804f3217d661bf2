/**
 * Hyperparameter search on one machine: a {@link io.liquid4j.tune.Grid} of model specifications
 * and training settings lists {@link io.liquid4j.tune.Candidate}s (all combinations, or a seeded
 * random draw); a {@link io.liquid4j.tune.Tuner} trains each on the training data, chooses one by
 * the validation metric alone, and then, in a separate step that is the only one given the test
 * data, reports the chosen candidate's test metric over several seeds. The Spark module's sweeps
 * list their runs with the same grid.
 */
package io.liquid4j.tune;
