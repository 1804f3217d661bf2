package io.liquid4j.cli;

import picocli.CommandLine.Option;

/** Options every command accepts. */
final class CommonOptions {
  @Option(names = "--debug", description = "Show stack traces of errors.")
  boolean debug;

  @Option(names = "--force", description = "Overwrite existing output files (default: refuse).")
  boolean force;
}
