package io.liquid4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Corrupt and hostile safetensors input: every rejection must be a FileFormatException. */
class SafetensorsHostileTest {
  /** A file with the given header text (unpadded) and a zero-filled buffer. */
  static byte[] file(String header, int bufferBytes) {
    return file(header.getBytes(StandardCharsets.UTF_8), bufferBytes);
  }

  static byte[] file(byte[] header, int bufferBytes) {
    ByteBuffer b =
        ByteBuffer.allocate(8 + header.length + bufferBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(header.length).put(header);
    return b.array();
  }

  static String entry(String name, String dtype, String shape, long begin, long end) {
    return "\""
        + name
        + "\":{\"dtype\":\""
        + dtype
        + "\",\"shape\":"
        + shape
        + ",\"data_offsets\":["
        + begin
        + ","
        + end
        + "]}";
  }

  /** Reads and asserts a FileFormatException whose message contains every fragment. */
  static FileFormatException rejects(byte[] bytes, String... fragments) {
    FileFormatException e =
        assertThrows(FileFormatException.class, () -> Safetensors.read(bytes, "model.safetensors"));
    String message = e.getMessage();
    assertTrue(message.startsWith("model.safetensors: "), message);
    assertTrue(
        !message.contains("\n") && !message.contains("\r"), "message must be one line: " + message);
    for (String fragment : fragments) {
      assertTrue(message.contains(fragment), "expected '" + fragment + "' in: " + message);
    }
    return e;
  }

  @Test
  void sanityCheckTheHelperBuildsAValidFile() throws Exception {
    byte[] ok =
        file("{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "I8", "[]", 8, 9) + "}   ", 9);
    SafetensorsFile f = Safetensors.read(ok, "model.safetensors");
    assertEquals(List.of("a", "b"), List.copyOf(f.tensors().keySet()));
  }

  @Test
  void fileShorterThanTheLengthPrefix() {
    for (int n = 0; n < 8; n++) {
      rejects(new byte[n], "truncated", "it has " + n + " bytes", "8-byte header length");
    }
  }

  @Test
  void headerLengthLargerThanTheFile() {
    byte[] bytes = file("{}", 0);
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1000);
    rejects(bytes, "truncated", "1000-byte header", "at least 1008 bytes, but it has 10");
  }

