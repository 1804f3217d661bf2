package io.liquid4j.cli;

import io.liquid4j.data.SequenceDataset;
import io.liquid4j.data.Splits;
import io.liquid4j.data.Standardizer;
import io.liquid4j.data.TaskKind;
import io.liquid4j.evaluation.Evaluation;
import io.liquid4j.io.ModelFile;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.solver.SolverKind;
import io.liquid4j.train.CrossEntropy;
import io.liquid4j.train.LearningRateSchedules;
import io.liquid4j.train.Trainer;
import io.liquid4j.train.TrainerConfig;
import io.liquid4j.train.TrainingListener;
import io.liquid4j.train.TrainingResult;
import io.liquid4j.wiring.AutoNcp;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code liquid4j train}: trains a model on a CSV time series. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a liquid network on a CSV time series: windows of --window rows become sequences,",
      "features are z-scored with the training split's statistics (stored in the model file),",
      "and the model with the best validation score is written to --output."
    })
final class TrainCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, paramLabel = "FILE.csv", description = "CSV file.")
  Path data;

  @Option(names = "--features", required = true, split = ",", paramLabel = "COL",
      description = "Feature columns, comma-separated.")
  List<String> features;

  @Option(names = "--target", required = true, paramLabel = "COL", description = "Target column.")
  String target;

  @Option(names = "--timestamp", paramLabel = "COL",
      description = "Timestamp column; Δt between rows becomes the elapsed time of each step.")
  String timestamp;

  @Option(names = "--task", defaultValue = "classification",
      description = "classification or regression (default: ${DEFAULT-VALUE}).")
  String task;

  @Option(names = "--window", defaultValue = "16", description = "Rows per sequence (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(names = "--stride", description = "Rows between window starts (default: the window).")
  Integer stride;

  @Option(names = "--last-step", description = "One target per window (its last row) instead of one per row.")
  boolean lastStep;

  @Option(names = "--model", defaultValue = "ltc", description = "ltc, cfc, ctrnn or lstm (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--units", defaultValue = "32", description = "Neurons (default: ${DEFAULT-VALUE}).")
  int units;

  @Option(names = "--wiring", defaultValue = "fully-connected",
      description = "fully-connected or autoncp (LTC, CfC; default: ${DEFAULT-VALUE}).")
  String wiring;

  @Option(names = "--solver", description = "fused, euler or rk4 (LTC; CTRNN: euler or rk4).")
  String solver;

  @Option(names = "--epochs", defaultValue = "20", description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch", defaultValue = "16", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--lr", defaultValue = "0.005", description = "Learning rate (default: ${DEFAULT-VALUE}).")
  double lr;

  @Mixin OptimizerOptions optimizerOptions;

  @Option(names = "--class-weights", split = ",", paramLabel = "W",
      description = "Cross-entropy weight of each class, comma-separated in class order.")
  double[] classWeights;

  @Option(names = "--schedule", defaultValue = "constant",
      description = "Learning-rate schedule: constant, step:SIZE[:GAMMA], exponential:GAMMA,"
          + " cosine:TMAX[:ETA_MIN] or plateau[:PATIENCE[:FACTOR]] (default: ${DEFAULT-VALUE}).")
  String schedule;

  @Option(names = "--clip-norm", defaultValue = "0", description = "Gradient clipping norm, 0 = off (default: ${DEFAULT-VALUE}).")
  double clipNorm;

  @Option(names = "--patience", defaultValue = "0", description = "Early-stopping patience in epochs, 0 = off (default: ${DEFAULT-VALUE}).")
  int patience;

  @Option(names = "--validation", defaultValue = "0.1", description = "Validation fraction (default: ${DEFAULT-VALUE}).")
  double validation;

  @Option(names = "--test", defaultValue = "0.15", description = "Test fraction (default: ${DEFAULT-VALUE}).")
  double testFraction;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the split, initialisation and shuffling (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--threads", description = "Worker threads (default: all cores; results do not depend on it).")
  Integer threads;

  @Option(names = "--output", required = true, paramLabel = "MODEL", description = "Model file to write.")
  Path output;

  @Option(names = "--checkpoint", paramLabel = "FILE", description = "Checkpoint written after every epoch.")
  Path checkpoint;

  @Option(names = "--resume", description = "Continue from --checkpoint.")
  boolean resume;

  @Option(names = "--quiet", description = "No progress lines.")
  boolean quiet;

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Outputs.checkWritable(common.force, output);
    if (resume && checkpoint == null) {
      throw new IllegalArgumentException("--resume needs --checkpoint");
    }
    TaskKind kind = switch (task.toLowerCase(Locale.ROOT)) {
      case "classification" -> TaskKind.CLASSIFICATION;
      case "regression" -> TaskKind.REGRESSION;
      default -> throw new IllegalArgumentException(
          "--task: expected classification or regression, got '" + task + "'");
    };
    if (window < 1) {
      throw new IllegalArgumentException("--window must be >= 1, got " + window);
    }
    CsvDataSpec spec0 = new CsvDataSpec(features, target, timestamp, kind, window,
        stride == null ? window : stride, !lastStep, null);
    SequenceDataset all = spec0.read(data);
    CsvDataSpec dataSpec = kind == TaskKind.CLASSIFICATION
        ? spec0.withClassNames(all.targetNames()) : spec0;
    Splits.Split split = Splits.shuffled(all, seed, validation, testFraction);
    Standardizer scaling = Standardizer.fit(split.train());
    SequenceDataset train = scaling.apply(split.train());
    SequenceDataset valid = split.validation().size() > 0 ? scaling.apply(split.validation()) : null;
    SequenceDataset test = split.test().size() > 0 ? scaling.apply(split.test()) : null;

    ModelConfig config = modelConfig(train);
    TrainerConfig tc = TrainerConfig.builder()
        .epochs(epochs)
        .batchSize(batch)
        .learningRate(lr)
        .optimizer(optimizerOptions.config())
        .clipNorm(clipNorm)
        .patience(patience)
        .seed(seed)
        .threads(threads != null ? threads : Runtime.getRuntime().availableProcessors())
        .build();
    if (classWeights != null && kind != TaskKind.CLASSIFICATION) {
      throw new IllegalArgumentException("--class-weights: only for classification");
    }
    if (classWeights != null && classWeights.length != train.targetWidth()) {
      throw new IllegalArgumentException("--class-weights: expected " + train.targetWidth()
          + " weights (classes " + all.targetNames() + "), got " + classWeights.length);
    }
    Trainer trainer = new Trainer(tc, classWeights != null ? new CrossEntropy(classWeights)
        : Trainer.defaultLoss(train),
        LearningRateSchedules.parse(schedule, lr));
    PrintWriter out = this.spec.commandLine().getOut();
    out.printf(Locale.ROOT, "%d sequences of %d steps × %d features: %d train, %d validation,"
        + " %d test; %s%n", all.size(), all.length(), all.features(), train.size(),
        valid == null ? 0 : valid.size(), test == null ? 0 : test.size(), config.toMap());
    TrainingListener progress = EpochPrinter.of(quiet, out, epochs, kind == TaskKind.CLASSIFICATION ? "accuracy" : "loss");
    TrainingResult result = trainer.fit(SequenceModel.create(config, seed), train, valid,
        progress, checkpoint, resume);
    ModelFile.save(result.model(), output, common.force, CsvDataSpec.metadata(dataSpec, scaling));
    if (test != null) {
      Evaluation ev = trainer.evaluator().evaluate(result.model(), test);
      out.println("test: " + EvaluateCommand.describe(ev, kind));
    }
    out.printf(Locale.ROOT, "Wrote %s (%.1f s of training)%n", output, result.seconds());
    return 0;
  }

  private ModelConfig modelConfig(SequenceDataset train) {
    int in = train.features();
    int out = train.targetWidth();
    boolean ncp = switch (wiring.toLowerCase(Locale.ROOT)) {
      case "autoncp" -> true;
      case "fully-connected" -> false;
      default -> throw new IllegalArgumentException(
          "--wiring: expected fully-connected or autoncp, got '" + wiring + "'");
    };
    ModelConfig.Builder b;
    switch (model.toLowerCase(Locale.ROOT)) {
      case "ltc":
        b = ncp ? ModelConfig.ltc(in, new AutoNcp(units, out)) : ModelConfig.ltc(in, units)
            .projSize(out);
        break;
      case "cfc":
        b = ncp ? ModelConfig.cfc(in, new AutoNcp(units, out))
            : ModelConfig.cfc(in, units).backbone(64, 1, 0.0).projSize(out);
        break;
      case "ctrnn":
        if (ncp) {
          throw new IllegalArgumentException("--wiring: a CTRNN is fully connected");
        }
        b = ModelConfig.ctrnn(in, units).projSize(out);
        break;
      case "lstm":
        if (ncp) {
          throw new IllegalArgumentException("--wiring: an LSTM is fully connected");
        }
        b = ModelConfig.lstm(in, units).projSize(out);
        break;
      default:
        throw new IllegalArgumentException(
            "--model: expected ltc, cfc, ctrnn or lstm, got '" + model + "'");
    }
    if (solver != null) {
      b.solver(SolverKind.fromName("--solver", solver));
    }
    return b.returnSequences(train.perStep()).build();
  }
}
