package io.liquid4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {
  @Test
  void copiesArraysInAndOut() {
    int[] shape = {2, 2};
    double[] data = {1, 2, 3, 4};
    Tensor t = Tensor.f32("w", shape, data);
    shape[0] = 9;
    data[0] = 9;
    assertArrayEquals(new int[] {2, 2}, t.shape());
    assertEquals(1.0, t.get(0));
    t.data()[1] = 9;
    t.shape()[1] = 9;
    assertEquals(2.0, t.get(1));
    assertEquals(2, t.dim(1));
    assertEquals(4, t.size());
    assertEquals(16, t.byteSize());
  }

  @Test
  void scalarsAndEmptyShapes() {
    Tensor scalar = Tensor.f64("s", new int[0], new double[] {3.5});
    assertEquals(0, scalar.rank());
    assertEquals(1, scalar.size());
    Tensor empty = Tensor.f64("e", new int[] {3, 0, 2}, new double[0]);
    assertEquals(0, empty.size());
  }

  @Test
  void equalityIsOnContent() {
    Tensor a = Tensor.f32("w", new int[] {2}, new double[] {1, Double.NaN});
    assertEquals(a, Tensor.f32("w", new int[] {2}, new double[] {1, Double.NaN}));
    assertEquals(
        a.hashCode(), Tensor.f32("w", new int[] {2}, new double[] {1, Double.NaN}).hashCode());
    assertNotEquals(a, Tensor.f64("w", new int[] {2}, new double[] {1, Double.NaN}));
    assertNotEquals(a, Tensor.f32("v", new int[] {2}, new double[] {1, Double.NaN}));
    assertNotEquals(a, Tensor.f32("w", new int[] {1, 2}, new double[] {1, Double.NaN}));
    assertNotEquals(a, Tensor.f32("w", new int[] {2}, new double[] {1, 2}));
    assertTrue(a.toString().contains("w F32 [2]"), a.toString());
  }

  @Test
  void rejectsShapeDataMismatchAndNegativeDims() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Tensor.f32("w", new int[] {2, 3}, new double[5]));
    assertTrue(
        e.getMessage().contains("'w' has shape [2, 3], which holds 6 elements, but 5"),
        e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> Tensor.f32("w", new int[] {-1}, new double[0]));
    assertThrows(
        IllegalArgumentException.class,
        () -> Tensor.f32("w", new int[] {1 << 16, 1 << 16}, new double[0]));
  }
}
