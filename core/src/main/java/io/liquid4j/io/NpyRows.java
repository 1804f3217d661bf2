package io.liquid4j.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a .npy file a few rows at a time, a row being one index of the first axis: for files too
 * large to hold in memory at once, such as a (B, L, S) batch of sequences to predict.
 *
 * <p>The header is read and checked when the file is opened, exactly as {@link Npy#read(Path)}
 * checks it (supported dtype, C order, the file's length matching the shape). Values come back as
 * doubles, converted as {@link Npy#read(Path)} converts them. The file stays open until {@link
 * #close}; a file that shrinks meanwhile is reported, not read as zeros.
 *
 * <pre>{@code
 * try (NpyRows x = NpyRows.open(Path.of("x.npy"))) { // (B, L, S)
 *   for (int b = 0; b < x.rows(); b += 256) {
 *     int n = Math.min(256, x.rows() - b);
 *     double[] batch = x.read(b, n); // (n, L, S), row-major
 *   }
 * }
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class NpyRows implements Closeable {
  private final Path path;
  private final Npy.Header header;
  private final DType dtype;
  private final long dataStart;
  private final int rows;
  private final int rowSize;
  private final FileChannel channel;

  private NpyRows(Path path, Npy.Layout layout, FileChannel channel) {
    this.path = path;
    this.header = new Npy.Header(layout.header().shape, layout.header().descr);
    this.dtype = layout.header().dtype;
    this.dataStart = layout.dataStart();
    int[] shape = layout.header().shape;
    this.rows = shape[0];
    long size = 1;
    for (int i = 1; i < shape.length; i++) {
      size *= shape[i];
    }
    this.rowSize = (int) size; // the whole array holds at most 2^31-1 elements (checked)
    this.channel = channel;
  }

  /**
   * Opens a .npy file of at least one dimension and checks its header.
   *
   * @param path the file
   * @return the open file
   * @throws FileFormatException if the file is not a supported .npy file, or holds a scalar
   * @throws IOException if the file cannot be read
   */
  public static NpyRows open(Path path) throws IOException {
    Npy.Layout layout = Npy.layoutOf(path);
    if (layout.header().shape.length == 0) {
      throw new FileFormatException(path.toString(),
          "expected an array with at least one dimension, found a scalar (shape ())");
    }
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    return new NpyRows(path, layout, channel);
  }

  /**
   * The file's shape and dtype.
   *
   * @return the header read when the file was opened
   */
  public Npy.Header header() {
    return header;
  }

  /**
   * Number of rows: the first dimension.
   *
   * @return {@code shape[0]}
   */
  public int rows() {
    return rows;
  }

  /**
   * Values per row: the product of every dimension but the first.
   *
   * @return 1 for a one-dimensional array
   */
  public int rowSize() {
    return rowSize;
  }

  /**
   * Reads {@code count} consecutive rows.
   *
   * @param first index of the first row
   * @param count number of rows
   * @return {@code count · rowSize()} values, row-major
   * @throws IndexOutOfBoundsException if the rows are not within {@code [0, rows())}
   * @throws IllegalArgumentException if the values would not fit in one Java array
   * @throws FileFormatException if the file became shorter since it was opened
   * @throws IOException if the file cannot be read
   */
  public double[] read(int first, int count) throws IOException {
    java.util.Objects.checkFromIndexSize(first, count, rows);
    long values = (long) count * rowSize;
    long bytes = values * dtype.byteSize();
    if (bytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          count + " rows of " + path + " are " + bytes + " bytes; read fewer at a time");
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) bytes);
    long position = dataStart + (long) first * rowSize * dtype.byteSize();
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, position + buffer.position());
      if (n < 0) {
        throw new FileFormatException(path.toString(), "changed while being read: it ends at byte "
            + (position + buffer.position()) + ", but its header " + header
            + " needs " + (dataStart + Tensor.elementCount(header.shape()) * dtype.byteSize()));
      }
    }
    return Elements.decode(buffer.array(), 0, (int) values, dtype);
  }

  /** Closes the file. */
  @Override
  public void close() throws IOException {
    channel.close();
  }
}
