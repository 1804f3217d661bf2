package io.liquid4j.cli;

import io.liquid4j.data.ArrayData;
import io.liquid4j.data.CsvTimeSeries;
import io.liquid4j.data.SequenceDataset;
import io.liquid4j.data.TaskKind;
import io.liquid4j.predict.ModelTraining;
import io.liquid4j.predict.TrainedModel;
import io.liquid4j.train.CheckpointMismatchException;
import io.liquid4j.train.DataFingerprint;
import io.liquid4j.train.LearningRateSchedules;
import io.liquid4j.train.SchedulePer;
import io.liquid4j.train.Selection;
import io.liquid4j.train.StopReason;
import io.liquid4j.train.TrainerConfig;
import io.liquid4j.train.TrainingResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code liquid4j train}: a model trained on a CSV time series or on NumPy arrays through {@link
 * ModelTraining}, written with its preprocessing.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    customSynopsis = {
      "liquid4j train --data=FILE.csv --features=COL[,COL...] --target=COL",
      "                      --output=MODEL [OPTIONS]",
      "   or: liquid4j train --inputs=X.npy --targets=Y.npy --output=MODEL [OPTIONS]"
    },
    description = {
      "Train a liquid network on a CSV time series or on NumPy arrays and write the model.",
      "The data is a CSV file (--data: windows of --window rows become sequences) or NumPy"
            + " arrays (--inputs/--targets). Features are z-scored "
            + "with the training part's statistics, regression targets too; the model with the "
            + "best validation score is written to --output with everything needed to apply it "
            + "to raw data (features, scaling, classes or targets, Δt, the CSV layout)."
    })
final class TrainCommand implements Callable<Integer> {
  @Option(names = "--data", paramLabel = "FILE.csv",
      description = "CSV time series, one row per step (with --features and --target).")
  Path data;

  @Option(names = "--features", split = ",", paramLabel = "COL",
      description = "Feature columns of --data, comma-separated (required with --data).")
  List<String> features;

  @Option(names = "--target", paramLabel = "COL",
      description = "Target column of --data (required with --data).")
  String target;

  @Option(names = "--timestamp", paramLabel = "COL",
      description = "Timestamp column of --data, increasing down the file: date-times"
          + " (yyyy-MM-dd HH:mm:ss or yyyy-MM-ddTHH:mm:ss, with optional fractions of a second"
          + " and a zone offset such as Z or +01:00) or plain numbers. Δt of a step is the gap to"
          + " the previous row, in --time-unit units for date-times and as written for numbers;"
          + " a window's first step gets the file's median gap (default: no column, Δt = 1).")
  String timestamp;

  @Option(names = "--time-unit", paramLabel = "UNIT",
      description = "Unit of Δt for date-time stamps: ms, s, min, h, d or an ISO-8601 duration"
          + " such as PT15M (default: s).")
  String timeUnit;

  @Option(names = "--task", paramLabel = "TASK",
      description = "classification or regression (default: classification for --data; for"
          + " --targets, classification when Y holds integers by dtype, regression for floats).")
  String task;

