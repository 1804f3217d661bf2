package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Issue 16 case 5: an OutOfMemoryError or StackOverflowError escaping any command becomes one
 * line saying what ran out and what to change, exit code 2, never a stack trace. The errors are
 * provoked by a test-only subcommand added to the real command tree.
 */
class ExhaustionCliTest {
  /** A command that throws what its supplier gives. */
  @Command(name = "boom")
  static final class Boom implements Runnable {
    private final Supplier<Throwable> error;

    @CommandLine.Option(names = "--debug")
    boolean debug;

    Boom(Supplier<Throwable> error) {
      this.error = error;
    }

    @Override
    public void run() {
      Throwable t = error.get();
      if (t instanceof Error e) {
        throw e;
      }
      throw (RuntimeException) t;
    }
  }

  private static CliTest.Result runBoom(Supplier<Throwable> error, String... extra) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintWriter e = new PrintWriter(err, true);
    boolean debug = extra.length > 0;
    CommandLine cl = Main.commandLine(new PrintWriter(out, true), e, debug);
    cl.addSubcommand("boom", new Boom(error));
    // Streams set on the parent reach subcommands added before; set them again for this one.
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(e);
    String[] args = new String[1 + extra.length];
    args[0] = "boom";
    System.arraycopy(extra, 0, args, 1, extra.length);
    int code = Main.execute(cl, args, e, debug);
    return new CliTest.Result(code, out.toString(), err.toString());
  }

  private static void assertSingleLine(CliTest.Result r) {
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void outOfMemoryIsOneLineNamingTheHeapAndTheFix() {
    CliTest.Result r = runBoom(() -> new OutOfMemoryError("Java heap space"));
    CliTest.assertOneLineError(r, "out of memory", "Java heap space", "maximum heap of",
        "LIQUID4J_JAVA_OPTS=-Xmx", "smaller batch");
    assertSingleLine(r);
  }

  @Test
  void aRealAllocationFailureIsReported() {
    // An array of Integer.MAX_VALUE longs (16 GiB) is beyond the test JVM's heap, and the JVM
    // refuses it before touching memory.
    CliTest.Result r = runBoom(() -> {
      long[] huge = new long[Integer.MAX_VALUE - 8];
      return new IllegalStateException("allocated " + huge.length);
    });
    CliTest.assertOneLineError(r, "out of memory", "LIQUID4J_JAVA_OPTS=-Xmx");
    assertSingleLine(r);
  }

  @Test
  void stackOverflowIsOneLineNamingTheStackAndTheFix() {
    CliTest.Result r = runBoom(() -> new Throwable("depth " + recurse(0)));
    CliTest.assertOneLineError(r, "out of stack space", "LIQUID4J_JAVA_OPTS=-Xss", "nested");
    assertSingleLine(r);
  }

  @Test
  void anErrorWrappedByAWorkerThreadIsFoundInTheCauses() {
    // join() wraps the worker's error in a CompletionException, which the command lets escape.
    CliTest.Result r = runBoom(() -> {
      try {
        CompletableFuture.supplyAsync(() -> {
          throw new OutOfMemoryError("Java heap space");
        }).join();
        return new IllegalStateException("the worker did not fail");
      } catch (CompletionException c) {
        return c;
      }
    });
    CliTest.assertOneLineError(r, "out of memory", "LIQUID4J_JAVA_OPTS=-Xmx");
    assertSingleLine(r);
  }

  @Test
  void debugAddsTheStackTrace() {
    CliTest.Result r = runBoom(() -> new OutOfMemoryError("Java heap space"), "--debug");
    assertEquals(Main.USAGE_ERROR, r.code());
    assertTrue(r.err().startsWith("liquid4j: error: out of memory"), r.err());
    assertTrue(r.err().contains("\tat "), r.err());
  }

  @Test
  void otherRuntimeFailuresAreStillRunErrors() {
    CliTest.Result r = runBoom(() -> new IllegalStateException("broken"));
    assertEquals(Main.RUN_ERROR, r.code());
    assertFalse(r.err().contains("out of"), r.err());
  }

  private static int recurse(int depth) {
    return recurse(depth + 1) + 1;
  }
}
