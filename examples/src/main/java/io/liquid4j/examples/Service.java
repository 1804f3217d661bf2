package io.liquid4j.examples;

import io.liquid4j.predict.Predictor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

public class Service {
  public static void main(String[] args) throws Exception {
    // Loaded once at start-up and shared by every thread: a Predictor (like a SequenceModel) is
    // immutable, so any number of threads may use it at once.
    Predictor predictor = Predictor.load(Path.of("examples/ltc-autoncp16/model.safetensors"));
    ExecutorService pool = Executors.newFixedThreadPool(4);

    // Requests: each a sequence of 8 readings with 2 features, scored on whichever thread is free.
    List<Future<double[]>> answers = new ArrayList<>();
    for (int r = 0; r < 32; r++) {
      double[] x = readings(r, 8);
      answers.add(pool.submit(() -> predictor.predict(x, 1, 8, null, null).outputs()));
    }

    // Streams: one Predictor.Session per stream. A session holds its stream's state and is not
    // thread-safe, so each stream's readings are stepped by one task, in order.
    List<Future<double[]>> streams = new ArrayList<>();
    for (int s = 0; s < 8; s++) {
      double[] x = readings(100 + s, 50);
      streams.add(pool.submit(() -> {
        Predictor.Session session = predictor.newSession();
        double[] last = null;
        for (int t = 0; t < 50; t++) {
          last = session.step(Arrays.copyOfRange(x, 2 * t, 2 * t + 2), 0.5);
        }
        return last;                               // the stream's latest output
      }));
    }

    // The same work on this thread alone gives the same numbers, bit for bit.
    boolean identical = true;
    for (int r = 0; r < 32; r++) {
      double[] alone = predictor.predict(readings(r, 8), 1, 8, null, null).outputs();
      identical &= Arrays.equals(alone, answers.get(r).get());
    }
    for (int s = 0; s < 8; s++) {
      double[] x = readings(100 + s, 50);
      double[] dt = new double[50];
      Arrays.fill(dt, 0.5);
      double[] alone = predictor.predict(x, 1, 50, dt, null).outputs();
      identical &= Arrays.equals(Arrays.copyOfRange(alone, 49, 50), streams.get(s).get());
    }
    pool.shutdown();
    System.out.println("32 requests and 8 streams on 4 threads; equal to one thread: " + identical);
  }

  /** A made-up request: {@code length} readings of 2 features, flat (1, length, 2). */
  static double[] readings(int seed, int length) {
    double[] x = new double[2 * length];
    for (int t = 0; t < length; t++) {
      x[2 * t] = Math.sin(0.3 * t + seed);
      x[2 * t + 1] = Math.cos(0.2 * t * seed);
    }
    return x;
  }
}
