package io.liquid4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes NumPy .npy files
 * (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html).
 *
 * <p>Layout: the magic {@code \x93NUMPY}, a major and minor version byte, the header length
 * (little-endian u16 for version 1.0, u32 for 2.0 and 3.0), then the header: a Python dict literal
 * such as {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }} padded with spaces
 * and a newline, then the raw data.
 *
 * <p>Reading supports versions 1.0, 2.0 and 3.0 and the little-endian dtypes {@code <f8 <f4 <f2 <i8
 * <i4 <i2 |i1 <u8 <u4 <u2 |u1 |b1}; every value becomes a double (see {@link DType} for the
 * conversion). The header is parsed as data by a small literal parser; nothing is evaluated and
 * object arrays (which would need pickle) are refused. Fortran-ordered arrays, big-endian dtypes,
 * structured dtypes, truncated data and trailing bytes are reported as {@link FileFormatException}s
 * naming the file and the problem.
 *
 * <p>Writing produces version 1.0 files byte-identical to {@code numpy.save} for the same array.
 */
public final class Npy {
  /**
   * Largest header accepted, in bytes; numpy itself refuses headers over 10,000 bytes by default.
   */
  public static final int MAX_HEADER_BYTES = 1 << 20;

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int MAX_FILE_BYTES = Integer.MAX_VALUE - 8;
  // numpy pads so that the data starts at a multiple of 64 bytes, and leaves room for the first
  // dimension to grow to 21 digits so that appending can rewrite the header in place.
  private static final int ALIGN = 64;
  private static final int GROWTH_AXIS_MAX_DIGITS = 21;
  private static final List<String> SUPPORTED =
      List.of("<f8", "<f4", "<f2", "<i8", "<i4", "<i2", "|i1", "<u8", "<u4", "<u2", "|u1", "|b1");

  private Npy() {}

  // ---------------------------------------------------------------------------------------------
  // Reading

  /**
   * Reads a .npy file.
   *
   * @param path the file
   * @return its shape, values (as doubles, row-major) and dtype string
   * @throws FileFormatException if the content is not a supported .npy file; the message names the
   *     file and the problem
   * @throws IOException if the file cannot be read
   */
  public static NpyArray read(Path path) throws IOException {
    long size = regularFileSize(path, ".npy");
    if (size > MAX_FILE_BYTES) {
      throw new FileFormatException(
          path.toString(),
          "file is "
              + size
              + " bytes; liquid4j reads .npy files into memory and supports at most "
              + MAX_FILE_BYTES
              + " bytes");
    }
    return read(Files.readAllBytes(path), path.toString());
  }

  /**
   * The size of {@code path}, which must be a regular file (after links): a device, a FIFO or a
   * directory has no meaningful size (/dev/zero reads as 0 bytes and never ends), so it is refused
   * before anything is read.
   *
   * @param kind what the file should be, for the message ({@code .npy})
   * @throws FileFormatException naming the file when it is not a regular file
   * @throws java.nio.file.NoSuchFileException if it does not exist
   */
  static long regularFileSize(Path path, String kind) throws IOException {
    long size = Files.size(path);
    if (!Files.isRegularFile(path)) {
      throw new FileFormatException(path.toString(), "not a regular file ("
          + (Files.isDirectory(path) ? "a directory" : "a device, FIFO or socket")
          + "); expected a " + kind + " file");
    }
    return size;
  }

  /**
   * Parses the bytes of a .npy file.
   *
   * @param bytes the whole file. Not modified.
   * @param sourceName the name to use in error messages (usually the file path)
   * @return its shape, values (as doubles, row-major) and dtype string
   * @throws FileFormatException if the content is not a supported .npy file
   */
  public static NpyArray read(byte[] bytes, String sourceName) throws FileFormatException {
    String source = sourceName == null ? "(unnamed)" : sourceName;
    Layout layout = layout(bytes, bytes.length, source);
    double[] data =
        Elements.decode(bytes, (int) layout.dataStart, layout.count, layout.header.dtype);
    return new NpyArray(layout.header.shape, data, layout.header.descr);
  }

