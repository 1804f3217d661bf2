package io.liquid4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parallel.runAll: results in task order on any pool, and a task's failure as the caller's. */
class ParallelTest {
  private static <T> List<T> run(int threads, List<Callable<T>> tasks) {
    if (threads == 0) {
      return Parallel.runAll(null, tasks, "testing");
    }
    ExecutorService pool = Parallel.daemonPool(threads, "liquid4j-test");
    try {
      return Parallel.runAll(pool, tasks, "testing");
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest(name = "{0} threads (0: this thread)")
  @ValueSource(ints = {0, 1, 3, 8})
  void resultsComeInTaskOrder(int threads) {
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      int k = i;
      tasks.add(() -> {
        Thread.sleep((50 - k) % 7); // later tasks tend to finish first
        return k * k;
      });
    }
    List<Integer> results = run(threads, tasks);
    for (int i = 0; i < 50; i++) {
      assertEquals(i * i, results.get(i));
    }
  }

  @ParameterizedTest(name = "{0} threads (0: this thread)")
  @ValueSource(ints = {0, 2})
  void aTasksRuntimeExceptionArrivesUnwrappedAndACheckedOneWrapped(int threads) {
    IllegalArgumentException thrown = new IllegalArgumentException("units must be >= 1");
    List<Callable<Integer>> failing = List.of(() -> 1, () -> {
      throw thrown;
    });
    assertSame(thrown, assertThrows(IllegalArgumentException.class, () -> run(threads, failing)));
    IOException checked = new IOException("disk");
    List<Callable<Integer>> failingChecked = List.of(() -> {
      throw checked;
    });
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> run(threads, failingChecked));
    assertSame(checked, e.getCause());
  }

  @ParameterizedTest(name = "{0} threads")
  @ValueSource(ints = {1, 4})
  void poolThreadsAreDaemonsWithTheGivenName(int threads) {
    List<Callable<String>> tasks = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      tasks.add(() -> Thread.currentThread().getName() + ":" + Thread.currentThread().isDaemon());
    }
    for (String s : run(threads, tasks)) {
      assertTrue(s.equals("liquid4j-test:true"), s);
    }
  }
}
