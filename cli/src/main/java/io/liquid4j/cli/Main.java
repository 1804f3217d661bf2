package io.liquid4j.cli;

import io.liquid4j.io.FileFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

/**
 * Entry point of the {@code liquid4j} command line. Commands only parse their arguments and call
 * the public API; user errors are reported in one line with exit code 2 (1 for failures of the
 * run itself), and {@code --debug} adds the stack trace.
 */
@Command(
    name = "liquid4j",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Liquid neural networks (LTC, CfC, NCP wirings) on the JVM.",
    subcommands = {
      ImportNcpsCommand.class,
      PredictCommand.class,
      DemoCommand.class,
      WiringCommand.class,
      PlotCommand.class,
      ExpressivityCommand.class,
      ReservoirCommand.class,
      SpikeCommand.class,
      SweepChartCommand.class,
      InfoCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      ExperimentCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  /** Exit code for invalid arguments or input files. */
  public static final int USAGE_ERROR = 2;

  /** Exit code for a failure while running. */
  public static final int RUN_ERROR = 1;

  /** Columns of the usage help. */
  static final int HELP_WIDTH = 80;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Runs the command line on the process's standard streams and exits with its exit code: 0 on
   * success, {@value #USAGE_ERROR} for invalid arguments or input files, {@value #RUN_ERROR} for
   * a failure while running.
   *
   * @param args the command line's arguments
   */
  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * Runs the command line with the given streams and returns the exit code, without exiting (for
   * tests and embedding).
   *
   * @param args the command line's arguments
   * @param out where results and usage help go
   * @param err where errors and progress lines go
   * @return 0 on success, {@value #USAGE_ERROR} for invalid arguments or input files, {@value
   *     #RUN_ERROR} for a failure while running
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    boolean debug = false;
    for (String a : args) {
      debug |= a.equals("--debug");
    }
    return commandLine(out, err, debug).execute(args);
  }

  /**
   * The command tree with its streams, error handlers and a usage help width of {@value
   * #HELP_WIDTH} columns, whatever the terminal's.
   */
  static CommandLine commandLine(PrintWriter out, PrintWriter err, boolean showTraces) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setUsageHelpWidth(HELP_WIDTH);
    cl.setUsageHelpAutoWidth(false);
    cl.setExecutionExceptionHandler(
        (Exception e, CommandLine cmd, ParseResult parsed) -> report(e, cmd, showTraces));
    cl.setParameterExceptionHandler(
        (CommandLine.ParameterException e, String[] a) -> {
          e.getCommandLine().getErr().println("liquid4j: error: " + e.getMessage());
          e.getCommandLine()
              .getErr()
              .println("Try 'liquid4j " + commandName(e.getCommandLine()) + " --help'.");
          return USAGE_ERROR;
        });
    return cl;
  }

  private static String commandName(CommandLine cmd) {
    String qualified = cmd.getCommandSpec().qualifiedName();
    return qualified.startsWith("liquid4j ") ? qualified.substring(9) : "";
  }

  private static int report(Exception e, CommandLine cmd, boolean debug) {
    Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
    PrintWriter err = cmd.getErr();
    int code;
    String message;
    if (cause instanceof FileAlreadyExistsException f) {
      // The library's message names its own argument (overwrite); on the command line it is
      // --force. The path is named once, whatever the exception's message says.
      message = (f.getFile() == null ? f.getMessage() : f.getFile())
          + " already exists (use --force to overwrite)";
      code = USAGE_ERROR;
    } else if (cause instanceof NoSuchFileException f) {
      message = f.getReason() != null || f.getFile() == null || f.getFile().endsWith("no such file")
          ? f.getMessage()
          : f.getFile() + ": no such file";
      code = USAGE_ERROR;
    } else if (cause instanceof FileFormatException || cause instanceof IllegalArgumentException) {
      message = cause.getMessage();
      code = USAGE_ERROR;
    } else if (cause instanceof IOException) {
      message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
      code = RUN_ERROR;
    } else {
      message = cause.toString();
      code = RUN_ERROR;
    }
    err.println("liquid4j: error: " + message.replace('\n', ' '));
    if (debug) {
      cause.printStackTrace(err);
    } else if (code == RUN_ERROR) {
      err.println("(run with --debug for the stack trace)");
    }
    err.flush();
    return code;
  }

  /** Reports the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"liquid4j " + (v == null ? "(development build)" : v)};
    }
  }
}