  /**
   * The shape and dtype of a .npy file, read from its header alone: a cheap way to check that
   * arrays fit together before any of them is loaded. The file's length is checked against the
   * header, so a file that passes here fails {@link #read(Path)} only if it changes in between.
   *
   * @param path the file
   * @return its shape and dtype
   * @throws FileFormatException if the header is not a supported .npy header or the file's length
   *     does not match it; the message names the file and the problem
   * @throws IOException if the file cannot be read
   */
  public static Header readHeader(Path path) throws IOException {
    Layout layout = layoutOf(path);
    return new Header(layout.header.shape, layout.header.descr);
  }

  /** The layout of a .npy file, read from its header, checked against the file's length. */
  static Layout layoutOf(Path path) throws IOException {
    long size = regularFileSize(path, ".npy");
    byte[] prefix;
    try (java.io.InputStream in = Files.newInputStream(path)) {
      // Magic, version and a u32 length come first, then at most MAX_HEADER_BYTES of header.
      prefix = in.readNBytes((int) Math.min(size, 12L + MAX_HEADER_BYTES));
    }
    return layout(prefix, size, path.toString());
  }

  /**
   * A .npy file's header: what {@link #readHeader} returns. Immutable and safe to share between
   * threads: the shape is copied in and out.
   *
   * @param shape dimensions, each {@code >= 0}; empty for a scalar
   * @param dtype the NumPy {@code descr}, e.g. {@code "<f4"}, {@code "|u1"}; always one that
   *     {@link #read(Path)} supports
   */
  public record Header(int[] shape, String dtype) {
    /**
     * Copies the shape.
     *
     * @param shape dimensions; copied
     * @param dtype the NumPy {@code descr}, not null
     */
    public Header {
      shape = shape.clone();
      java.util.Objects.requireNonNull(dtype, "dtype");
    }

    /**
     * The dimensions.
     *
     * @return a copy of the shape; empty for a scalar
     */
    @Override
    public int[] shape() {
      return shape.clone();
    }

    /**
     * Number of elements.
     *
     * @return the product of the dimensions: 1 for a scalar, 0 if any dimension is 0
     */
    public long size() {
      return Tensor.elementCount(shape);
    }

    /**
     * Whether the elements are floating-point numbers.
     *
     * @return true for {@code <f2 <f4 <f8}
     */
    public boolean isFloatingPoint() {
      return DType.fromNpyDescr(dtype).map(DType::isFloatingPoint).orElse(false);
    }

    /** Content equality of shape and dtype. */
    @Override
    public boolean equals(Object o) {
      return o instanceof Header h && dtype.equals(h.dtype) && Arrays.equals(shape, h.shape);
    }

    @Override
    public int hashCode() {
      return 31 * dtype.hashCode() + Arrays.hashCode(shape);
    }

    /** The dtype and Python's repr of the shape, e.g. {@code <f4 (8, 16, 3)}. */
    @Override
    public String toString() {
      return dtype + " " + shapeRepr(shape);
    }
  }

  /** Where a file's data lies and how many elements it holds. */
  record Layout(HeaderInfo header, long dataStart, int count) {}

