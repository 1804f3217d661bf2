package io.liquid4j.io;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded mutations of valid files for the fuzz tests. */
final class Fuzz {
  private Fuzz() {}

  private static final byte[] INTERESTING =
      "0123456789-[]{},:\" eE.".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * Returns a mutated copy. Half the mutations aim at the header (bytes before {@code headerEnd}),
   * where the parsing logic is; the rest hit anywhere, including the length prefix.
   */
  static byte[] mutate(byte[] original, int headerEnd, SplittableRandom random) {
    byte[] bytes = original.clone();
    int mutations = 1 + random.nextInt(4);
    for (int m = 0; m < mutations; m++) {
      int limit = random.nextBoolean() ? Math.min(headerEnd, bytes.length) : bytes.length;
      if (limit == 0) {
        break;
      }
      int at = random.nextInt(limit);
      switch (random.nextInt(6)) {
        case 0: // flip one bit
          bytes[at] ^= (byte) (1 << random.nextInt(8));
          break;
        case 1: // random byte
          bytes[at] = (byte) random.nextInt(256);
          break;
        case 2: // a character that matters to the header grammar (digits, brackets, quotes)
          bytes[at] = INTERESTING[random.nextInt(INTERESTING.length)];
          break;
        case 3: // delete a byte
          byte[] shorter = new byte[bytes.length - 1];
          System.arraycopy(bytes, 0, shorter, 0, at);
          System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
          bytes = shorter;
          break;
        case 4: // insert a byte
          byte[] longer = new byte[bytes.length + 1];
          System.arraycopy(bytes, 0, longer, 0, at);
          longer[at] = INTERESTING[random.nextInt(INTERESTING.length)];
          System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
          bytes = longer;
          break;
        default: // corrupt the length prefix
          bytes[random.nextInt(Math.min(8, bytes.length))] = (byte) random.nextInt(256);
      }
    }
    if (Arrays.equals(bytes, original)) {
      bytes = Arrays.copyOf(bytes, bytes.length - 1);
    }
    return bytes;
  }
}
