package io.liquid4j.wiring;

/** Polarity matrices as rows of '+' (+1), '-' (-1) and '.' (0), the notation of the reference. */
final class Matrices {
  private Matrices() {}

  static String[] rows(byte[] flat, int cols) {
    String[] rows = new String[flat.length / cols];
    for (int r = 0; r < rows.length; r++) {
      StringBuilder sb = new StringBuilder(cols);
      for (int c = 0; c < cols; c++) {
        byte v = flat[r * cols + c];
        sb.append(v > 0 ? '+' : v < 0 ? '-' : '.');
      }
      rows[r] = sb.toString();
    }
    return rows;
  }

  static String[] adjacencyRows(Wiring w) {
    return rows(w.adjacency(), w.units());
  }

  static String[] sensoryRows(Wiring w) {
    return rows(w.sensoryAdjacency(), w.units());
  }
}
