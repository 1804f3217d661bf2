package io.liquid4j.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads and writes the safetensors format (https://github.com/huggingface/safetensors), which
 * PyTorch users save models in with {@code safetensors.torch.save_file}.
 *
 * <p>Layout: an 8-byte little-endian unsigned header length N; N bytes of UTF-8 JSON, possibly
 * padded with trailing spaces, mapping each tensor name to {@code {"dtype": "F32", "shape": [..],
 * "data_offsets": [begin, end]}} plus an optional {@code "__metadata__"} object of string values;
 * then the data buffer. Offsets are relative to the buffer's start, data is little-endian,
 * row-major.
 *
 * <p>Reading is safe on hostile input: the file is only ever interpreted as numbers (nothing is
 * executed or deserialized into objects), every size is checked against the actual byte count
 * before anything is allocated, and every violation of the format is reported as a {@link
 * FileFormatException} naming the file and the offending header key or byte offset. The checks are
 * those of the reference implementation: the header must be at most 100 MB and valid UTF-8 JSON;
 * each entry needs a known dtype, non-negative dimensions and offsets whose span equals shape ×
 * dtype size; the tensors must cover the data buffer exactly, without overlaps, holes or trailing
 * bytes; names are unique and metadata values are strings.
 *
 * <p>Whole files are read into memory, so files are limited to 2 GiB.
 */
public final class Safetensors {
  /** Largest header accepted, in bytes (the reference implementation's limit). */
  public static final int MAX_HEADER_BYTES = 100_000_000;

  /** The reserved header key holding the string-to-string metadata. */
  public static final String METADATA_KEY = "__metadata__";

  private static final int LENGTH_PREFIX_BYTES = 8;
  private static final int MAX_FILE_BYTES = Integer.MAX_VALUE - 8; // largest byte[] the JVM allows
  private static final int ENCODE_CHUNK_ELEMENTS = 1 << 14;

  // The header's structure is at most three levels deep; a small nesting limit stops hostile
  // deeply nested JSON early. Names (tensor names) may be as long as the header itself.
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(64)
                  .maxNameLength(MAX_HEADER_BYTES)
                  .maxStringLength(MAX_HEADER_BYTES)
                  .build())
          .build();

  private Safetensors() {}

  // ---------------------------------------------------------------------------------------------
  // Reading

  /**
   * Reads a safetensors file.
   *
   * @param path the file
   * @return its tensors (in data-offset order) and metadata
   * @throws FileFormatException if the content is not a valid safetensors file; the message names
   *     the file and the problem
   * @throws IOException if the file cannot be read
   */
  public static SafetensorsFile read(Path path) throws IOException {
    long size = Npy.regularFileSize(path, "safetensors");
    if (size > MAX_FILE_BYTES) {
      throw new FileFormatException(
          path.toString(),
          "file is "
              + size
              + " bytes; liquid4j reads safetensors files into memory and supports at most "
              + MAX_FILE_BYTES
              + " bytes");
    }
    return read(Files.readAllBytes(path), path.toString());
  }

  /**
   * Parses the bytes of a safetensors file.
   *
   * @param bytes the whole file. Not modified.
   * @param sourceName the name to use in error messages (usually the file path)
   * @return its tensors (in data-offset order) and metadata
   * @throws FileFormatException if the content is not a valid safetensors file
   */
  public static SafetensorsFile read(byte[] bytes, String sourceName) throws FileFormatException {
    String source = sourceName == null ? "(unnamed)" : sourceName;
    if (bytes.length < LENGTH_PREFIX_BYTES) {
      throw new FileFormatException(
          source,
          "file is truncated: it has "
              + bytes.length
              + " bytes, but a safetensors file starts with an 8-byte header length");
    }
    long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
      throw new FileFormatException(
          source,
          "byte 0: header length "
              + Long.toUnsignedString(headerLength)
              + " exceeds the limit of "
              + MAX_HEADER_BYTES
              + " bytes (corrupt, or not a safetensors file)");
    }
    long bufferStart = LENGTH_PREFIX_BYTES + headerLength;
    if (bufferStart > bytes.length) {
      throw new FileFormatException(
          source,
          "file is truncated: byte 0 declares a "
              + headerLength
              + "-byte header, so the file needs at least "
              + bufferStart
              + " bytes, but it has "
              + bytes.length);
    }
    String headerText = decodeUtf8(bytes, (int) headerLength, source);
    Header header = new HeaderParser(source, headerText).parse();
    List<Entry> entries = checkLayout(header.entries, bytes.length, (int) bufferStart, source);

    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (Entry e : entries) {
      int offset = (int) (bufferStart + e.begin);
      double[] data = Elements.decode(bytes, offset, e.count, e.dtype);
      tensors.put(e.name, Tensor.wrap(e.name, e.dtype, e.shape, data));
    }
    return new SafetensorsFile(source, tensors, header.metadata);
  }

  /** Strict UTF-8 decoding of the header, reporting the file offset of the first bad byte. */
  private static String decodeUtf8(byte[] bytes, int headerLength, String source)
      throws FileFormatException {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, LENGTH_PREFIX_BYTES, headerLength);
    CharBuffer out = CharBuffer.allocate(headerLength); // UTF-8 never has more chars than bytes
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      // wrap(array, offset, length) keeps absolute positions, so this is the file offset.
      throw new FileFormatException(
          source,
          "byte " + in.position() + ": header is not valid UTF-8 (malformed byte sequence)");
    }
    out.flip();
    return out.toString();
  }

  /** One tensor as described by the header, checked on its own but not yet against the buffer. */
  private record Entry(String name, DType dtype, int[] shape, long begin, long end, int count) {
    String range() {
      return "[" + begin + ", " + end + ")";
    }
  }

  private record Header(List<Entry> entries, Map<String, String> metadata) {}

  /**
   * Checks that the tensors tile the data buffer exactly and returns them in offset order.
   *
   * @param entries tensors in header order
   * @param fileLength total bytes in the file
   * @param bufferStart file offset of the data buffer
   */
  private static List<Entry> checkLayout(
      List<Entry> entries, int fileLength, int bufferStart, String source)
      throws FileFormatException {
    long bufferLength = fileLength - bufferStart;
    Entry furthest = null;
    for (Entry e : entries) {
      if (furthest == null || e.end > furthest.end) {
        furthest = e;
      }
    }
    if (furthest != null && furthest.end > bufferLength) {
      throw new FileFormatException(
          source,
          "file is truncated or corrupt: tensor '"
              + furthest.name
              + "' has data_offsets "
              + furthest.range()
              + " but the data buffer has only "
              + bufferLength
              + " bytes; expected a file of at least "
              + (bufferStart + furthest.end)
              + " bytes, found "
              + fileLength);
    }
    // Stable sort: zero-size tensors at the same offset keep their header order.
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong((Entry e) -> e.begin).thenComparingLong(e -> e.end));
    long covered = 0;
    Entry previous = null;
    for (Entry e : sorted) {
      if (e.begin < covered) {
        throw new FileFormatException(
            source,
            "tensors '"
                + previous.name
                + "' "
                + previous.range()
                + " and '"
                + e.name
                + "' "
                + e.range()
                + " overlap in the data buffer");
      }
      if (e.begin > covered) {
        throw new FileFormatException(
            source,
            "data buffer bytes ["
                + covered
                + ", "
                + e.begin
                + ") (file bytes ["
                + (bufferStart + covered)
                + ", "
                + (bufferStart + e.begin)
                + ")) belong to no tensor; the tensors must cover the buffer without holes (next"
                + " tensor: '"
                + e.name
                + "')");
      }
      covered = e.end;
      previous = e;
    }
    if (covered < bufferLength) {
      throw new FileFormatException(
          source,
          "file byte "
              + (bufferStart + covered)
              + ": "
              + (bufferLength - covered)
              + " trailing bytes after the last tensor's data (the tensors cover "
              + covered
              + " of the buffer's "
              + bufferLength
              + " bytes)");
    }
    return sorted;
  }

  /** Streams through the header JSON, checking its structure as it goes. */
  private static final class HeaderParser {
    private final String source;
    private final String text;
    private JsonParser parser;

    HeaderParser(String source, String text) {
      this.source = source;
      this.text = text;
    }

    Header parse() throws FileFormatException {
      try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), text)) {
        parser = p;
        return parseRoot();
      } catch (JacksonException e) {
        TokenStreamLocation at = e.getLocation();
        String where =
            at == null || at == TokenStreamLocation.NA
                ? ""
                : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        throw new FileFormatException(
            source, "header is not valid JSON" + where + ": " + e.getOriginalMessage(), e);
      }
    }

    private Header parseRoot() throws FileFormatException {
      JsonToken token = parser.nextToken();
      if (token == null) {
        throw fail("header is empty; expected a JSON object");
      }
      if (token != JsonToken.START_OBJECT) {
        throw fail("header must be a JSON object, found " + describe(token));
      }
      List<Entry> entries = new ArrayList<>();
      Map<String, String> metadata = new LinkedHashMap<>();
      Set<String> seen = new HashSet<>();
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String key = parser.currentName();
        if (!seen.add(key)) {
          throw fail("header key '" + key + "' appears more than once");
        }
        JsonToken value = parser.nextToken();
        if (key.equals(METADATA_KEY)) {
          parseMetadata(value, metadata);
        } else {
          entries.add(parseEntry(key, value));
        }
      }
      // The loop ends at the root's END_OBJECT (the parser rejects anything else there).
      JsonToken after = parser.nextToken();
      if (after != null) {
        throw fail(
            "unexpected content ("
                + describe(after)
                + ") after the header object at column "
                + parser.currentTokenLocation().getColumnNr()
                + " (only space padding may follow it)");
      }
      return new Header(entries, metadata);
    }

    private void parseMetadata(JsonToken value, Map<String, String> metadata)
        throws FileFormatException {
      if (value == JsonToken.VALUE_NULL) {
        return; // the reference implementation treats null as "no metadata"
      }
      if (value != JsonToken.START_OBJECT) {
        throw fail("header key '" + METADATA_KEY + "' must be an object, found " + describe(value));
      }
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String key = parser.currentName();
        JsonToken token = parser.nextToken();
        if (token != JsonToken.VALUE_STRING) {
          throw fail(
              METADATA_KEY
                  + " value for key '"
                  + key
                  + "' must be a string, found "
                  + describe(token));
        }
        if (metadata.put(key, parser.getString()) != null) {
          throw fail(METADATA_KEY + " key '" + key + "' appears more than once");
        }
      }
    }

    private Entry parseEntry(String name, JsonToken value) throws FileFormatException {
      String where = "header entry '" + name + "'";
      if (value != JsonToken.START_OBJECT) {
        throw fail(
            where
                + " must be an object with dtype, shape and data_offsets, found "
                + describe(value));
      }
      String dtypeName = null;
      int[] shape = null;
      long[] offsets = null;
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String key = parser.currentName();
        JsonToken token = parser.nextToken();
        switch (key) {
          case "dtype":
            if (dtypeName != null) {
              throw fail(where + ": key 'dtype' appears more than once");
            }
            if (token != JsonToken.VALUE_STRING) {
              throw fail(where + ": dtype must be a string, found " + describe(token));
            }
            dtypeName = parser.getString();
            break;
          case "shape":
            if (shape != null) {
              throw fail(where + ": key 'shape' appears more than once");
            }
            shape = parseShape(where, token);
            break;
          case "data_offsets":
            if (offsets != null) {
              throw fail(where + ": key 'data_offsets' appears more than once");
            }
            offsets = parseOffsets(where, token);
            break;
          default:
            // Unknown keys are ignored, as by the reference implementation.
            parser.skipChildren();
        }
      }
      if (dtypeName == null || shape == null || offsets == null) {
        List<String> missing = new ArrayList<>();
        if (dtypeName == null) {
          missing.add("dtype");
        }
        if (shape == null) {
          missing.add("shape");
        }
        if (offsets == null) {
          missing.add("data_offsets");
        }
        throw fail(where + " is missing " + String.join(", ", missing));
      }
      final String typeName = dtypeName;
      DType dtype =
          DType.fromSafetensorsName(typeName)
              .orElseThrow(
                  () ->
                      fail(
                          where
                              + ": dtype '"
                              + typeName
                              + "' is not supported (supported: "
                              + Arrays.toString(DType.values())
                              + ")"));
      long begin = offsets[0];
      long end = offsets[1];
      if (end < begin) {
        throw fail(where + ": data_offsets [" + begin + ", " + end + "] end before they begin");
      }
      long count = 1;
      for (int d : shape) {
        count *= d;
        if (count > Integer.MAX_VALUE) {
          throw fail(
              where + ": shape " + Arrays.toString(shape) + " holds more than 2^31-1 elements");
        }
      }
      long needed = count * dtype.byteSize();
      if (needed != end - begin) {
        throw fail(
            "tensor '"
                + name
                + "' has shape "
                + Arrays.toString(shape)
                + " and dtype "
                + dtype
                + ", which needs "
                + needed
                + " bytes, but its data_offsets span "
                + (end - begin)
                + " bytes");
      }
      return new Entry(name, dtype, shape, begin, end, (int) count);
    }

    private int[] parseShape(String where, JsonToken token) throws FileFormatException {
      if (token != JsonToken.START_ARRAY) {
        throw fail(where + ": shape must be an array of integers, found " + describe(token));
      }
      List<Integer> dims = new ArrayList<>();
      JsonToken t;
      while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
        long d = readNonNegative(where + ": shape[" + dims.size() + "]", t);
        if (d > Integer.MAX_VALUE) {
          throw fail(where + ": shape[" + dims.size() + "] = " + d + " exceeds 2^31-1");
        }
        dims.add((int) d);
      }
      int[] shape = new int[dims.size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = dims.get(i);
      }
      return shape;
    }

    private long[] parseOffsets(String where, JsonToken token) throws FileFormatException {
      if (token != JsonToken.START_ARRAY) {
        throw fail(
            where + ": data_offsets must be an array [begin, end], found " + describe(token));
      }
      long[] offsets = new long[2];
      int n = 0;
      JsonToken t;
      while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
        if (n == 2) {
          throw fail(where + ": data_offsets must have exactly 2 entries [begin, end], found more");
        }
        offsets[n] = readNonNegative(where + ": data_offsets[" + n + "]", t);
        n++;
      }
      if (n != 2) {
        throw fail(where + ": data_offsets must have exactly 2 entries [begin, end], found " + n);
      }
      return offsets;
    }

    private long readNonNegative(String what, JsonToken t) throws FileFormatException {
      if (t != JsonToken.VALUE_NUMBER_INT) {
        throw fail(what + " must be a non-negative integer, found " + describe(t));
      }
      if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
        throw fail(what + " = " + parser.getString() + " is too large");
      }
      long v = parser.getLongValue();
      if (v < 0) {
        throw fail(what + " must be a non-negative integer, found " + v);
      }
      return v;
    }

    private FileFormatException fail(String detail) {
      return new FileFormatException(source, detail);
    }

    private static String describe(JsonToken token) {
      if (token == null) {
        return "the end of the header";
      }
      switch (token) {
        case START_OBJECT:
          return "an object";
        case START_ARRAY:
          return "an array";
        case VALUE_STRING:
          return "a string";
        case VALUE_NUMBER_INT:
          return "an integer";
        case VALUE_NUMBER_FLOAT:
          return "a non-integer number";
        case VALUE_TRUE:
        case VALUE_FALSE:
          return "a boolean";
        case VALUE_NULL:
          return "null";
        default:
          return token.toString();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  /**
   * Writes tensors to a safetensors file, atomically (see {@link AtomicFiles}).
   *
   * <p>Tensors are laid out in the given order, each in its own {@link Tensor#dtype()} (F32 and the
   * other float types round to nearest even). The header puts {@code __metadata__} first (omitted
   * when empty) and is padded with spaces to a multiple of 8 bytes, as the reference writer does.
   *
   * @param path the file to create or replace
   * @param tensors the tensors, with unique names. Not modified.
   * @param metadata string metadata, e.g. {@code {"format": "pt"}}; may be empty. Not modified.
   * @param overwrite whether an existing file may be replaced
   * @throws IllegalArgumentException if names repeat, a name is {@code __metadata__}, or a value
   *     does not fit an integer dtype
   * @throws java.nio.file.FileAlreadyExistsException if the file exists and overwrite is false
   * @throws IOException if writing fails; an existing file is then left unchanged
   */
  public static void write(
      Path path, List<Tensor> tensors, Map<String, String> metadata, boolean overwrite)
      throws IOException {
    byte[] header = encodeHeader(tensors, metadata);
    AtomicFiles.write(path, out -> writeTo(out, header, tensors), overwrite);
  }

  /**
   * Encodes tensors as the bytes of a safetensors file (see {@link #write} for the layout).
   *
   * @param tensors the tensors, with unique names. Not modified.
   * @param metadata string metadata; may be empty. Not modified.
   * @return the file content
   * @throws IllegalArgumentException as for {@link #write}, or if the result would exceed 2 GiB
   */
  public static byte[] toBytes(List<Tensor> tensors, Map<String, String> metadata) {
    byte[] header = encodeHeader(tensors, metadata);
    long total = LENGTH_PREFIX_BYTES + header.length;
    for (Tensor t : tensors) {
      total += t.byteSize();
    }
    if (total > MAX_FILE_BYTES) {
      throw new IllegalArgumentException(
          "the file would be " + total + " bytes, more than a Java byte array holds; use write()");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) total);
    try {
      writeTo(out, header, tensors);
    } catch (IOException e) {
      throw new AssertionError("ByteArrayOutputStream does not throw", e);
    }
    return out.toByteArray();
  }

  private static void writeTo(OutputStream out, byte[] header, List<Tensor> tensors)
      throws IOException {
    byte[] prefix = new byte[LENGTH_PREFIX_BYTES];
    ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
    out.write(prefix);
    out.write(header);
    for (Tensor t : tensors) {
      double[] data = t.rawData();
      int elementBytes = t.dtype().byteSize();
      byte[] chunk = new byte[Math.min(data.length, ENCODE_CHUNK_ELEMENTS) * elementBytes];
      for (int from = 0; from < data.length; from += ENCODE_CHUNK_ELEMENTS) {
        int to = Math.min(data.length, from + ENCODE_CHUNK_ELEMENTS);
        Elements.encode(data, from, to, t.dtype(), chunk, 0, "tensor '" + t.name() + "'");
        out.write(chunk, 0, (to - from) * elementBytes);
      }
    }
  }

  /** Builds the padded header JSON, validating names and metadata. */
  private static byte[] encodeHeader(List<Tensor> tensors, Map<String, String> metadata) {
    Set<String> names = new HashSet<>();
    for (Tensor t : tensors) {
      if (t.name().equals(METADATA_KEY)) {
        throw new IllegalArgumentException(
            "a tensor cannot be named '" + METADATA_KEY + "' (the key is reserved for metadata)");
      }
      if (!names.add(t.name())) {
        throw new IllegalArgumentException("tensor name '" + t.name() + "' appears more than once");
      }
    }
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), json)) {
      g.writeStartObject();
      if (!metadata.isEmpty()) {
        g.writeName(METADATA_KEY);
        g.writeStartObject();
        for (Map.Entry<String, String> e : metadata.entrySet()) {
          if (e.getKey() == null || e.getValue() == null) {
            throw new IllegalArgumentException("metadata keys and values must not be null: " + e);
          }
          g.writeName(e.getKey());
          g.writeString(e.getValue());
        }
        g.writeEndObject();
      }
      long offset = 0;
      for (Tensor t : tensors) {
        g.writeName(t.name());
        g.writeStartObject();
        g.writeName("dtype");
        g.writeString(t.dtype().safetensorsName());
        g.writeName("shape");
        g.writeStartArray();
        for (int i = 0; i < t.rank(); i++) {
          g.writeNumber(t.dim(i));
        }
        g.writeEndArray();
        g.writeName("data_offsets");
        g.writeStartArray();
        g.writeNumber(offset);
        g.writeNumber(offset + t.byteSize());
        g.writeEndArray();
        g.writeEndObject();
        offset += t.byteSize();
      }
      g.writeEndObject();
    }
    byte[] unpadded = json.toByteArray();
    // Padding to 8 bytes keeps the data buffer 8-byte aligned, so readers may map it directly.
    int paddedLength = (unpadded.length + 7) & ~7;
    byte[] header = Arrays.copyOf(unpadded, paddedLength);
    Arrays.fill(header, unpadded.length, paddedLength, (byte) ' ');
    return header;
  }
}