  @Option(names = "--window", defaultValue = "16",
      description = "Rows of --data per sequence (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(names = "--stride", description = "Rows between window starts (default: the window).")
  Integer stride;

  @Option(names = "--last-step",
      description = "One target per window (its last row) instead of one per row.")
  boolean lastStep;

  @Mixin ArrayOptions arrays;

  @Mixin HeldOutOptions heldOut;

  @Mixin ModelOptions modelOptions;

  @Option(names = "--precision", paramLabel = "PRECISION",
      description = "Arithmetic of each step, stored in the model: float64 or float32 (LTC with"
          + " the fused, euler or rk4 solver, CfC, LSTM; parameters are kept in float64 either"
          + " way) (default: float64, or the --model-spec's 'precision').")
  String precision;

  @Option(names = "--epochs", defaultValue = "20", description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch", defaultValue = "16", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--lr", defaultValue = "0.005", description = "Learning rate (default: ${DEFAULT-VALUE}).")
  double lr;

  @Mixin OptimizerOptions optimizerOptions;

  @Option(names = "--class-weights", split = ",", paramLabel = "W",
      description = "Cross-entropy weight of each class, comma-separated in class order"
          + " (default: 1 for every class).")
  double[] classWeights;

  @Option(names = "--schedule", defaultValue = "constant",
      description = {"Learning-rate schedule (default: ${DEFAULT-VALUE}), one of:",
          "  constant;",
          "  step:SIZE or step:SIZE:GAMMA;",
          "  exponential:GAMMA;",
          "  decay:RATE:STEPS or decay:RATE:STEPS:staircase",
          "  (Keras's ExponentialDecay, with --schedule-per batch);",
          "  cosine:TMAX or cosine:TMAX:ETA_MIN;",
          "  plateau, plateau:PATIENCE or",
          "  plateau:PATIENCE:FACTOR."})
  String schedule;

  @Option(names = "--clip-norm", defaultValue = "0", description = "Gradient clipping norm, 0 = off (default: ${DEFAULT-VALUE}).")
  double clipNorm;

  @Option(names = "--clip-tensor-norm", defaultValue = "0", paramLabel = "C",
      description = "Clip each parameter tensor's gradient to this norm on its own, as Keras's"
          + " clipnorm, before --clip-norm; 0 = off (default: ${DEFAULT-VALUE}).")
  double clipTensorNorm;

  @Option(names = "--l2", defaultValue = "0", paramLabel = "LAMBDA",
      description = "L2 penalty LAMBDA times the sum of squared weights, added to the loss, on"
          + " the weight matrices only (not biases), as Keras's kernel_regularizer; 0 = off"
          + " (default: ${DEFAULT-VALUE}).")
  double l2;

  @Option(names = "--schedule-per", defaultValue = "epoch", paramLabel = "WHEN",
      description = "Step --schedule after every batch (as Keras decays) or every epoch"
          + " (default: ${DEFAULT-VALUE}).")
  String schedulePer;

  @Option(names = "--drop-last",
      description = "Skip each epoch's last batch when it is smaller than --batch.")
  boolean dropLast;

  @Option(names = "--time-budget", paramLabel = "SECONDS",
      description = "Stop cleanly after the step that uses up this many seconds of training,"
          + " keeping the model so far; --resume continues from --checkpoint (default: none).")
  Double timeBudget;

  @Option(names = "--select", paramLabel = "SCORE",
      description = "Validation score that picks the best epoch and drives --patience: accuracy,"
          + " f1 (class 1 of two, macro otherwise; for imbalanced classes) or loss (default:"
          + " accuracy for classification, loss for regression).")
  String select;

  @Option(names = "--patience", defaultValue = "0", description = "Early-stopping patience in epochs, 0 = off (default: ${DEFAULT-VALUE}).")
  int patience;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the split, initialisation and shuffling (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--threads", description = "Worker threads (default: all cores; results do not depend on it).")
  Integer threads;

  @Option(names = "--output", required = true, paramLabel = "MODEL", description = "Model file to write.")
  Path output;

  @Option(names = "--checkpoint", paramLabel = "FILE", description = "Checkpoint written after every epoch.")
  Path checkpoint;

  @Option(names = "--resume", description = "Continue from --checkpoint; refused when the data,"
      + " the windows, the split, the model or a training setting other than --epochs,"
      + " --threads and --time-budget differ from the run that wrote it.")
  boolean resume;

  @Option(names = "--quiet", description = "No progress lines.")
  boolean quiet;

  @Mixin WriterOptions common;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    checkNumbers();
    io.liquid4j.train.LearningRateSchedule lrSchedule = schedule(schedule, lr);
    if (checkpoint != null && !resume && !common.force
        && Files.isRegularFile(checkpoint, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException("--checkpoint: " + checkpoint + " already exists; pass"
          + " --resume to continue from it, or --force to start over and replace it");
    }
    // The checkpoint is replaced after every epoch; the rule above decides whether the first
    // replacement is allowed, and a link, pipe or device is refused as for any output.
    Outputs.of(common.force).add("--output", output).add("--checkpoint", checkpoint, true).check();
    if (resume && checkpoint == null) {
      throw new IllegalArgumentException("--resume needs --checkpoint");
    }
    TaskKind kind = CsvDataOptions.task(task);
    if ((data == null) == !arrays.given()) {
      throw new IllegalArgumentException(data == null
          ? "--data: give the training data as --data FILE.csv or as --inputs X.npy --targets Y.npy"
          : "--data and --inputs exclude each other: train on a CSV file or on arrays");
    }
    ModelTraining.Builder training = ModelTraining.builder();
    SequenceDataset raw = null;
    if (data != null) {
      training.csv(data, csvOptions(kind == null ? TaskKind.CLASSIFICATION : kind));
      kind = kind == null ? TaskKind.CLASSIFICATION : kind;
    } else {
      checkNoCsvOptions();
      ArrayData a = arrays.data();
      raw = (kind == null ? a : a.withTask(kind)).read();
      kind = raw.task();
      training.data(raw);
    }
    heldOut.apply(training, data != null, raw);

    TrainerConfig tc = TrainerConfig.builder()
        .epochs(epochs)
        .batchSize(batch)
        .learningRate(lr)
        .optimizer(optimizerOptions.config())
        .clipNorm(clipNorm)
        .clipTensorNorm(clipTensorNorm)
        .l2(l2)
        .schedulePer(schedulePer(schedulePer, lrSchedule))
        .dropLastPartialBatch(dropLast)
        .timeBudget(timeBudget == null ? null : budget(timeBudget))
        .patience(patience)
        .seed(seed)
        .threads(threads != null ? threads : Runtime.getRuntime().availableProcessors())
        .build();
    PrintWriter out = this.spec.commandLine().getOut();
    if (raw != null) {
      out.println("data: " + raw);
    }
    Selection selection = selection(select);
    io.liquid4j.model.ModelSpec modelSpec = withPrecision(modelOptions.spec());
    out.println("model: " + modelSpec.toJson());
    training.model(modelSpec)
        .trainer(tc)
        .classWeights(classWeights)
        .schedule(lrSchedule)
        .selection(selection)
        .listener(EpochPrinter.of(quiet, out, epochs, selection != Selection.DEFAULT
            ? select.toLowerCase(Locale.ROOT)
            : kind == TaskKind.CLASSIFICATION ? "accuracy" : "loss"))
        .checkpoint(checkpoint, resume);
    TrainedModel trained;
    try {
      trained = training.build().run();
    } catch (IllegalArgumentException e) {
      throw optionError(e);
    } catch (CheckpointMismatchException e) {
      throw resumeError(e, data != null);
    }
    trained.save(output, common.force);
    TrainingResult result = trained.training();
    if (result.stopReason() == StopReason.TIME_BUDGET) {
      out.printf(Locale.ROOT, "Stopped by --time-budget after %d whole epochs%s%n",
          result.history().size(), checkpoint == null ? ""
              : "; continue with --resume --checkpoint " + checkpoint);
    }
    out.printf(Locale.ROOT, "%d train, %d validation, %d test sequences%n", trained.trainSize(),
        trained.validationSize(), trained.testSize());
    trained.test().ifPresent(ev -> out.println("test: " + ev.describe()));
    out.printf(Locale.ROOT, "Wrote %s (%.1f s of training)%n", output,
        trained.training().seconds());
    return 0;
  }

  /**
   * The numeric options checked before any work, so that an error names the option as spelled on
   * the command line rather than the library's setting (issue 16, case 9).
   */
  private void checkNumbers() {
    atLeast("--epochs", epochs, 1);
    atLeast("--batch", batch, 1);
    atLeast("--patience", patience, 0);
    if (threads != null) {
      atLeast("--threads", threads, 1);
    }
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("--lr: expected a positive number, got " + lr);
    }
    if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
      throw new IllegalArgumentException("--clip-norm: expected a number >= 0 (0: off), got "
          + clipNorm);
    }
    if (!(clipTensorNorm >= 0) || Double.isInfinite(clipTensorNorm)) {
      throw new IllegalArgumentException("--clip-tensor-norm: expected a number >= 0 (0: off),"
          + " got " + clipTensorNorm);
    }
    if (!(l2 >= 0) || Double.isInfinite(l2)) {
      throw new IllegalArgumentException("--l2: expected a number >= 0 (0: off), got " + l2);
    }
    if (timeBudget != null && (!(timeBudget > 0) || Double.isInfinite(timeBudget))) {
      throw new IllegalArgumentException("--time-budget: expected a positive number of seconds,"
          + " got " + timeBudget);
    }
    if (classWeights != null) {
      for (int i = 0; i < classWeights.length; i++) {
        if (!(classWeights[i] >= 0) || Double.isInfinite(classWeights[i])) {
          throw new IllegalArgumentException("--class-weights: expected finite weights >= 0,"
              + " got " + classWeights[i] + " for class " + i);
        }
      }
    }
    heldOut.checkFractions();
    PrecisionOption.parse(precision);
  }

