package io.liquid4j.cli;

import java.nio.file.Path;

/** Where the repository's datasets are: the launcher passes the repository root. */
final class Datasets {
  private Datasets() {}

  static Path defaultDir() {
    String home = System.getProperty("liquid4j.home");
    return home != null ? Path.of(home, "datasets") : Path.of("datasets");
  }
}
