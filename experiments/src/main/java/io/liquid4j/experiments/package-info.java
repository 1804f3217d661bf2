/**
 * Reproducible experiments from the papers: {@link io.liquid4j.experiments.LtcPaperExperiment}
 * runs the LTC paper's time-series protocol on the datasets in the repository's {@code datasets}
 * folder.
 */
package io.liquid4j.experiments;
