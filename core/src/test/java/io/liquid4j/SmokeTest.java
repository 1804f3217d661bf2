package io.liquid4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void arithmetic() {
    assertEquals(2, 1 + 1);
  }
}
