package io.liquid4j.cli;

import picocli.CommandLine.Option;

/** The options of a command that writes files: {@code --debug} and {@code --force}. */
final class WriterOptions extends CommonOptions {
  /** Whether existing output files may be replaced. */
  @Option(names = "--force",
      description = "Overwrite existing output files (default: refuse). Only regular files are"
          + " replaced: a link, directory, pipe or device is refused even with --force.")
  boolean force;
}
