package io.liquid4j.predict;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The model files and CSV kept from the release before preprocessing was stored as one entry. */
final class LegacyFiles {
  private LegacyFiles() {}

  static final String DIR = "/io/liquid4j/legacy/";

  /** Copies a kept file to {@code dir}, so tests read it as a user's file. */
  static Path copy(String name, Path dir) {
    try (InputStream in = LegacyFiles.class.getResourceAsStream(DIR + name)) {
      if (in == null) {
        throw new IllegalStateException("test resource missing: " + DIR + name);
      }
      Path out = dir.resolve(name);
      Files.copy(in, out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(String name) {
    try (InputStream in = LegacyFiles.class.getResourceAsStream(DIR + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
