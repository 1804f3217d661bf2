package io.liquid4j.cli;

import picocli.CommandLine.Option;

/** The options of a command that writes files: {@code --debug} and {@code --force}. */
final class WriterOptions extends CommonOptions {
  /** Whether existing output files may be replaced. */
  @Option(names = "--force",
      description = "Overwrite existing output files (default: refuse).")
  boolean force;
}
