package io.liquid4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing, and reading back what was written. Hostile input is in SafetensorsHostileTest. */
class SafetensorsTest {
  /** Shapes covering scalars, vectors, matrices, higher ranks and zero-size dimensions. */
  static final int[][] SHAPES = {
    {}, {1}, {7}, {3, 4}, {2, 3, 5}, {1, 1, 1, 6}, {0}, {4, 0}, {2, 0, 3}, {0, 0}
  };

  @TempDir Path dir;

  /** Awkward doubles: signed zeros, subnormals, extremes, NaN, infinities and random values. */
  static double[] values(int n, long seed) {
    double[] special = {
      0.0,
      -0.0,
      1.0,
      -1.0,
      Double.MIN_VALUE,
      -Double.MIN_NORMAL,
      Double.MAX_VALUE,
      Double.NaN,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      1.0 / 3.0,
      1e-310
    };
    SplittableRandom random = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] =
          (i < special.length && seed % 2 == 0)
              ? special[i]
              : random.nextGaussian() * Math.pow(10, random.nextInt(-8, 8));
    }
    return v;
  }

  static int count(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  private static List<Tensor> tensorsOf(DType dtype) {
    List<Tensor> tensors = new ArrayList<>();
    for (int i = 0; i < SHAPES.length; i++) {
      tensors.add(new Tensor("t" + i, dtype, SHAPES[i], values(count(SHAPES[i]), i)));
    }
    return tensors;
  }

  @Test
  void float64RoundTripIsBitExact() throws Exception {
    List<Tensor> tensors = tensorsOf(DType.F64);
    SafetensorsFile back = Safetensors.read(Safetensors.toBytes(tensors, Map.of()), "mem");
    assertEquals(tensors, back.tensorList());
    for (Tensor t : tensors) {
      double[] expected = t.data();
      double[] actual = back.tensor(t.name()).orElseThrow().data();
      for (int i = 0; i < expected.length; i++) {
        assertEquals(
            Double.doubleToRawLongBits(expected[i]),
            Double.doubleToRawLongBits(actual[i]),
            t.name() + "[" + i + "]");
      }
    }
  }

  @Test
  void float32RoundTripEqualsFloatRounding() throws Exception {
    List<Tensor> tensors = tensorsOf(DType.F32);
    SafetensorsFile back = Safetensors.read(Safetensors.toBytes(tensors, Map.of()), "mem");
    for (Tensor t : tensors) {
      Tensor read = back.require(t.name());
      assertEquals(DType.F32, read.dtype());
      assertArrayEquals(t.shape(), read.shape());
      double[] expected = t.data();
      for (int i = 0; i < expected.length; i++) {
        assertEquals((double) (float) expected[i], read.get(i), t.name() + "[" + i + "]");
      }
    }
  }

  @Test
  void halfAndBfloat16RoundTripAsTheirRounding() throws Exception {
    double[] v = values(50, 4);
    List<Tensor> tensors =
        List.of(
            new Tensor("h", DType.F16, new int[] {50}, v),
            new Tensor("b", DType.BF16, new int[] {5, 10}, v));
    SafetensorsFile back = Safetensors.read(Safetensors.toBytes(tensors, Map.of()), "mem");
    for (int i = 0; i < v.length; i++) {
      assertEquals(
          FloatFormats.f16ToDouble(FloatFormats.doubleToF16(v[i])), back.require("h").get(i));
      assertEquals(
          FloatFormats.bf16ToDouble(FloatFormats.doubleToBf16(v[i])), back.require("b").get(i));
    }
  }

  @Test
  void integerAndBoolTypesRoundTripExactly() throws Exception {
    List<Tensor> tensors =
        List.of(
            new Tensor("i64", DType.I64, new int[] {3}, new double[] {-0x1p63, 0x1p53, -7}),
            new Tensor(
                "i32",
                DType.I32,
                new int[] {3},
                new double[] {Integer.MIN_VALUE, Integer.MAX_VALUE, 0}),
            new Tensor(
                "i16", DType.I16, new int[] {2}, new double[] {Short.MIN_VALUE, Short.MAX_VALUE}),
            new Tensor("i8", DType.I8, new int[] {2}, new double[] {-128, 127}),
            new Tensor("u64", DType.U64, new int[] {3}, new double[] {0, 0x1p63, 0x1p64 - 2048}),
            new Tensor("u32", DType.U32, new int[] {2}, new double[] {0, 4294967295.0}),
            new Tensor("u16", DType.U16, new int[] {2}, new double[] {0, 65535}),
            new Tensor("u8", DType.U8, new int[] {2}, new double[] {0, 255}),
            new Tensor("bool", DType.BOOL, new int[] {2, 2}, new double[] {0, 1, 1, 0}));
    SafetensorsFile back = Safetensors.read(Safetensors.toBytes(tensors, Map.of()), "mem");
    assertEquals(tensors, back.tensorList());
  }

  @Test
  void integerTypesRefuseValuesTheyCannotHold() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Safetensors.toBytes(
                    List.of(new Tensor("idx", DType.I8, new int[] {2}, new double[] {1, 128})),
                    Map.of()));
    assertTrue(
        e.getMessage().contains("tensor 'idx': element 1 is 128.0, which I8 cannot hold exactly"),
        e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Safetensors.toBytes(
                List.of(new Tensor("x", DType.I32, new int[] {1}, new double[] {0.5})), Map.of()));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Safetensors.toBytes(
                List.of(new Tensor("x", DType.BOOL, new int[] {1}, new double[] {2})), Map.of()));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Safetensors.toBytes(
                List.of(new Tensor("x", DType.U8, new int[] {1}, new double[] {Double.NaN})),
                Map.of()));
  }

  @Test
  void keepsOrderAndMetadata() throws Exception {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", "pt");
    metadata.put("liquid4j", "{\"model\": \"LTC\", \"unicode\": \"τ ✓\"}");
    List<Tensor> tensors =
        List.of(
            Tensor.f32("z.last_alphabetically", new int[] {2}, new double[] {1, 2}),
            Tensor.f32("a.first_alphabetically", new int[] {1}, new double[] {3}),
            Tensor.f64("m.\"quoted\" name ✓", new int[] {}, new double[] {4}));
    SafetensorsFile back = Safetensors.read(Safetensors.toBytes(tensors, metadata), "mem");
    assertEquals(
        List.of("z.last_alphabetically", "a.first_alphabetically", "m.\"quoted\" name ✓"),
        new ArrayList<>(back.tensors().keySet()));
    assertEquals(metadata, back.metadata());
    assertEquals(List.of("format", "liquid4j"), new ArrayList<>(back.metadata().keySet()));
    assertTrue(back.tensor("missing").isEmpty());
    FileFormatException e = assertThrows(FileFormatException.class, () -> back.require("missing"));
    assertTrue(
        e.getMessage()
            .startsWith("mem: no tensor named 'missing'; the file has 3 tensors: 'z.last"),
        e.getMessage());
  }

  @Test
  void headerIsPaddedToEightBytesAndLayoutFollowsTheGivenOrder() {
    for (int nameLength = 1; nameLength <= 9; nameLength++) {
      String name = "x".repeat(nameLength);
      List<Tensor> tensors =
          List.of(
              Tensor.f32(name, new int[] {2}, new double[] {1, 2}),
              Tensor.f64("b", new int[] {1}, new double[] {5}));
      byte[] bytes = Safetensors.toBytes(tensors, Map.of("format", "pt"));
      long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
      assertEquals(0, n % 8, "header length " + n);
      String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
      assertTrue(
          header.startsWith(
              "{\"__metadata__\":{\"format\":\"pt\"},\""
                  + name
                  + "\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}}"),
          header);
      assertTrue(header.substring(header.lastIndexOf('}') + 1).isBlank());
      assertEquals(8 + n + 16, bytes.length);
      // Data: two little-endian floats, then a double.
      ByteBuffer data = ByteBuffer.wrap(bytes, (int) (8 + n), 16).order(ByteOrder.LITTLE_ENDIAN);
      assertEquals(1.0f, data.getFloat());
      assertEquals(2.0f, data.getFloat());
      assertEquals(5.0, data.getDouble());
    }
  }

  @Test
  void emptyFileRoundTrips() throws Exception {
    byte[] bytes = Safetensors.toBytes(List.of(), Map.of());
    assertEquals(16, bytes.length); // length prefix + "{}" padded to 8
    SafetensorsFile back = Safetensors.read(bytes, "empty");
    assertTrue(back.tensors().isEmpty());
    assertTrue(back.metadata().isEmpty());
  }

  @Test
  void refusesDuplicateAndReservedNames() {
    Tensor a = Tensor.f32("a", new int[] {1}, new double[] {1});
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Safetensors.toBytes(List.of(a, a), Map.of()));
    assertTrue(e.getMessage().contains("'a' appears more than once"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Safetensors.toBytes(List.of(a.withName("__metadata__")), Map.of()));
  }

  @Test
  void writeGoesThroughAtomicFilesAndHonoursOverwrite() throws Exception {
    Path file = dir.resolve("sub/model.safetensors");
    List<Tensor> first = List.of(Tensor.f32("w", new int[] {2}, new double[] {1, 2}));
    Safetensors.write(file, first, Map.of("format", "pt"), false);
    assertEquals(first, Safetensors.read(file).tensorList());
    List<Tensor> second = List.of(Tensor.f64("w", new int[] {1}, new double[] {3}));
    FileAlreadyExistsException e =
        assertThrows(
            FileAlreadyExistsException.class,
            () -> Safetensors.write(file, second, Map.of(), false));
    assertEquals(file + " already exists; pass overwrite = true to replace it", e.getMessage());
    assertEquals(first, Safetensors.read(file).tensorList());
    Safetensors.write(file, second, Map.of(), true);
    assertEquals(second, Safetensors.read(file).tensorList());
    assertEquals(file.toString(), Safetensors.read(file).source());
    try (var listing = Files.list(file.getParent())) {
      assertEquals(1, listing.count(), "temporary files left behind");
    }
  }

  @Test
  void largeTensorsAreWrittenInChunks() throws Exception {
    // More elements than one encoding chunk, so the chunk loop's boundaries are exercised.
    double[] v = values(40_000, 9);
    Tensor t = Tensor.f32("big", new int[] {200, 200}, v);
    Path file = dir.resolve("big.safetensors");
    Safetensors.write(
        file, List.of(t, Tensor.f64("after", new int[] {1}, new double[] {7})), Map.of(), false);
    SafetensorsFile back = Safetensors.read(file);
    for (int i = 0; i < v.length; i++) {
      assertEquals((double) (float) v[i], back.require("big").get(i));
    }
    assertEquals(7.0, back.require("after").get(0));
  }
}
