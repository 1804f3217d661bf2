package io.liquid4j.reservoir;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One long noise-free run with each step's neurons split between threads. A step needs the
 * whole previous state, so the threads meet after every step; at about 20 µs of work per step
 * (1000 units, 10 % connectivity) a blocking hand-off would cost as much as the work, so the
 * threads spin on two counters instead: {@code started} (the step the caller has released) and
 * {@code finished} (parts done). The state is double-buffered, so no thread writes what another
 * is still reading. Every neuron's arithmetic is the single-threaded one, so the states are
 * the same bits whatever the number of threads.
 */
final class ParallelRun {
  private static final int SPINS_BEFORE_YIELD = 1000;

  private final Reservoir reservoir;
  private final int parts;
  private final double[] inputs;
  private final double[] states;
  private final double[] feedback;
  private final double[][] buffers;
  private final double[] pre;
  private final int[] bounds;
  private final AtomicLong started = new AtomicLong(-1);
  private final AtomicLong finished = new AtomicLong();
  private volatile boolean stop;
  private volatile Throwable failure;

  ParallelRun(Reservoir reservoir, int parts, double[] inputs, double[] states,
      double[] feedback) {
    this.reservoir = reservoir;
    this.parts = parts;
    this.inputs = inputs;
    this.states = states;
    this.feedback = feedback;
    int n = reservoir.units();
    this.buffers = new double[][] {new double[n], new double[n]};
    this.pre = new double[n];
    this.bounds = new int[parts + 1];
    for (int p = 0; p <= parts; p++) {
      bounds[p] = (int) ((long) n * p / parts);
    }
  }

  /** Runs {@code steps} steps from {@code state}, which receives the final state. */
  void run(double[] state, int steps) {
    int n = reservoir.units();
    System.arraycopy(state, 0, buffers[0], 0, n);
    Thread[] workers = new Thread[parts - 1];
    for (int p = 1; p < parts; p++) {
      int part = p;
      workers[p - 1] = new Thread(() -> work(part, steps), "liquid4j-reservoir-" + p);
      workers[p - 1].setDaemon(true);
      workers[p - 1].start();
    }
    try {
      for (int t = 0; t < steps; t++) {
        started.set(t);
        part(0, t);
        long target = (long) (t + 1) * (parts - 1);
        for (int spins = 0; finished.get() < target; spins++) {
          if (failure != null) {
            throw new IllegalStateException("reservoir run failed", failure);
          }
          pause(spins);
        }
      }
    } finally {
      stop = true;
      for (Thread w : workers) {
        try {
          w.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    System.arraycopy(buffers[steps % 2], 0, state, 0, n);
  }

  private void work(int part, int steps) {
    try {
      for (int t = 0; t < steps; t++) {
        for (int spins = 0; started.get() < t; spins++) {
          if (stop) {
            return;
          }
          pause(spins);
        }
        part(part, t);
        finished.incrementAndGet();
      }
    } catch (Throwable e) {
      failure = e;
    }
  }

  /** Neurons of one part for step t: buffer t % 2 is read, the other written. */
  private void part(int part, int t) {
    int n = reservoir.units();
    int from = bounds[part];
    int to = bounds[part + 1];
    double[] x = buffers[t % 2];
    double[] next = buffers[(t + 1) % 2];
    reservoir.stepRows(x, next, inputs, t * reservoir.inputs(), feedback, pre, from, to);
    System.arraycopy(next, from, states, t * n + from, to - from);
  }

  /**
   * Spins briefly, then yields: when there are more busy threads than cores (the JIT compiling
   * this very loop, other work), a waiting thread must give its core to the one it waits for.
   */
  private static void pause(int spins) {
    if (spins < SPINS_BEFORE_YIELD) {
      Thread.onSpinWait();
    } else {
      Thread.yield();
    }
  }
}
