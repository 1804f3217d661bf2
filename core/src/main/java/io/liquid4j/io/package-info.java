/**
 * Model and data files: safetensors, NumPy .npy, and atomic writing.
 *
 * <ul>
 *   <li>{@link io.liquid4j.io.Safetensors} reads and writes the safetensors format that PyTorch
 *       (and ncps) users save weights in; {@link io.liquid4j.io.SafetensorsFile} holds the result:
 *       {@link io.liquid4j.io.Tensor}s by name plus string metadata.
 *   <li>{@link io.liquid4j.io.Npy} reads and writes .npy arrays ({@link io.liquid4j.io.NpyArray}),
 *       the usual way to hand inputs and expected outputs between Python and Java.
 *   <li>{@link io.liquid4j.io.AtomicFiles} writes through a synced temporary file and an atomic
 *       rename, so no reader ever sees a half-written file, refuses to replace an existing file
 *       unless its {@code overwrite} argument is true, and never replaces anything but a regular
 *       file (not a link, directory, pipe or device); its {@link
 *       io.liquid4j.io.AtomicFiles.Publication} publishes several files together or none.
 *   <li>{@link io.liquid4j.io.ModelFile} saves and loads whole models (parameters, configuration
 *       and preprocessing); {@link io.liquid4j.io.StateFile} a recurrent state; {@link
 *       io.liquid4j.io.NcpsImport} reads a model trained with ncps.
 * </ul>
 *
 * <p><b>Values are doubles.</b> Every element type is converted to {@code double} on reading and
 * rounded to the file's type on writing (see {@link io.liquid4j.io.DType}); arrays are flat and
 * row-major, with an {@code int[] shape} beside them.
 *
 * <p><b>Untrusted files are safe to open.</b> Readers only ever interpret bytes as numbers and a
 * small, fixed header grammar: no Java deserialization, no pickle, no evaluation. Every size in a
 * header is checked against the real byte count before anything is allocated, so a corrupt or
 * hostile file cannot cause an out-of-memory error or an index exception; every problem is a {@link
 * io.liquid4j.io.FileFormatException} whose one-line message names the file, where the problem is
 * and what was expected versus found. Files are read whole into memory (at most 2 GiB).
 *
 * <p><b>Threads.</b> The readers and writers are static methods that share no mutable state,
 * safe to call from any thread; what they return ({@link io.liquid4j.io.Tensor}, {@link
 * io.liquid4j.io.SafetensorsFile}, {@link io.liquid4j.io.NpyArray}, {@link
 * io.liquid4j.io.ModelFile.Contents}) is immutable and safe to share between threads. Writers of
 * the same path at once never mix their bytes: with {@code overwrite} the last to finish wins;
 * without it, one creates the file and the others fail as if it had existed before (on file
 * systems with hard links; see {@link io.liquid4j.io.AtomicFiles}).
 */
package io.liquid4j.io;