  /**
   * Parses the header in {@code bytes} (the whole file, or at least its header) and checks that a
   * file of {@code fileLength} bytes holds exactly the data the header declares.
   */
  static Layout layout(byte[] bytes, long fileLength, String source)
      throws FileFormatException {
    for (int i = 0; i < MAGIC.length; i++) {
      if (i >= bytes.length) {
        throw new FileFormatException(
            source,
            "file is truncated: it has " + bytes.length + " bytes, ending inside the magic");
      }
      if (bytes[i] != MAGIC[i]) {
        throw new FileFormatException(
            source,
            "byte 0: not a .npy file: expected the magic \\x93NUMPY, found "
                + hex(bytes, Math.min(bytes.length, MAGIC.length)));
      }
    }
    if (bytes.length < 8) {
      throw new FileFormatException(
          source,
          "file is truncated: it has " + bytes.length + " bytes, ending before the version");
    }
    int major = bytes[6] & 0xff;
    int minor = bytes[7] & 0xff;
    int lengthBytes;
    if (major == 1 && minor == 0) {
      lengthBytes = 2;
    } else if ((major == 2 || major == 3) && minor == 0) {
      lengthBytes = 4;
    } else {
      throw new FileFormatException(
          source,
          "byte 6: format version "
              + major
              + "."
              + minor
              + " is not supported (expected 1.0, 2.0 or 3.0)");
    }
    int headerStart = 8 + lengthBytes;
    if (bytes.length < headerStart) {
      throw new FileFormatException(
          source,
          "file is truncated: it has "
              + bytes.length
              + " bytes, but the header starts at byte "
              + headerStart);
    }
    ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = lengthBytes == 2 ? le.getShort(8) & 0xffffL : le.getInt(8) & 0xffffffffL;
    if (headerLength > MAX_HEADER_BYTES) {
      throw new FileFormatException(
          source,
          "byte 8: header length "
              + headerLength
              + " exceeds the limit of "
              + MAX_HEADER_BYTES
              + " bytes");
    }
    long dataStart = headerStart + headerLength;
    if (dataStart > bytes.length) {
      throw new FileFormatException(
          source,
          "file is truncated: byte 8 declares a "
              + headerLength
              + "-byte header, so the file needs at least "
              + dataStart
              + " bytes, but it has "
              + bytes.length);
    }
    // Versions 1 and 2 store the header as latin-1, version 3 as UTF-8.
    String headerText =
        major == 3
            ? decodeUtf8(bytes, headerStart, (int) headerLength, source)
            : new String(bytes, headerStart, (int) headerLength, StandardCharsets.ISO_8859_1);
    Object literal = PyLiteral.parse(headerText, source);
    HeaderInfo header = interpret(literal, source);

    long count = 1;
    for (int d : header.shape) {
      count *= d; // d <= 2^31-1 and count is checked each step, so this cannot overflow
      if (count > Integer.MAX_VALUE) {
        throw new FileFormatException(
            source, "shape " + shapeRepr(header.shape) + " holds more than 2^31-1 elements");
      }
    }
    long needed = count * header.dtype.byteSize();
    long available = fileLength - dataStart;
    if (available < needed) {
      throw new FileFormatException(
          source,
          "data is truncated: shape "
              + shapeRepr(header.shape)
              + " and dtype '"
              + header.descr
              + "' need "
              + needed
              + " bytes after the header (a file of "
              + (dataStart + needed)
              + " bytes), but there are only "
              + available
              + " (the file has "
              + fileLength
              + ")");
    }
    if (available > needed) {
      throw new FileFormatException(
          source,
          "byte "
              + (dataStart + needed)
              + ": "
              + (available - needed)
              + " unexpected bytes after the "
              + needed
              + " bytes of data that shape "
              + shapeRepr(header.shape)
              + " and dtype '"
              + header.descr
              + "' need");
    }
    return new Layout(header, dataStart, (int) count);
  }

  static final class HeaderInfo {
    final String descr;
    final DType dtype;
    final int[] shape;

    HeaderInfo(String descr, DType dtype, int[] shape) {
      this.descr = descr;
      this.dtype = dtype;
      this.shape = shape;
    }
  }

