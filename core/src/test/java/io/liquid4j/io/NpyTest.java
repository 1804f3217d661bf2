package io.liquid4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NpyTest {
  @TempDir Path dir;

  /** A .npy file with the given version, header text (used as is) and data bytes. */
  static byte[] npy(int major, String header, byte[] data) {
    byte[] text =
        header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    int lengthBytes = major == 1 ? 2 : 4;
    ByteBuffer b =
        ByteBuffer.allocate(8 + lengthBytes + text.length + data.length)
            .order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
    if (major == 1) {
      b.putShort((short) text.length);
    } else {
      b.putInt(text.length);
    }
    return b.put(text).put(data).array();
  }

  static String dict(String descr, String shape) {
    return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }\n";
  }

  static byte[] floats(float... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }

  static FileFormatException rejects(byte[] bytes, String... fragments) {
    FileFormatException e = assertThrows(FileFormatException.class, () -> Npy.read(bytes, "x.npy"));
    String message = e.getMessage();
    assertTrue(message.startsWith("x.npy: "), message);
    assertTrue(!message.contains("\n"), "one line: " + message);
    for (String fragment : fragments) {
      assertTrue(message.contains(fragment), "expected '" + fragment + "' in: " + message);
    }
    return e;
  }

  // ---------------------------------------------------------------------------------------------
  // Writing and round trips

  @Test
  void specialFilesAreRefusedBeforeAnythingIsRead(@TempDir Path dir) throws Exception {
    Path fifo = dir.resolve("p.npy");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0);
    // Opening a FIFO with no writer blocks forever: the check must come before any open.
    List<org.junit.jupiter.api.function.Executable> reads =
        List.of(() -> Npy.read(fifo), () -> Npy.readHeader(fifo), () -> Safetensors.read(fifo));
    for (org.junit.jupiter.api.function.Executable read : reads) {
      FileFormatException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
          java.time.Duration.ofSeconds(10), () -> assertThrows(FileFormatException.class, read));
      assertTrue(e.getMessage().startsWith(fifo + ": not a regular file"), e.getMessage());
    }
    if (Files.exists(Path.of("/dev/zero"))) {
      FileFormatException e =
          assertThrows(FileFormatException.class, () -> Npy.read(Path.of("/dev/zero")));
      assertTrue(e.getMessage().contains("/dev/zero: not a regular file"), e.getMessage());
    }
    FileFormatException e = assertThrows(FileFormatException.class, () -> Npy.read(dir));
    assertTrue(e.getMessage().contains("a directory"), e.getMessage());
  }

  @Test
  void writerReproducesNumpyBytesForEveryGoldenArray() throws Exception {
    List<Path> files = GoldenFiles.filesEndingWith(".npy");
    assertTrue(files.size() >= 40, "expected the golden .npy files, found " + files.size());
    for (Path file : files) {
      NpyArray array = Npy.read(file);
      byte[] ours = Npy.toBytes(array.shape(), array.data(), DType.F32);
      assertArrayEquals(Files.readAllBytes(file), ours, file.toString());
    }
  }

  /** Headers numpy 2.4.6's np.save writes: the dict, then this many spaces, then a newline. */
  static Stream<Arguments> numpyHeaders() {
    int[] manyDims = new int[36];
    Arrays.fill(manyDims, 1, 36, 1);
    return Stream.of(
        Arguments.of(
            new int[] {}, DType.F32, "{'descr': '<f4', 'fortran_order': False, 'shape': (), }", 62),
        Arguments.of(
            new int[] {5},
            DType.F32,
            "{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }",
            60),
        Arguments.of(
            new int[] {0},
            DType.F64,
            "{'descr': '<f8', 'fortran_order': False, 'shape': (0,), }",
            60),
        Arguments.of(
            new int[] {2, 0, 3},
            DType.F32,
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 0, 3), }",
            55),
        Arguments.of(
            new int[] {123456789, 0},
            DType.F64,
            "{'descr': '<f8', 'fortran_order': False, 'shape': (123456789, 0), }",
            50),
        Arguments.of(
            new int[] {3, 4},
            DType.I32,
            "{'descr': '<i4', 'fortran_order': False, 'shape': (3, 4), }",
            58),
        Arguments.of(
            new int[] {2},
            DType.U8,
            "{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }",
            60),
        Arguments.of(
            new int[] {2},
            DType.BOOL,
            "{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }",
            60),
        // Already 64-aligned before padding: numpy still adds a full 64 spaces (20 growth + 64).
        Arguments.of(
            manyDims,
            DType.F32,
            "{'descr': '<f4', 'fortran_order': False, 'shape': (0" + ", 1".repeat(35) + "), }",
            84));
  }

  @ParameterizedTest
  @MethodSource("numpyHeaders")
  void headersMatchNumpy(int[] shape, DType dtype, String dict, int spaces) throws Exception {
    int count = (int) Tensor.elementCount(shape);
    byte[] bytes = Npy.toBytes(shape, new double[count], dtype);
    String expected = dict + " ".repeat(spaces) + "\n";
    int headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getShort(8) & 0xffff;
    assertEquals(expected, new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1));
    assertEquals(0, (10 + headerLength) % 64);
    assertEquals(10 + headerLength + count * dtype.byteSize(), bytes.length);
    NpyArray back = Npy.read(bytes, "mem");
    assertArrayEquals(shape, back.shape());
    assertEquals(dtype.npyDescr().orElseThrow(), back.dtype());
  }

  @Test
  void float64RoundTripIsBitExactAndFloat32Rounds() throws Exception {
    for (int i = 0; i < SafetensorsTest.SHAPES.length; i++) {
      int[] shape = SafetensorsTest.SHAPES[i];
      double[] values = SafetensorsTest.values(SafetensorsTest.count(shape), i);
      Path f64 = dir.resolve("a" + i + ".f64.npy");
      Path f32 = dir.resolve("a" + i + ".f32.npy");
      Npy.writeFloat64(f64, shape, values, false);
      Npy.writeFloat32(f32, shape, values, false);
      NpyArray back64 = Npy.read(f64);
      NpyArray back32 = Npy.read(f32);
      assertEquals(new NpyArray(shape, values, "<f8"), back64);
      assertEquals("<f4", back32.dtype());
      assertArrayEquals(shape, back32.shape());
      for (int k = 0; k < values.length; k++) {
        assertEquals(
            Double.doubleToRawLongBits(values[k]), Double.doubleToRawLongBits(back64.get(k)));
        assertEquals((double) (float) values[k], back32.get(k));
      }
    }
  }

  @Test
  void writeRefusesToOverwriteUnlessAsked() throws Exception {
    Path file = dir.resolve("x.npy");
    Npy.writeFloat32(file, new int[] {1}, new double[] {1}, false);
    FileAlreadyExistsException e =
        assertThrows(
            FileAlreadyExistsException.class,
            () -> Npy.writeFloat64(file, new int[] {1}, new double[] {2}, false));
    assertEquals(file + " already exists; pass overwrite = true to replace it", e.getMessage());
    assertEquals(1.0, Npy.read(file).get(0));
    Npy.writeFloat64(file, new int[] {1}, new double[] {2}, true);
    assertEquals(2.0, Npy.read(file).get(0));
    assertThrows(
        IllegalArgumentException.class,
        () -> Npy.writeFloat32(dir.resolve("y.npy"), new int[] {2}, new double[3], false));
    assertThrows(
        IllegalArgumentException.class,
        () -> Npy.toBytes(new int[] {1}, new double[1], DType.BF16));
  }

  @Test
  void npyArrayIsImmutableWithContentEquality() {
    int[] shape = {2};
    double[] data = {1, 2};
    NpyArray a = new NpyArray(shape, data, "<f4");
    shape[0] = 5;
    data[0] = 5;
    a.data()[1] = 5;
    assertArrayEquals(new int[] {2}, a.shape());
    assertArrayEquals(new double[] {1, 2}, a.data());
    assertEquals(new NpyArray(new int[] {2}, new double[] {1, 2}, "<f4"), a);
    assertEquals(new NpyArray(new int[] {2}, new double[] {1, 2}, "<f4").hashCode(), a.hashCode());
    assertThrows(
        IllegalArgumentException.class, () -> new NpyArray(new int[] {3}, new double[2], "<f4"));
  }

  // ---------------------------------------------------------------------------------------------
  // Reading variants

  @Test
  void readsVersions2And3() throws Exception {
    byte[] data = floats(1.5f, -2f);
    assertArrayEquals(
        new double[] {1.5, -2}, Npy.read(npy(2, dict("<f4", "(2,)"), data), "v2").data());
    assertArrayEquals(
        new double[] {1.5, -2}, Npy.read(npy(3, dict("<f4", "(2,)"), data), "v3").data());
    assertArrayEquals(
        new int[] {1, 2}, Npy.read(npy(3, dict("<f4", "(1, 2)"), data), "v3").shape());
  }

  @Test
  void readsIntegerBoolAndHalfTypes() throws Exception {
    byte[] i4 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(-3).putInt(7).array();
    assertArrayEquals(new double[] {-3, 7}, Npy.read(npy(1, dict("<i4", "(2,)"), i4), "i4").data());
    byte[] i8 =
        ByteBuffer.allocate(16)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putLong(-1)
            .putLong(1L << 40)
            .array();
    assertArrayEquals(
        new double[] {-1, 1L << 40}, Npy.read(npy(1, dict("<i8", "(2,)"), i8), "i8").data());
    assertArrayEquals(
        new double[] {0, 255},
        Npy.read(npy(1, dict("|u1", "(2,)"), new byte[] {0, (byte) 255}), "u1").data());
    assertArrayEquals(
        new double[] {-128, 127},
        Npy.read(npy(1, dict("|i1", "(2,)"), new byte[] {-128, 127}), "i1").data());
    assertArrayEquals(
        new double[] {1, 0, 1},
        Npy.read(npy(1, dict("|b1", "(3,)"), new byte[] {1, 0, 1}), "b1").data());
    assertArrayEquals(
        new double[] {1, 65504},
        Npy.read(npy(1, dict("<f2", "(2,)"), new byte[] {0x00, 0x3c, (byte) 0xff, 0x7b}), "f2")
            .data());
    assertArrayEquals(
        new double[] {65535},
        Npy.read(npy(1, dict("<u2", "(1,)"), new byte[] {-1, -1}), "u2").data());
    assertArrayEquals(
        new double[] {4294967295.0},
        Npy.read(npy(1, dict("<u4", "()"), new byte[] {-1, -1, -1, -1}), "u4").data());
    assertArrayEquals(
        new double[] {0x1p64},
        Npy.read(npy(1, dict("<u8", "()"), new byte[] {-1, -1, -1, -1, -1, -1, -1, -1}), "u8")
            .data());
  }

  @Test
  void toleratesHeaderSpellingsNumpyAccepts() throws Exception {
    byte[] data = floats(1, 2, 3, 4, 5, 6);
    // Python 2 longs, double quotes, no trailing comma, other key order, extra whitespace.
    String[] headers = {
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 3L), }\n",
      "{\"shape\": (2, 3), \"descr\": \"<f4\", \"fortran_order\": False}",
      "  {'descr':'<f4','fortran_order':False,'shape':(2,3)}  \n",
      "{'descr': '<f4',\n 'fortran_order': False,\n 'shape': ( 2 , 3 , ) }",
    };
    for (String header : headers) {
      NpyArray a = Npy.read(npy(1, header, data), "x.npy");
      assertArrayEquals(new int[] {2, 3}, a.shape(), header);
      assertEquals(6.0, a.get(5));
    }
    assertEquals(1, Npy.read(npy(1, dict("<f8", "()"), new byte[8]), "x.npy").size());
  }

  // ---------------------------------------------------------------------------------------------
  // Rejections

  @Test
  void rejectsBadMagicAndVersions() {
    rejects(
        "PK\3\4 not npy at all".getBytes(StandardCharsets.ISO_8859_1),
        "byte 0",
        "not a .npy file",
        "\\x50\\x4b\\x03\\x04");
    rejects(new byte[0], "truncated", "0 bytes");
    rejects(new byte[] {(byte) 0x93, 'N', 'U'}, "truncated", "3 bytes");
    byte[] v4 = npy(1, dict("<f4", "()"), floats(1));
    v4[6] = 4;
    rejects(v4, "byte 6: format version 4.0 is not supported (expected 1.0, 2.0 or 3.0)");
    v4[6] = 1;
    v4[7] = 1;
    rejects(v4, "format version 1.1");
  }

  @Test
  void rejectsFortranOrder() {
    String header = "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 1), }";
    rejects(
        npy(1, header, floats(1, 2)),
        "Fortran order is not supported; save with np.ascontiguousarray");
    rejects(
        npy(1, "{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }", floats(1, 2)),
        "'fortran_order' must be True or False, found 0");
  }

  @Test
  void rejectsBigEndianAndUnsupportedDtypes() {
    rejects(
        npy(1, dict(">f4", "(1,)"), floats(1)),
        "'>f4', which is big-endian; expected little-endian '<f4'",
        "astype('<f4')");
    rejects(npy(1, dict(">i8", "(1,)"), new byte[8]), "big-endian", "'<i8'");
    rejects(npy(1, dict("=f8", "(1,)"), new byte[8]), "native", "'<f8'");
    rejects(npy(1, dict("|O", "(1,)"), new byte[8]), "object arrays are not supported");
    rejects(npy(1, dict("O", "(1,)"), new byte[8]), "object arrays are not supported");
    rejects(
        npy(1, dict("<c8", "(1,)"), new byte[8]),
        "'<c8', which is not supported (supported: <f8, <f4");
    rejects(npy(1, dict("<U5", "(1,)"), new byte[20]), "not supported");
    rejects(
        npy(
            1,
            "{'descr': [('a', '<f4'), ('b', '<i4')], 'fortran_order': False, 'shape': (1,), }",
            new byte[8]),
        "structured dtype");
    rejects(
        npy(1, "{'descr': 4, 'fortran_order': False, 'shape': (1,), }", new byte[4]),
        "'descr' must be a dtype string");
  }

  @Test
  void rejectsTruncatedAndOverlongData() {
    rejects(
        npy(1, dict("<f4", "(2, 3)"), floats(1, 2, 3, 4, 5)),
        "data is truncated",
        "need 24 bytes",
        "only 20");
    rejects(npy(1, dict("<f8", "()"), new byte[0]), "data is truncated", "need 8 bytes");
    rejects(
        npy(1, dict("<f4", "(2,)"), floats(1, 2, 3)),
        "4 unexpected bytes after the 8 bytes of data");
    byte[] shortHeader = npy(1, dict("<f4", "(1,)"), floats(1));
    rejects(Arrays.copyOf(shortHeader, 30), "file is truncated", "needs at least", "it has 30");
    rejects(Arrays.copyOf(shortHeader, 9), "truncated", "header starts at byte 10");
  }

  @Test
  void rejectsMalformedHeaderDicts() {
    byte[] one = floats(1);
    rejects(
        npy(1, "{'descr': '<f4', 'shape': (1,), }", one), "header dict has no 'fortran_order' key");
    rejects(
        npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}", one),
        "unexpected key 'extra'");
    rejects(npy(1, "['descr', '<f4']", one), "header must be a dict literal, found a list");
    rejects(
        npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': 1, }", one),
        "'shape' must be a tuple of integers, found 1");
    rejects(
        npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1), }", one),
        "'shape' must be a tuple of integers, found 1");
    rejects(
        npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': [1], }", one),
        "'shape' must be a tuple");
    rejects(
        npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", one),
        "dimension 0 must be an integer in 0..2^31-1, found -1");
    rejects(
        npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296,), }", one),
        "found 4294967296");
    rejects(
        npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 65536), }", one),
        "more than 2^31-1 elements");
    rejects(
        npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1.0,), }", one),
        "header column 53: expected an integer, found '.'");
    rejects(
        npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }", one),
        "integer 99999999999999999999 is too large");
    rejects(
        npy(1, "{'descr': '<f4, 'fortran_order': False, 'shape': (1,), }", one), "header column");
    rejects(npy(1, "{'descr': '<f4'", one), "expected ',' or '}', found the end of the header");
    rejects(
        npy(1, "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}", one),
        "key 'descr' appears more than once");
    rejects(
        npy(1, "{'descr': __import__('os'), }", one),
        "unknown name '__import__' (only True, False and None are allowed)");
    rejects(
        npy(1, "{'descr': '<f4'} trailing", one),
        "expected the end of the header after the literal");
    rejects(npy(1, "", one), "expected a value, found the end of the header");
    rejects(npy(1, "(".repeat(100_000), one), "nested more than 32 levels deep");
  }

  @Test
  void rejectsHugeOrInvalidHeaders() {
    byte[] bytes = npy(2, dict("<f4", "(1,)"), floats(1));
    ByteBuffer.wrap(bytes)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(8, Integer.MIN_VALUE); // 2^31 unsigned
    rejects(bytes, "byte 8: header length 2147483648 exceeds the limit");
    byte[] badUtf8 = npy(3, dict("<f4", "(1,)"), floats(1));
    badUtf8[14] = (byte) 0xff;
    rejects(badUtf8, "not valid UTF-8");
  }

  @Test
  void truncatedGoldenFilesFailCleanly() {
    for (Path path : GoldenFiles.filesEndingWith(".npy")) {
      byte[] whole = GoldenFiles.bytes(path);
      IntStream.concat(
              IntStream.iterate(0, n -> n < whole.length, n -> n + 7),
              IntStream.of(whole.length - 1))
          .forEach(
              n -> {
                FileFormatException e =
                    assertThrows(
                        FileFormatException.class,
                        () -> Npy.read(Arrays.copyOf(whole, n), path.getFileName().toString()),
                        path + " cut at " + n);
                assertTrue(
                    e.getMessage().contains("truncated"),
                    path + " cut at " + n + ": " + e.getMessage());
              });
    }
  }

  static Stream<Long> seeds() {
    return LongStream.range(0, 300).boxed();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void mutatedFilesFailCleanly(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Path> files = GoldenFiles.filesEndingWith(".npy");
    byte[] original = GoldenFiles.bytes(files.get(random.nextInt(files.size())));
    byte[] bytes = Fuzz.mutate(original, 128, random); // golden headers end at byte 128
    try {
      Npy.read(bytes, "fuzz");
    } catch (FileFormatException expected) {
      assertTrue(!expected.getMessage().contains("\n"), expected.getMessage());
    } catch (Throwable other) {
      fail("seed " + seed + ": " + other, other);
    }
  }
}