  /**
   * The spec with --precision applied; a --model-spec that names another precision is refused
   * rather than silently overridden.
   */
  private io.liquid4j.model.ModelSpec withPrecision(io.liquid4j.model.ModelSpec modelSpec) {
    io.liquid4j.cell.Precision p = PrecisionOption.parse(precision);
    if (p == null) {
      return modelSpec;
    }
    if (modelSpec.toMap().containsKey("precision") && modelSpec.precision() != p) {
      throw new IllegalArgumentException("--precision: " + p.label() + " differs from the"
          + " 'precision' of --model-spec (" + modelSpec.precision().label() + "); give it in one"
          + " place");
    }
    try {
      return modelSpec.withPrecision(p);
    } catch (IllegalArgumentException e) {
      throw PrecisionOption.optionError(e);
    }
  }

  /**
   * The --schedule option parsed; the library names its own parameters (step_size, gamma,
   * patience), which on the command line are parts of --schedule's value.
   */
  static io.liquid4j.train.LearningRateSchedule schedule(String text, double lr) {
    try {
      return LearningRateSchedules.parse(text, lr);
    } catch (IllegalArgumentException e) {
      String m = String.valueOf(e.getMessage());
      if (m.startsWith("schedule: ")) {
        return fail("--schedule: " + m.substring("schedule: ".length()), e);
      }
      return fail("--schedule: in '" + io.liquid4j.io.Quoted.cutWithLength(text) + "', " + m, e);
    }
  }