  @Test
  void headerLengthOverTheLimit() {
    byte[] bytes = file("{}", 0);
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 100_000_001L);
    rejects(bytes, "byte 0", "header length 100000001 exceeds the limit of 100000000 bytes");
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L); // u64 max
    rejects(bytes, "header length 18446744073709551615 exceeds");
  }

  @Test
  void headerNotUtf8() {
    byte[] header = "{\"a\u00ff\":{}}".getBytes(StandardCharsets.ISO_8859_1);
    rejects(file(header, 0), "byte 11", "not valid UTF-8");
    // An overlong encoding of '{' and a lone surrogate half are invalid too.
    rejects(file(new byte[] {(byte) 0xc1, (byte) 0xbb, '}'}, 0), "byte 8", "not valid UTF-8");
    rejects(
        file(new byte[] {'{', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', ':', '1', '}'}, 0),
        "not valid UTF-8");
  }

  @Test
  void headerNotJson() {
    rejects(file("{\"a\": ", 0), "header is not valid JSON");
    rejects(file("{'a': 1}", 0), "header is not valid JSON", "line 1, column 2");
    rejects(
        file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}} x", 4),
        "not valid JSON");
    rejects(file("{} {}", 0), "unexpected content (an object) after the header object");
    rejects(file("", 0), "header is empty");
    rejects(file("        ", 0), "header is empty");
    rejects(file("{}\0\0\0\0\0\0", 0), "not valid JSON");
    rejects(file("[".repeat(10_000), 0), "must be a JSON object, found an array");
    rejects(file("{\"a\":{\"extra\":" + "[".repeat(10_000), 0), "not valid JSON", "nesting depth");
  }

  @Test
  void headerNotAnObject() {
    rejects(file("[1, 2]", 0), "header must be a JSON object, found an array");
    rejects(file("\"x\"", 0), "found a string");
    rejects(
        file("{\"a\": 3}", 0),
        "header entry 'a' must be an object with dtype, shape and data_offsets, found an integer");
  }

  @Test
  void entryMissingFields() {
    rejects(
        file("{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4),
        "header entry 'a' is missing dtype");
    rejects(
        file("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4),
        "header entry 'a' is missing shape");
    rejects(
        file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4),
        "header entry 'a' is missing data_offsets");
    rejects(file("{\"a\":{}}", 0), "is missing dtype, shape, data_offsets");
  }

  @Test
  void wrongFieldTypes() {
    rejects(
        file("{\"a\":{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}}", 4),
        "dtype must be a string, found an integer");
    rejects(
        file("{\"a\":{\"dtype\":\"F32\",\"shape\":1,\"data_offsets\":[0,4]}}", 4),
        "shape must be an array of integers, found an integer");
    rejects(
        file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", 4),
        "shape[0] must be a non-negative integer, found a non-integer number");
    rejects(
        file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", 4),
        "data_offsets must have exactly 2 entries [begin, end], found 1");
    rejects(
        file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}", 4),
        "found more");
    rejects(
        file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":\"0-4\"}}", 4),
        "data_offsets must be an array");
    rejects(
        file(
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,99999999999999999999999]}}",
            4),
        "data_offsets[1] = 99999999999999999999999 is too large");
    rejects(
        file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]}}", 4),
        "data_offsets[0] must be a non-negative integer, found -4");
    rejects(
        file(
            "{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,4]}}",
            4),
        "key 'dtype' appears more than once");
  }

  @Test
  void unknownDtype() {
    rejects(
        file("{" + entry("a", "F33", "[1]", 0, 4) + "}", 4),
        "header entry 'a': dtype 'F33' is not supported",
        "F64, F32");
    rejects(file("{" + entry("a", "f32", "[1]", 0, 4) + "}", 4), "dtype 'f32' is not supported");
    rejects(
        file("{" + entry("a", "F8_E4M3", "[1]", 0, 1) + "}", 1),
        "dtype 'F8_E4M3' is not supported");
  }

  @Test
  void negativeOrHugeDimensions() {
    rejects(
        file("{" + entry("a", "F32", "[2,-3]", 0, 4) + "}", 4),
        "header entry 'a': shape[1] must be a non-negative integer, found -3");
    rejects(
        file("{" + entry("a", "F32", "[4294967296]", 0, 4) + "}", 4),
        "shape[0] = 4294967296 exceeds 2^31-1");
    rejects(
        file("{" + entry("a", "F32", "[65536,65536]", 0, 4) + "}", 4),
        "shape [65536, 65536] holds more than 2^31-1 elements");
    rejects(
        file(
            "{" + entry("a", "F32", "[2147483647,2147483647,2147483647,2147483647]", 0, 4) + "}",
            4),
        "more than 2^31-1 elements");
  }

  @Test
  void shapeDisagreesWithOffsetSpan() {
    rejects(
        file("{" + entry("rnn_cell.w", "F32", "[8,8]", 0, 200) + "}", 200),
        "model.safetensors: tensor 'rnn_cell.w' has shape [8, 8] and dtype F32, which needs 256"
            + " bytes, but its data_offsets span 200 bytes");
    rejects(
        file("{" + entry("s", "F64", "[]", 0, 4) + "}", 4),
        "tensor 's' has shape [] and dtype F64, which needs 8 bytes, but its data_offsets span 4"
            + " bytes");
    rejects(
        file("{" + entry("a", "F32", "[1]", 8, 4) + "}", 8),
        "data_offsets [8, 4] end before they begin");
  }

  @Test
  void offsetsOutsideTheBuffer() {
    rejects(
        file("{" + entry("a", "F32", "[2]", 4, 12) + "}", 8),
        "truncated or corrupt",
        "tensor 'a' has data_offsets [4, 12)",
        "only 8 bytes");
    rejects(
        file(
            "{"
                + entry(
                    "a", "U8", "[2]", 9_000_000_000_000_000_000L - 2, 9_000_000_000_000_000_000L)
                + "}",
            0),
        "truncated or corrupt");
  }

  @Test
  void overlappingTensors() {
    rejects(
        file(
            "{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 4, 12) + "}", 12),
        "tensors 'a' [0, 8) and 'b' [4, 12) overlap");
    rejects(
        file("{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 0, 8) + "}", 8),
        "overlap");
    rejects(
        file(
            "{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("empty", "F32", "[0]", 4, 4) + "}",
            8),
        "'empty' [4, 4) overlap");
  }

  @Test
  void holesInTheBuffer() {
    rejects(
        file(
            "{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("b", "F32", "[1]", 8, 12) + "}", 12),
        "data buffer bytes [4, 8)",
        "belong to no tensor",
        "next tensor: 'b'");
    rejects(file("{" + entry("a", "F32", "[1]", 4, 8) + "}", 8), "data buffer bytes [0, 4)");
  }

  @Test
  void trailingBytesAfterTheLastTensor() {
    rejects(
        file("{" + entry("a", "F32", "[1]", 0, 4) + "}", 7),
        "3 trailing bytes after the last tensor's data");
    rejects(file("{}", 1), "1 trailing bytes");
  }

  @Test
  void duplicateNames() {
    rejects(
        file("{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("a", "F32", "[1]", 4, 8) + "}", 8),
        "header key 'a' appears more than once");
    rejects(
        file("{\"__metadata__\":{},\"__metadata__\":{}}", 0),
        "header key '__metadata__' appears more than once");
    rejects(
        file("{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", 0),
        "__metadata__ key 'k' appears more than once");
  }

  @Test
  void metadataMustBeStrings() {
    rejects(
        file("{\"__metadata__\":{\"epochs\":10}}", 0),
        "__metadata__ value for key 'epochs' must be a string, found an integer");
    rejects(
        file("{\"__metadata__\":{\"cfg\":{\"a\":\"b\"}}}", 0), "must be a string, found an object");
    rejects(
        file("{\"__metadata__\":[\"a\"]}", 0),
        "header key '__metadata__' must be an object, found an array");
  }

  @Test
  void acceptedOddities() throws Exception {
    // Null metadata, unknown entry keys and zero-size tensors anywhere are all valid.
    byte[] bytes =
        file(
            "{\"__metadata__\":null,"
                + entry("z", "F32", "[0,5]", 0, 0)
                + ",\"a\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[0,2],\"extra\":{\"x\":[1]}}}",
            2);
    bytes[bytes.length - 1] = 7; // any nonzero byte is true
    SafetensorsFile f = Safetensors.read(bytes, "model.safetensors");
    assertTrue(f.metadata().isEmpty());
    assertEquals(List.of("z", "a"), List.copyOf(f.tensors().keySet()));
    assertEquals(1.0, f.require("a").get(1));
  }

  @Test
  void truncatedGoldenFilesSayTheyAreTruncated() {
    for (Path path : GoldenFiles.filesEndingWith(".safetensors")) {
      byte[] whole = GoldenFiles.bytes(path);
      IntStream lengths =
          IntStream.concat(
              IntStream.iterate(0, n -> n < whole.length, n -> n + 37),
              IntStream.of(whole.length - 1));
      lengths.forEach(
          n -> {
            byte[] cut = Arrays.copyOf(whole, n);
            FileFormatException e =
                assertThrows(
                    FileFormatException.class,
                    () -> Safetensors.read(cut, path.getFileName().toString()),
                    path + " cut at " + n);
            assertTrue(
                e.getMessage().contains("truncated"),
                path + " cut at " + n + ": " + e.getMessage());
            assertTrue(
                e.getMessage().contains("it has " + n) || e.getMessage().contains("found " + n),
                "message should give the actual length " + n + ": " + e.getMessage());
          });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Seeded fuzzing: mutate valid files; reading must succeed or throw FileFormatException.

  static Stream<Long> seeds() {
    return LongStream.range(0, 400).boxed();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void mutatedFilesFailCleanly(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Path> files = GoldenFiles.filesEndingWith(".safetensors");
    byte[] original = GoldenFiles.bytes(files.get(random.nextInt(files.size())));
    int headerEnd = 8 + (int) ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    byte[] bytes = Fuzz.mutate(original, headerEnd, random);
    try {
      SafetensorsFile f = Safetensors.read(bytes, "fuzz");
      long covered = f.tensors().values().stream().mapToLong(Tensor::byteSize).sum();
      int actualHeaderEnd =
          8 + (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
      assertEquals(
          bytes.length - actualHeaderEnd,
          covered,
          "an accepted file's tensors must cover its buffer");
    } catch (FileFormatException expected) {
      assertTrue(!expected.getMessage().contains("\n"), expected.getMessage());
    } catch (Throwable other) {
      fail("seed " + seed + ": " + other, other);
    }
  }
}
