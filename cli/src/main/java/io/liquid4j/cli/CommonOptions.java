package io.liquid4j.cli;

import picocli.CommandLine.Option;

/**
 * Options every command accepts ({@code --debug}). Commands that write files mix in {@link
 * WriterOptions} instead, which adds {@code --force}.
 */
class CommonOptions {
  /** Whether errors are reported with their stack trace. */
  @Option(names = "--debug", description = "Show stack traces of errors.")
  boolean debug;
}