  /** Checks the header dict's keys and values, as numpy's own reader does. */
  private static HeaderInfo interpret(Object literal, String source) throws FileFormatException {
    if (!(literal instanceof Map)) {
      throw new FileFormatException(
          source, "header must be a dict literal, found " + PyLiteral.repr(literal));
    }
    Map<?, ?> dict = (Map<?, ?>) literal;
    for (String key : List.of("descr", "fortran_order", "shape")) {
      if (!dict.containsKey(key)) {
        throw new FileFormatException(source, "header dict has no '" + key + "' key");
      }
    }
    for (Object key : dict.keySet()) {
      if (!List.of("descr", "fortran_order", "shape").contains(key)) {
        throw new FileFormatException(
            source,
            "header dict has the unexpected key "
                + PyLiteral.repr(key)
                + " (expected only 'descr', 'fortran_order' and 'shape')");
      }
    }
    Object fortran = dict.get("fortran_order");
    if (!(fortran instanceof Boolean)) {
      throw new FileFormatException(
          source, "header 'fortran_order' must be True or False, found " + PyLiteral.repr(fortran));
    }
    if ((Boolean) fortran) {
      throw new FileFormatException(
          source,
          "header 'fortran_order' is True: Fortran order is not supported; save with"
              + " np.ascontiguousarray");
    }
    String descr = checkDescr(dict.get("descr"), source);
    DType dtype = DType.fromNpyDescr(descr).orElseThrow(); // checkDescr guarantees it is supported
    Object shapeValue = dict.get("shape");
    if (!(shapeValue instanceof PyLiteral.Tuple)) {
      throw new FileFormatException(
          source,
          "header 'shape' must be a tuple of integers, found " + PyLiteral.repr(shapeValue));
    }
    List<Object> items = ((PyLiteral.Tuple) shapeValue).items();
    int[] shape = new int[items.size()];
    for (int i = 0; i < shape.length; i++) {
      Object item = items.get(i);
      if (!(item instanceof Long) || (Long) item < 0 || (Long) item > Integer.MAX_VALUE) {
        throw new FileFormatException(
            source,
            "header 'shape' "
                + PyLiteral.repr(shapeValue)
                + ": dimension "
                + i
                + " must be an integer in 0..2^31-1, found "
                + PyLiteral.repr(item));
      }
      shape[i] = (int) (long) (Long) item;
    }
    return new HeaderInfo(descr, dtype, shape);
  }

  /** Returns the descr if supported, otherwise explains why not. */
  private static String checkDescr(Object descrValue, String source) throws FileFormatException {
    if (descrValue instanceof List || descrValue instanceof PyLiteral.Tuple) {
      throw new FileFormatException(
          source, "header 'descr' is a structured dtype (record fields), which is not supported");
    }
    if (!(descrValue instanceof String)) {
      throw new FileFormatException(
          source,
          "header 'descr' must be a dtype string such as '<f4', found "
              + PyLiteral.repr(descrValue));
    }
    String descr = (String) descrValue;
    if (DType.fromNpyDescr(descr).isPresent()) {
      return descr;
    }
    String code = descr.isEmpty() ? "" : descr.substring(1);
    if (descr.startsWith(">") && DType.fromNpyDescr("<" + code).isPresent()) {
      throw new FileFormatException(
          source,
          "header 'descr' is '"
              + descr
              + "', which is big-endian; expected little-endian '<"
              + code
              + "' (convert with arr.astype('<"
              + code
              + "'))");
    }
    if (descr.startsWith("=") && DType.fromNpyDescr("<" + code).isPresent()) {
      throw new FileFormatException(
          source,
          "header 'descr' is '"
              + descr
              + "', whose byte order is the writer's native one and"
              + " unknown here; expected little-endian '<"
              + code
              + "'");
    }
    if (descr.equals("O") || code.startsWith("O")) {
      throw new FileFormatException(
          source,
          "header 'descr' is '"
              + descr
              + "': object arrays are not supported (they hold pickled"
              + " Python objects, which are never loaded)");
    }
    throw new FileFormatException(
        source,
        "header 'descr' is '"
            + descr
            + "', which is not supported (supported: "
            + String.join(", ", SUPPORTED)
            + ")");
  }