  /**
   * The --schedule-per option parsed; a plateau schedule, which watches each epoch's validation
   * loss, cannot step per batch.
   */
  static SchedulePer schedulePer(String text, io.liquid4j.train.LearningRateSchedule schedule) {
    SchedulePer per = switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "batch", "step" -> SchedulePer.BATCH;
      case "epoch" -> SchedulePer.EPOCH;
      default -> throw new IllegalArgumentException("--schedule-per: expected batch or epoch,"
          + " got '" + io.liquid4j.io.Quoted.cutWithLength(text) + "'");
    };
    if (per == SchedulePer.BATCH && schedule instanceof io.liquid4j.train.ReduceLrOnPlateau) {
      throw new IllegalArgumentException("--schedule-per: the plateau schedule watches each"
          + " epoch's validation loss, so it steps per epoch; use --schedule-per epoch");
    }
    return per;
  }

  /** Seconds as a duration; a budget beyond what a duration holds is no budget at all. */
  static Duration budget(double seconds) {
    return seconds >= 9.2e9 ? null : Duration.ofNanos(Math.max(1, Math.round(seconds * 1e9)));
  }

  private static <T> T fail(String message, IllegalArgumentException cause) {
    throw new IllegalArgumentException(message, cause);
  }

  /** A whole-number option with a lower bound. */
  static void atLeast(String option, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(option + ": expected a whole number >= " + min + ", got "
          + value);
    }
  }

  private CsvTimeSeries.Options csvOptions(TaskKind kind) {
    return CsvDataOptions.of(features, target, window, stride, lastStep, timestamp, timeUnit,
        kind);
  }

  /** The CSV options mean nothing for arrays; silently ignoring them would hide a mistake. */
  private void checkNoCsvOptions() {
    CsvDataOptions.refuseUnlessCsv("--inputs arrays, which are already sequences", features,
        target, timestamp, timeUnit, stride, lastStep,
        spec.commandLine().getParseResult().hasMatchedOption("--window"));
  }

  static Duration parseUnit(String text) {
    switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "ms":
        return Duration.ofMillis(1);
      case "s":
        return Duration.ofSeconds(1);
      case "min":
        return Duration.ofMinutes(1);
      case "h":
        return Duration.ofHours(1);
      case "d":
        return Duration.ofDays(1);
      default:
        try {
          Duration d = Duration.parse(text.strip());
          if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("--time-unit: expected a positive duration, got '"
                + text + "'");
          }
          return d;
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException("--time-unit: expected ms, s, min, h, d or an"
              + " ISO-8601 duration such as PT15M, got '" + text + "'");
        }
    }
  }

  /**
   * A refused resume in the command line's terms: the option whose value differs from the run
   * that wrote the checkpoint, both values (data by fingerprint), and what to do.
   */
  static IllegalArgumentException resumeError(CheckpointMismatchException e, boolean csv) {
    String option = resumeOption(e.setting(), csv);
    if (option == null) {
      return new IllegalArgumentException(e.getMessage(), e);
    }
    return new IllegalArgumentException(option + ": differs from the run that wrote "
        + e.checkpoint() + " (" + shown(e.then()) + " then, " + shown(e.now()) + " now); resume"
        + " with the same " + option + " or start a new run without --resume", e);
  }

  private static String shown(String value) {
    if (value == null) {
      return "not given";
    }
    String v = DataFingerprint.abbreviate(value);
    v = v.length() > 80 ? v.substring(0, 80) + "…" : v;
    return value.startsWith(DataFingerprint.PREFIX) ? "fingerprint " + v : v;
  }

  /** The option of a setting the workflow records, or null for one the command does not set. */
  static String resumeOption(String setting, boolean csv) {
    switch (setting) {
      case "windowLength": return "--window";
      case "stride": return "--stride";
      case "validationFraction": return "--validation";
      case "testFraction": return "--test";
      case "featureColumns": return "--features";
      case "targetColumn": return "--target";
      case "task": return "--task";
      case "perStepTargets": return "--last-step";
      case "timestampColumn": return "--timestamp";
      case "timeUnit": return "--time-unit";
      case "loss": return "--class-weights";
      case "schedule": return "--schedule";
      case "seed": return "--seed";
      case "batch": return "--batch";
      case "lr": return "--lr";
      case "clip": return "--clip-norm";
      case "clip_tensor": return "--clip-tensor-norm";
      case "l2": return "--l2";
      case "schedule_per": return "--schedule-per";
      case "drop_last": return "--drop-last";
      case "patience": return "--patience";
      case "model.model": return "--model";
      case "model.units": return "--units";
      case "model.solver": return "--solver";
      case "model.precision": return "--precision";
      default: break;
    }
    int dot = setting.indexOf('.');
    String set = dot < 0 ? setting : setting.substring(0, dot);
    String part = dot < 0 ? "inputs" : setting.substring(dot + 1);
    if (!set.equals("data") && !set.equals("validation") && !set.equals("test")) {
      return null;
    }
    if (!List.of("inputs", "targets", "timespans", "mask").contains(part)) {
      return set.equals("data") ? (csv ? "--data" : "--inputs") : null;
    }
    if (set.equals("data")) {
      return csv ? "--data" : "--" + part;
    }
    return "--" + set + "-" + (csv ? "data" : part);
  }

  /** The library names its settings; on the command line they are options. */
  /**
   * The --select option parsed (shared with tune).
   *
   * @param text accuracy, f1 or loss, any case; null for the task's default
   */
  static Selection selection(String text) {
    if (text == null) {
      return Selection.DEFAULT;
    }
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "accuracy" -> Selection.ACCURACY;
      case "f1" -> Selection.F1;
      case "loss" -> Selection.LOSS;
      default -> fail("--select: expected accuracy, f1 or loss, got '"
          + io.liquid4j.io.Quoted.cutWithLength(text) + "'", null);
    };
  }

  private static IllegalArgumentException optionError(IllegalArgumentException e) {
    String m = String.valueOf(e.getMessage());
    if (m.startsWith("selection:")) {
      return new IllegalArgumentException("--select:" + m.substring(10), e);
    }
    if (m.startsWith("classWeights:")) {
      return new IllegalArgumentException("--class-weights:" + m.substring(13), e);
    }
    if (m.startsWith("dropLastPartialBatch:")) {
      return new IllegalArgumentException("--drop-last:" + m.substring(21), e);
    }
    return e;
  }
}
