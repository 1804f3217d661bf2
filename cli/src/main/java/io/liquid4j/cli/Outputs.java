package io.liquid4j.cli;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks done on output paths before any work starts, so a long run never ends in a refusal. */
final class Outputs {
  private Outputs() {}

  static void checkWritable(boolean force, Path... paths) throws FileAlreadyExistsException {
    for (Path p : paths) {
      if (p == null) {
        continue;
      }
      if (Files.isDirectory(p)) {
        throw new IllegalArgumentException(p + ": is a directory, expected a file name");
      }
      if (!force && Files.exists(p)) {
        // Main reports it as "<path> already exists (use --force to overwrite)".
        throw new FileAlreadyExistsException(p.toString());
      }
    }
  }
}