  private static String decodeUtf8(byte[] bytes, int start, int length, String source)
      throws FileFormatException {
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, start, length));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new FileFormatException(
          source, "header (format 3.0, UTF-8) is not valid UTF-8: " + e.getMessage(), e);
    }
  }

  private static String hex(byte[] bytes, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(String.format("\\x%02x", bytes[i] & 0xff));
    }
    return n == 0 ? "nothing" : sb.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  /**
   * Writes a float32 ({@code '<f4'}) .npy file, atomically (see {@link AtomicFiles}). Values are
   * rounded to float.
   *
   * @param path the file to create or replace
   * @param shape dimensions; empty for a scalar. Not modified.
   * @param data values, row-major, {@code product(shape)} of them. Not modified.
   * @param overwrite whether an existing file may be replaced
   * @throws IllegalArgumentException if the data length does not match the shape
   * @throws java.nio.file.FileAlreadyExistsException if the file exists and overwrite is false
   * @throws IOException if writing fails; an existing file is then left unchanged
   */
  public static void writeFloat32(Path path, int[] shape, double[] data, boolean overwrite)
      throws IOException {
    AtomicFiles.write(path, toBytes(shape, data, DType.F32), overwrite);
  }

  /**
   * Writes a float64 ({@code '<f8'}) .npy file, atomically (see {@link AtomicFiles}).
   *
   * @param path the file to create or replace
   * @param shape dimensions; empty for a scalar. Not modified.
   * @param data values, row-major, {@code product(shape)} of them. Not modified.
   * @param overwrite whether an existing file may be replaced
   * @throws IllegalArgumentException if the data length does not match the shape
   * @throws java.nio.file.FileAlreadyExistsException if the file exists and overwrite is false
   * @throws IOException if writing fails; an existing file is then left unchanged
   */
  public static void writeFloat64(Path path, int[] shape, double[] data, boolean overwrite)
      throws IOException {
    AtomicFiles.write(path, toBytes(shape, data, DType.F64), overwrite);
  }

  /**
   * Encodes an array as the bytes of a version 1.0 .npy file, identical to what {@code numpy.save}
   * writes for the same array.
   *
   * @param shape dimensions; empty for a scalar. Not modified.
   * @param data values, row-major, {@code product(shape)} of them. Not modified.
   * @param dtype the element type; any type except {@link DType#BF16}, which numpy lacks
   * @return the file content
   * @throws IllegalArgumentException if the data length does not match the shape, the dtype is
   *     BF16, or a value does not fit an integer dtype
   */
  public static byte[] toBytes(int[] shape, double[] data, DType dtype) {
    Optional<String> descr = dtype.npyDescr();
    if (descr.isEmpty()) {
      throw new IllegalArgumentException("numpy has no " + dtype + " dtype; use F32 or F64");
    }
    long count = Tensor.elementCount(shape);
    if (count != data.length) {
      throw new IllegalArgumentException(
          "shape "
              + Arrays.toString(shape)
              + " holds "
              + count
              + " elements, but "
              + data.length
              + " values were given");
    }
    byte[] header = header(descr.get(), shape);
    long total = header.length + count * dtype.byteSize();
    if (total > MAX_FILE_BYTES) {
      throw new IllegalArgumentException("the file would be " + total + " bytes, more than 2 GiB");
    }
    byte[] out = Arrays.copyOf(header, (int) total);
    Elements.encode(data, 0, data.length, dtype, out, header.length, "array");
    return out;
  }

  /** Magic, version 1.0, length and the padded header dict, as numpy's _wrap_header makes them. */
  static byte[] header(String descr, int[] shape) {
    StringBuilder dict = new StringBuilder();
    dict.append("{'descr': '").append(descr).append("', 'fortran_order': False, 'shape': ");
    dict.append(shapeRepr(shape)).append(", }");
    if (shape.length > 0) {
      dict.append(
          " ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length())));
    }
    int preamble = MAGIC.length + 2 + 2; // magic, version, u16 length
    int withNewline = dict.length() + 1;
    // numpy adds a full 64 bytes when already aligned; copied as is so the bytes match.
    int padding = ALIGN - ((preamble + withNewline) % ALIGN);
    dict.append(" ".repeat(padding)).append('\n');
    int headerLength = dict.length();
    if (headerLength > 0xffff) {
      throw new IllegalArgumentException(
          "a shape of "
              + shape.length
              + " dimensions needs a header longer than version 1.0 allows");
    }
    byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = new byte[preamble + text.length];
    System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
    out[6] = 1;
    out[7] = 0;
    out[8] = (byte) (headerLength & 0xff);
    out[9] = (byte) (headerLength >>> 8);
    System.arraycopy(text, 0, out, preamble, text.length);
    return out;
  }

  /** Python's repr of a shape tuple: (), (5,), (2, 3). */
  static String shapeRepr(int[] shape) {
    return Shapes.repr(shape);
  }

}
