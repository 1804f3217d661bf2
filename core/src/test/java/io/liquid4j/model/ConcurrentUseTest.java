package io.liquid4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.liquid4j.predict.Predictor;
import io.liquid4j.solver.SolverKind;
import io.liquid4j.wiring.AutoNcp;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The thread-safety contract: one {@link SequenceModel} (and one {@link Predictor}) shared by
 * many threads at once gives, bit for bit, what one thread gives; each stream has its own session.
 */
class ConcurrentUseTest {
  private static final int THREADS = 8;
  private static final int TASKS = 48;
  private static final int LENGTH = 12;
  private static final int INPUTS = 3;

  private ExecutorService pool;

  @BeforeEach
  void startPool() {
    pool = Executors.newFixedThreadPool(THREADS);
  }

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
  }

  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of("LTC AutoNCP, fused solver", ModelConfig.ltc(INPUTS, new AutoNcp(12, 2))),
        Arguments.of("LTC RK4, mixed memory",
            ModelConfig.ltc(INPUTS, 8).solver(SolverKind.RK4).mixedMemory(true).projSize(2)),
        Arguments.of("LTC Dormand-Prince", ModelConfig.ltc(INPUTS, 6).solver(SolverKind.DOPRI5)),
        Arguments.of("CfC with backbone", ModelConfig.cfc(INPUTS, 10).backbone(16, 2, 0.0)
            .projSize(2)),
        Arguments.of("CTRNN", ModelConfig.ctrnn(INPUTS, 8).projSize(2)),
        Arguments.of("LSTM", ModelConfig.lstm(INPUTS, 8).projSize(2)));
  }

  /** Task k's batch: k % 3 + 1 sequences of LENGTH steps, with irregular Δt. */
  private static double[][] request(int k) {
    int batch = k % 3 + 1;
    SplittableRandom random = new SplittableRandom(1000 + k);
    double[] x = new double[batch * LENGTH * INPUTS];
    double[] dt = new double[batch * LENGTH];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextDouble(-2, 2);
    }
    for (int i = 0; i < dt.length; i++) {
      dt[i] = random.nextDouble(0.1, 2);
    }
    return new double[][] {x, dt};
  }

  /** Runs every task on the pool, all threads released at once, results in task order. */
  private List<double[]> concurrently(List<Callable<double[]>> tasks) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<double[]>> futures = new ArrayList<>();
    for (Callable<double[]> task : tasks) {
      futures.add(pool.submit(() -> {
        start.await();
        return task.call();
      }));
    }
    start.countDown();
    List<double[]> results = new ArrayList<>();
    for (Future<double[]> f : futures) {
      results.add(f.get(60, TimeUnit.SECONDS));
    }
    return results;
  }

  private static double[] forward(SequenceModel model, int k) {
    double[][] r = request(k);
    int batch = k % 3 + 1;
    SequenceOutput out = model.forward(r[0], batch, LENGTH, r[1], null);
    double[] h = out.finalState().h();
    double[] all = new double[out.outputs().length + h.length];
    System.arraycopy(out.outputs(), 0, all, 0, out.outputs().length);
    System.arraycopy(h, 0, all, out.outputs().length, h.length);
    return all;
  }

  /** One session per stream: the first sequence of task k, stepped one observation at a time. */
  private static double[] stream(SequenceModel model, int k) {
    double[][] r = request(k);
    StreamingSession session = model.newSession();
    double[] outputs = new double[LENGTH * model.outputSize()];
    for (int t = 0; t < LENGTH; t++) {
      double[] x = new double[INPUTS];
      System.arraycopy(r[0], t * INPUTS, x, 0, INPUTS);
      double[] y = session.step(x, r[1][t]);
      System.arraycopy(y, 0, outputs, t * y.length, y.length);
    }
    return outputs;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void oneModelSharedByEightThreadsGivesTheSequentialResults(
      String name, ModelConfig.Builder builder) throws Exception {
    SequenceModel model = SequenceModel.create(builder.build(), 3);
    List<double[]> sequential = new ArrayList<>();
    List<Callable<double[]>> tasks = new ArrayList<>();
    for (int k = 0; k < TASKS; k++) {
      int task = k;
      if (k % 2 == 0) {
        sequential.add(forward(model, k));
        tasks.add(() -> forward(model, task));
      } else {
        sequential.add(stream(model, k));
        tasks.add(() -> stream(model, task));
      }
    }
    List<double[]> shared = concurrently(tasks);
    for (int k = 0; k < TASKS; k++) {
      assertArrayEquals(sequential.get(k), shared.get(k), name + ", task " + k);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void onePredictorSharedByEightThreadsGivesTheSequentialResults(
      String name, ModelConfig.Builder builder) throws Exception {
    Predictor predictor = Predictor.of(SequenceModel.create(builder.build(), 5));
    List<double[]> sequential = new ArrayList<>();
    List<Callable<double[]>> tasks = new ArrayList<>();
    for (int k = 0; k < TASKS; k++) {
      int task = k;
      Callable<double[]> work = k % 2 == 0
          ? () -> {
            double[][] r = request(task);
            return predictor.predict(r[0], task % 3 + 1, LENGTH, r[1], null).outputs();
          }
          : () -> {
            double[][] r = request(task);
            Predictor.Session session = predictor.newSession();
            double[] last = null;
            for (int t = 0; t < LENGTH; t++) {
              double[] x = new double[INPUTS];
              System.arraycopy(r[0], t * INPUTS, x, 0, INPUTS);
              last = session.step(x, r[1][t]);
            }
            return last;
          };
      sequential.add(work.call());
      tasks.add(work);
    }
    List<double[]> shared = concurrently(tasks);
    for (int k = 0; k < TASKS; k++) {
      assertArrayEquals(sequential.get(k), shared.get(k), name + ", task " + k);
    }
  }
}
