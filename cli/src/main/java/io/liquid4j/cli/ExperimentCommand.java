package io.liquid4j.cli;

import io.liquid4j.experiments.LtcPaperExperiment;
import io.liquid4j.experiments.LtcPaperExperiment.ExperimentResult;
import io.liquid4j.experiments.XorExperiment;
import io.liquid4j.experiments.datasets.XorData;
import io.liquid4j.io.Quoted;
import io.liquid4j.train.TrainingListener;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code liquid4j experiment}: the LTC paper's time-series experiments, and the CfC paper's
 * event-based bit-stream XOR.
 */
@Command(
    name = "experiment",
    mixinStandardHelpOptions = true,
    description = {
      "Run one of the LTC paper's experiments (Hasani et al. 2021, Table 3).",
      "The paper's protocol: 32 units and a dense read-out, Adam, batch 16, test metric at the"
          + " best validation epoch. DATASET xor: the CfC paper's event-based bit-stream XOR"
          + " with train_xor.py's recipes, scored by the final model's test accuracy."
    })
final class ExperimentCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DATASET",
      description = "occupancy, gesture, ozone, traffic or xor.")
  String dataset;

  @Option(names = "--model", defaultValue = "ltc",
      description = "ltc, cfc, ctrnn or lstm; for xor: cfc, cfc-mmrnn, cfc-nogate, ltc or lstm"
          + " (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--epochs",
      description = "Training epochs (default: 30, xor: " + XorExperiment.DEFAULT_EPOCHS
          + "; the papers: 200; the LTC paper's selection sees the models after 1..199 epochs,"
          + " so --epochs 199 matches it).")
  Integer epochsOption;

  int epochs;

  @Option(names = "--train-size", paramLabel = "N",
      description = "xor only: train on the first N of the training sequences (default: all"
          + " 100000).")
  Integer trainSize;

  @Option(names = "--test-size", paramLabel = "N",
      description = "xor only: test on the first N of the test sequences (default: all 10000).")
  Integer testSize;

  @Option(names = "--init", defaultValue = "ncps",
      description = "How an LTC starts: ncps, or paper (the original code's cm_t = 0.5,"
          + " g_leak = 1, weights and reversal potentials, clipping, no output mapping, a"
          + " Glorot-uniform read-out with zero bias) (default: ${DEFAULT-VALUE}).")
  String init;

  @Option(names = "--threads", description = "Worker threads (default: all cores).")
  Integer threads;

  @Option(names = "--datasets", paramLabel = "DIR",
      description = "Folder holding the datasets (default: the repository's datasets/).")
  Path datasets;

  @Option(names = "--json", description = "Print the result as one JSON object on the last line.")
  boolean json;

  @Option(names = "--quiet", description = "No progress lines.")
  boolean quiet;

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    boolean xor = "xor".equals(dataset);
    epochs = epochsOption != null ? epochsOption : xor ? XorExperiment.DEFAULT_EPOCHS : 30;
    if ((trainSize != null || testSize != null) && !xor) {
      throw new IllegalArgumentException((trainSize != null ? "--train-size" : "--test-size")
          + ": only for the xor experiment, got DATASET " + Quoted.of(dataset));
    }
    if (xor) {
      return runXor();
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
    }
    if (!LtcPaperExperiment.DATASETS.contains(dataset)) {
      throw new IllegalArgumentException("DATASET: expected "
          + String.join(", ", LtcPaperExperiment.DATASETS) + ", got " + Quoted.of(dataset));
    }
    if (!List.of("ltc", "cfc", "ctrnn", "lstm").contains(model)) {
      throw new IllegalArgumentException("--model: expected ltc, cfc, ctrnn or lstm, got "
          + Quoted.of(model));
    }
    if (threads != null && threads < 1) {
      throw new IllegalArgumentException("--threads: expected a whole number >= 1, got "
          + threads);
    }
    LtcPaperExperiment.Initialisation initialisation;
    switch (init) {
      case "paper":
        initialisation = LtcPaperExperiment.Initialisation.PAPER;
        break;
      case "ncps":
        initialisation = LtcPaperExperiment.Initialisation.NCPS;
        break;
      default:
        throw new IllegalArgumentException(
            "--init: expected paper or ncps, got " + Quoted.of(init));
    }
    Path dir = datasets != null ? datasets : Datasets.defaultDir();
    if (!Files.isDirectory(dir.resolve(dataset)) && LtcPaperExperiment.DATASETS.contains(dataset)) {
      throw new IllegalArgumentException(
          "--datasets: no folder " + dir.resolve(dataset) + " (expected the repository's"
              + " datasets/ folder)");
    }
    PrintWriter out = spec.commandLine().getOut();
    TrainingListener progress = EpochPrinter.of(quiet, out, epochs, dataset.equals("traffic") ? "loss" : dataset.equals("ozone") ? "F1" : "accuracy");
    int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    ExperimentResult r = LtcPaperExperiment.run(dataset, model, seed, epochs, dir, progress,
        workers, initialisation);
    String key;
    switch (r.metric()) {
      case ACCURACY:
        key = "test_accuracy";
        break;
      case F1_CLASS_1:
        key = "test_f1";
        break;
      default:
        key = "test_mse";
    }
    double trainSeconds = r.training().seconds();
    out.printf(Locale.ROOT, "%s %s seed %d: %s = %.4f (best validation epoch %d, %.1f s)%n",
        dataset, model, seed, key, r.testMetric(), r.training().bestEpoch() + 1, trainSeconds);
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("dataset", dataset);
      m.put("model", model);
      m.put("seed", seed);
      m.put("epochs", epochs);
      m.put("init", init);
      m.put(key, r.testMetric());
      m.put("test_loss", r.test().loss());
      m.put("best_epoch", r.training().bestEpoch() + 1);
      m.put("train_s", trainSeconds);
      out.println(new ObjectMapper().writeValueAsString(m));
    }
    return 0;
  }

  private int runXor() throws Exception {
    if (epochs < 1) {
      throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
    }
    if (!XorExperiment.MODELS.contains(model)) {
      throw new IllegalArgumentException("--model: expected "
          + String.join(", ", XorExperiment.MODELS) + " for xor, got " + Quoted.of(model));
    }
    if (threads != null && threads < 1) {
      throw new IllegalArgumentException("--threads: expected a whole number >= 1, got "
          + threads);
    }
    int train = trainSize != null ? trainSize : XorData.TRAIN_SIZE;
    int test = testSize != null ? testSize : XorData.TEST_SIZE;
    if (train < 1 || train > XorData.TRAIN_SIZE) {
      throw new IllegalArgumentException("--train-size: expected 1.." + XorData.TRAIN_SIZE
          + ", got " + train);
    }
    if (test < 1 || test > XorData.TEST_SIZE) {
      throw new IllegalArgumentException("--test-size: expected 1.." + XorData.TEST_SIZE
          + ", got " + test);
    }
    PrintWriter out = spec.commandLine().getOut();
    TrainingListener progress = EpochPrinter.of(quiet, out, epochs, "loss");
    int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    XorExperiment.XorResult r = XorExperiment.run(model, seed, epochs, train, test, progress,
        workers);
    double trainSeconds = r.training().seconds();
    out.printf(Locale.ROOT, "xor %s seed %d: test_accuracy = %.4f (%d epochs, %d training and"
        + " %d test sequences, %.1f s)%n", model, seed, r.testAccuracy(), epochs, train, test,
        trainSeconds);
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("dataset", dataset);
      m.put("model", model);
      m.put("seed", seed);
      m.put("epochs", epochs);
      m.put("train_size", train);
      m.put("test_size", test);
      m.put("test_accuracy", r.testAccuracy());
      m.put("test_loss", r.test().loss());
      m.put("train_s", trainSeconds);
      out.println(new ObjectMapper().writeValueAsString(m));
    }
    return 0;
  }
}
