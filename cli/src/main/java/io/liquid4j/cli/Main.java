package io.liquid4j.cli;

import io.liquid4j.io.FileFormatException;
import io.liquid4j.io.Quoted;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

/**
 * Entry point of the {@code liquid4j} command line. Commands only parse their arguments and call
 * the public API; user errors are reported in one line with exit code 2 (1 for failures of the
 * run itself; 2 when the run needs more memory or stack than the JVM has), and {@code --debug}
 * adds the stack trace.
 */
@Command(
    name = "liquid4j",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Liquid neural networks (LTC, CfC, NCP wirings) on the JVM.",
    subcommands = {
      ImportNcpsCommand.class,
      ExportNcpsCommand.class,
      ExportOnnxCommand.class,
      PredictCommand.class,
      DemoCommand.class,
      WiringCommand.class,
      PlotCommand.class,
      ExpressivityCommand.class,
      ReservoirCommand.class,
      SpikeCommand.class,
      SweepChartCommand.class,
      TuneCommand.class,
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
    return execute(commandLine(out, err, debug), args, err, debug);
  }

  /**
   * Executes {@code cl} on {@code args}; an {@link OutOfMemoryError} or {@link StackOverflowError}
   * that escapes the command (picocli passes errors through) becomes one line and exit code
   * {@value #USAGE_ERROR} instead of a stack trace.
   */
  static int execute(CommandLine cl, String[] args, PrintWriter err, boolean debug) {
    try {
      return cl.execute(args);
    } catch (OutOfMemoryError | StackOverflowError e) {
      return exhausted(e, err, debug);
    }
  }

  /** The exhausted resource in {@code e} or its causes, or {@code null} when there is none. */
  private static VirtualMachineError exhaustion(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OutOfMemoryError || t instanceof StackOverflowError) {
        return (VirtualMachineError) t;
      }
    }
    return null;
  }

  /**
   * Reports an {@link OutOfMemoryError} or {@link StackOverflowError} in one line saying what ran
   * out and what to change, and returns {@value #USAGE_ERROR}: the run asked for more than this
   * JVM's limits, which the user changes through {@code LIQUID4J_JAVA_OPTS} or a smaller input.
   */
  static int exhausted(VirtualMachineError e, PrintWriter err, boolean debug) {
    String message;
    if (e instanceof StackOverflowError) {
      message = "out of stack space (an input is nested too deeply or too long); use a smaller or"
          + " less nested input, or raise the thread stack with LIQUID4J_JAVA_OPTS=-Xss64m";
    } else {
      long max = Runtime.getRuntime().maxMemory();
      String what = e.getMessage() == null || e.getMessage().isBlank()
          ? "" : " (" + e.getMessage() + ")";
      message = "out of memory" + what + " with a maximum heap of " + mebibytes(max)
          + "; use a smaller batch, size or input, or raise the heap with"
          + " LIQUID4J_JAVA_OPTS=-Xmx" + suggestedHeap(max);
    }
    err.println("liquid4j: error: " + message);
    if (debug) {
      e.printStackTrace(err);
    }
    err.flush();
    return USAGE_ERROR;
  }

  private static String mebibytes(long bytes) {
    return bytes == Long.MAX_VALUE ? "unlimited" : (bytes >> 20) + " MiB";
  }

  /** Four times {@code max} (at least 1 GiB), rounded up to whole gibibytes, as an -Xmx value. */
  private static String suggestedHeap(long max) {
    if (max == Long.MAX_VALUE || max > (Long.MAX_VALUE >> 3)) {
      return "<size>";
    }
    long gib = Math.max(1, (4 * max + (1L << 30) - 1) >> 30);
    return gib + "g";
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
    // An empty argument would become the current folder, and the error would name no file.
    cl.registerConverter(Path.class, text -> {
      if (text.isBlank()) {
        throw new CommandLine.TypeConversionException("expected a file name, found an empty"
            + " argument");
      }
      return Path.of(text);
    });
    cl.setExecutionExceptionHandler(
        (Exception e, CommandLine cmd, ParseResult parsed) -> report(e, cmd, showTraces));
    cl.setParameterExceptionHandler(
        (CommandLine.ParameterException e, String[] a) -> {
          // One line, as every other error: the hint to the help goes at its end.
          String name = commandName(e.getCommandLine());
          e.getCommandLine().getErr().println("liquid4j: error: "
              + withLongArgumentsCut(e.getMessage(), a).replace('\n', ' ')
              + " (see 'liquid4j " + (name.isEmpty() ? "" : name + " ") + "--help')");
          e.getCommandLine().getErr().flush();
          return USAGE_ERROR;
        });
    return cl;
  }

  /**
   * {@code message} with every argument of {@code args} longer than {@link Quoted#MAX_CHARS}
   * characters cut to that length and its own length, so that a 5 MB value pasted into an option
   * is not echoed whole.
   */
  static String withLongArgumentsCut(String message, String[] args) {
    String cut = message == null ? "" : message;
    for (String a : args) {
      if (a.length() > Quoted.MAX_CHARS && cut.contains(a)) {
        cut = cut.replace(a, Quoted.cutWithLength(a));
      }
    }
    return cut;
  }

  private static String commandName(CommandLine cmd) {
    String qualified = cmd.getCommandSpec().qualifiedName();
    return qualified.startsWith("liquid4j ") ? qualified.substring(9) : "";
  }

  private static int report(Exception e, CommandLine cmd, boolean debug) {
    Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
    PrintWriter err = cmd.getErr();
    VirtualMachineError exhausted = exhaustion(e);
    if (exhausted != null) {
      // An error thrown on a worker thread arrives wrapped (ExecutionException and the like).
      return exhausted(exhausted, err, debug);
    }
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
