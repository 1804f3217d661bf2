package io.liquid4j.io;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Writes a .npy file to a stream in pieces: the header first, for a shape known in advance, then
 * the values in as many calls as convenient. The bytes are those {@link Npy#toBytes} would produce
 * for the whole array at once, so a file can be written without the array ever being in memory.
 *
 * <pre>{@code
 * try (AtomicFiles.Publication files = new AtomicFiles.Publication(false)) {
 *   try (OutputStream out = files.open(Path.of("y.npy"))) {
 *     NpyWriter y = NpyWriter.start(out, new int[] {batches * 64, 10}, DType.F32);
 *     for (...) { y.write(rows, 0, rows.length); }
 *     y.finish();
 *   }
 *   files.publish();
 * }
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class NpyWriter {
  private static final int CHUNK_VALUES = 1 << 13;

  private final OutputStream out;
  private final DType dtype;
  private final long total;
  private final byte[] chunk;
  private long written;

  private NpyWriter(OutputStream out, DType dtype, long total) {
    this.out = out;
    this.dtype = dtype;
    this.total = total;
    this.chunk = new byte[CHUNK_VALUES * dtype.byteSize()];
  }

  /**
   * Writes the header of an array of {@code shape} and {@code dtype} to {@code out}.
   *
   * @param out where the file goes; not closed by this writer
   * @param shape the whole array's dimensions. Not modified.
   * @param dtype the element type; any but {@link DType#BF16}, which numpy lacks
   * @return a writer expecting {@code product(shape)} values
   * @throws IllegalArgumentException if the dtype is BF16 or a dimension is negative
   * @throws IOException if writing fails
   */
  public static NpyWriter start(OutputStream out, int[] shape, DType dtype) throws IOException {
    Optional<String> descr = dtype.npyDescr();
    if (descr.isEmpty()) {
      throw new IllegalArgumentException("numpy has no " + dtype + " dtype; use F32 or F64");
    }
    long total = Tensor.elementCount(shape);
    out.write(Npy.header(descr.get(), shape));
    return new NpyWriter(out, dtype, total);
  }

  /**
   * Appends {@code values[from, to)}, row-major after what was written before.
   *
   * @param values the values. Not modified.
   * @param from index of the first value to write
   * @param to index after the last
   * @throws IllegalArgumentException if this would exceed the shape, or a value does not fit an
   *     integer dtype
   * @throws IOException if writing fails
   */
  public void write(double[] values, int from, int to) throws IOException {
    java.util.Objects.checkFromToIndex(from, to, values.length);
    if (written + (to - from) > total) {
      throw new IllegalArgumentException("the array holds " + total + " values; " + written
          + " were written and " + (to - from) + " more were given");
    }
    for (int start = from; start < to; start += CHUNK_VALUES) {
      int end = Math.min(to, start + CHUNK_VALUES);
      Elements.encode(values, start, end, dtype, chunk, 0, "array");
      out.write(chunk, 0, (end - start) * dtype.byteSize());
    }
    written += to - from;
  }

  /**
   * Checks that every value was written.
   *
   * @throws IllegalStateException if fewer values than the shape holds were written
   */
  public void finish() {
    if (written != total) {
      throw new IllegalStateException(
          "the array holds " + total + " values, but only " + written + " were written");
    }
  }
}
