package io.liquid4j.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs lists of tasks on a pool of daemon worker threads, returning their results in the order of
 * the tasks, so that a sum over them does not depend on the number of threads. Shared by training
 * and evaluation. Not part of liquid4j's API (see the package comment).
 */
public final class Parallel {
  private Parallel() {}

  /**
   * A fixed pool of daemon threads (a forgotten pool never keeps the JVM alive).
   *
   * @param threads how many threads, at least 1
   * @param name the threads' name, as shown in a thread dump
   * @return a new pool; the caller shuts it down
   */
  public static ExecutorService daemonPool(int threads, String name) {
    return Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Runs every task and returns their results in task order.
   *
   * @param <T> the tasks' result type
   * @param pool the pool to run them on, or null to run them one after another on this thread
   * @param tasks the tasks. Not modified.
   * @param activity what the tasks are part of, for the message when interrupted ("training")
   * @return the results, one per task, in task order
   * @throws RuntimeException the first failing task's own exception, unwrapped
   * @throws IllegalStateException wrapping a checked exception of a task, or when interrupted
   *     (the thread's interrupt flag is then set again)
   */
  public static <T> List<T> runAll(
      ExecutorService pool, List<? extends Callable<T>> tasks, String activity) {
    List<T> results = new ArrayList<>(tasks.size());
    if (pool == null) {
      for (Callable<T> task : tasks) {
        try {
          results.add(task.call());
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      return results;
    }
    try {
      for (Future<T> f : pool.invokeAll(tasks)) {
        results.add(f.get());
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(activity + " was interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(cause);
    }
  }
}
