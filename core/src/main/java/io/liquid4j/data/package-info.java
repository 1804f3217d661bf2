/**
 * Time-series data for training: sequences, CSV reading, scaling and splits.
 *
 * <ul>
 *   <li>{@link io.liquid4j.data.SequenceDataset}: n sequences of L steps with S features, their
 *       targets (class indices or real values, per step or per sequence), and optional elapsed
 *       times, step mask/weights and sequence weights; immutable, with {@code subset}, {@code
 *       concat} and {@code batch} for mini-batches.
 *   <li>{@link io.liquid4j.data.CsvTable} reads a CSV file (RFC 4180) into strings, remembering
 *       lines for error messages; {@link io.liquid4j.data.CsvTimeSeries} turns one into windowed
 *       sequences, with Δt from a timestamp column.
 *   <li>{@link io.liquid4j.data.ArrayData} builds one from NumPy-style arrays (.npy files or
 *       memory): inputs X (B, L, S), targets per step or per sequence (class labels or real
 *       values), elapsed times and a step mask.
 *   <li>{@link io.liquid4j.data.Standardizer}: z-score statistics that fit on training data and
 *       travel with a model as a plain map.
 *   <li>{@link io.liquid4j.data.Splits}: numpy-identical seeded shuffles and train / validation /
 *       test splits; {@link io.liquid4j.data.Windows}: window start rows and cutting.
 * </ul>
 *
 * <p><b>Layout.</b> Arrays are flat {@code double[]}, row-major, with the shapes written in each
 * javadoc: n sequences (B in a batch), L steps, S features, W classes or regression targets. A
 * sequence is the leading axis everywhere (the LTC repository's TensorFlow code is time-major, (L,
 * n, S); nothing here is).
 *
 * <p><b>Errors.</b> Bad arguments are {@link java.lang.IllegalArgumentException}s naming the
 * argument; bad file content is a {@link io.liquid4j.io.FileFormatException} naming file, line and
 * column.
 *
 * <p><b>Threads.</b> Datasets, inputs, tables, options, standardizers and array descriptions are
 * immutable and safe to share between threads; the static readers and helpers keep no state. A
 * {@link io.liquid4j.data.SequenceDataset.Batch} hands its arrays to the caller without copying
 * them and is for one thread unless every thread only reads it.
 */
package io.liquid4j.data;
