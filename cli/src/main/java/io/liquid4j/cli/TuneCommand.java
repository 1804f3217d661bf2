package io.liquid4j.cli;

import io.liquid4j.data.ArrayData;
import io.liquid4j.data.CsvTimeSeries;
import io.liquid4j.data.SequenceDataset;
import io.liquid4j.data.Splits;
import io.liquid4j.data.TaskKind;
import io.liquid4j.experiments.PaperTuning;
import io.liquid4j.plot.SweepChart;
import io.liquid4j.train.Selection;
import io.liquid4j.train.TrainerConfig;
import io.liquid4j.tune.Candidate;
import io.liquid4j.tune.Grid;
import io.liquid4j.tune.SearchMismatchException;
import io.liquid4j.tune.Tuner;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code liquid4j tune}: a grid or seeded random search over model specifications and training
 * settings through {@link Tuner}, chosen on validation data alone, then the chosen candidate's test
 * metric over several seeds.
 */
@Command(
    name = "tune",
    mixinStandardHelpOptions = true,
    customSynopsis = {
      "liquid4j tune --grid=JSON|FILE --data=FILE.csv --features=COL[,COL...]",
      "                     --target=COL --output=DIR [OPTIONS]",
      "   or: liquid4j tune --grid=JSON|FILE --inputs=X.npy --targets=Y.npy",
      "                     --output=DIR [OPTIONS]",
      "   or: liquid4j tune --grid=JSON|FILE --dataset=NAME --output=DIR [OPTIONS]"
    },
    description = {
      "Search model specifications and training settings: train every candidate of --grid (or"
          + " --random N of them), choose the best on the validation data alone, then train the"
          + " chosen one with each of --final-seeds and report its test metric (mean ± std).",
      "The data are read and split as 'train' reads them; with --dataset, a paper experiment's"
          + " own splits, preprocessing, loss, selection score and test metric are used (ozone:"
          + " weighted loss, chosen by F1 of class 1; traffic: MSE; the others: accuracy; xor:"
          + " validation sequences drawn from a stream of their own). --output records every"
          + " finished run"
          + " at once; run the same command again to resume after a kill. It also holds"
          + " candidates.csv (every candidate), final.csv (every seed) and a chart."
    })
final class TuneCommand implements Callable<Integer> {
  @Option(names = "--grid", required = true, paramLabel = "JSON|FILE",
      description = "The grid, as JSON or a JSON file: an object with an array per axis, the"
          + " Spark sweeps' axes: models, units and solvers (or specs: model specifications in"
          + " which an array value lists alternatives), learning_rates, epochs, batch_sizes,"
          + " optimizers and seeds; and the training recipe's, each overriding the fixed"
          + " setting: l2 (L2 penalty), clip_norms, clip_tensor_norms, drop_last (true/false)"
          + " and lr_decays (the learning rate's factor per epoch, 1 = constant) (required).")
  String grid;

  @Option(names = "--random", paramLabel = "N",
      description = "Draw N candidates at random from the grid (default: try all).")
  Integer random;

  @Option(names = "--random-seed", defaultValue = "1", paramLabel = "S",
      description = "Seed of the --random draw (default: ${DEFAULT-VALUE}).")
  long randomSeed;

  @Option(names = "--final-seeds", split = ",", paramLabel = "S",
      defaultValue = "1,2,3,4,5",
      description = "Seeds the chosen candidate is trained with for the test metric"
          + " (default: ${DEFAULT-VALUE}).")
  long[] finalSeeds;

  @Option(names = "--metric", paramLabel = "NAME",
      description = "Test metric reported: accuracy, f1 or loss (classification), mse, mae or"
          + " loss (regression) (default: accuracy or mse).")
  String metric;

  @Option(names = "--select", paramLabel = "SCORE",
      description = "Validation score that picks each run's best epoch and the candidate:"
          + " accuracy, f1 (for imbalanced classes) or loss (default: accuracy for"
          + " classification, loss for regression; --dataset: its protocol's).")
  String select;

  @Option(names = "--data", paramLabel = "FILE.csv",
      description = "CSV time series, one row per step (with --features and --target).")
  Path data;

  @Option(names = "--dataset", paramLabel = "NAME",
      description = "Tune on a paper experiment's dataset instead of --data or --inputs:"
          + " occupancy, gesture, ozone, traffic or xor, with its own splits, loss, selection"
          + " and test metric (default: none, the data of --data or --inputs).")
  String dataset;

  @Option(names = "--datasets", paramLabel = "DIR",
      description = "Folder holding the datasets of --dataset (default: the repository's"
          + " datasets/).")
  Path datasets;

  @Option(names = "--features", split = ",", paramLabel = "COL",
      description = "Feature columns of --data, comma-separated (required with --data).")
  List<String> features;

  @Option(names = "--target", paramLabel = "COL",
      description = "Target column of --data (required with --data).")
  String target;

  @Option(names = "--timestamp", paramLabel = "COL",
      description = "Timestamp column of --data, as for 'train' (default: no column, Δt = 1).")
  String timestamp;

  @Option(names = "--time-unit", paramLabel = "UNIT",
      description = "Unit of Δt for date-time stamps, as for 'train' (default: s).")
  String timeUnit;

  @Option(names = "--task", paramLabel = "TASK",
      description = "classification or regression (default: as for 'train').")
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

  @Option(names = "--clip-norm", defaultValue = "0",
      description = "Gradient clipping norm of every run, 0 = off (default: ${DEFAULT-VALUE}).")
  double clipNorm;

  @Option(names = "--patience", defaultValue = "0",
      description = "Early-stopping patience of every run, 0 = off (default: ${DEFAULT-VALUE}).")
  int patience;

  @Option(names = "--seed", defaultValue = "1",
      description = "Seed of the split into training, validation and test sequences"
          + " (default: ${DEFAULT-VALUE}); each run's own seed comes from the grid.")
  long seed;

  @Option(names = "--threads",
      description = "Worker threads (default: all cores; results do not depend on it).")
  Integer threads;

  @Option(names = "--output", required = true, paramLabel = "DIR",
      description = "Folder of the search's records and tables; created when missing.")
  Path output;

  @Option(names = "--chart-format", defaultValue = "png", paramLabel = "FORMAT",
      description = "Format of the chart of every candidate's validation metric, written as"
          + " DIR/candidates.png or .svg: png or svg (default: ${DEFAULT-VALUE}).")
  String chartFormat;

  @Option(names = "--quiet", description = "No progress lines.")
  boolean quiet;

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    TrainCommand.atLeast("--patience", patience, 0);
    if (threads != null) {
      TrainCommand.atLeast("--threads", threads, 1);
    }
    if (random != null) {
      TrainCommand.atLeast("--random", random, 1);
    }
    if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
      throw new IllegalArgumentException("--clip-norm: expected a number >= 0 (0: off), got "
          + clipNorm);
    }
    if (finalSeeds.length == 0) {
      throw new IllegalArgumentException("--final-seeds: expected at least one seed");
    }
    heldOut.checkFractions();
    if (!List.of("png", "svg").contains(chartFormat.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("--chart-format: expected png or svg, got '"
          + chartFormat + "'");
    }
    if (Files.exists(output, LinkOption.NOFOLLOW_LINKS)
        && !Files.isDirectory(output, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException("--output: " + output + " exists and is not a folder");
    }
    Grid g = Grid.parse(grid, "--grid");
    List<Candidate> candidates;
    try {
      candidates = random == null ? g.all() : g.sample(random, randomSeed);
    } catch (IllegalArgumentException e) {
      // a value of the grid out of range: the library names the setting, here it is in --grid
      throw new IllegalArgumentException("--grid: " + e.getMessage(), e);
    }

    if (dataset != null && select != null) {
      throw new IllegalArgumentException("--select: --dataset " + dataset + " selects by its"
          + " protocol's score; leave --select out");
    }
    Selection selection = TrainCommand.selection(select);
    PaperTuning.Setup setup = dataset == null ? null : paperSetup();
    SequenceDataset[] parts = setup != null
        ? new SequenceDataset[] {setup.train(), setup.validation(), setup.test()} : readData();
    SequenceDataset train = parts[0];
    SequenceDataset valid = parts[1];
    SequenceDataset test = parts[2];
    if (valid == null || valid.size() == 0) {
      throw new IllegalArgumentException("--validation: the choice is made on validation data;"
          + " hold out a fraction > 0 or give a validation file");
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "%d candidates; %d train, %d validation, %d test sequences%n",
        candidates.size(), train.size(), valid.size(), test == null ? 0 : test.size());
    Selection by = setup != null ? setup.selection() : selection;
    String figure = by != Selection.DEFAULT ? by.name().toLowerCase(Locale.ROOT)
        : train.task() == TaskKind.CLASSIFICATION ? "accuracy" : "loss";
    Tuner.TestMetric testMetric = setup != null && metric == null ? setup.metric() : null;
    if (setup != null) {
      out.println("dataset " + dataset + ": loss " + setup.loss().name() + ", chosen by"
          + " validation " + figure + ", test " + setup.metric().name());
    }
    TrainerConfig base = setup != null ? setup.trainer() : TrainerConfig.defaults();
    Tuner tuner = (setup != null ? setup.tuner() : Tuner.builder().selection(selection))
        .candidates(candidates)
        .folder(output)
        .trainer(base.withClipNorm(clipNorm).withPatience(patience)
            .withThreads(threads != null ? threads : Runtime.getRuntime().availableProcessors()))
        .listener(quiet ? null : new Tuner.Listener() {
          @Override
          public void candidateDone(Tuner.Row row, boolean recorded, int total) {
            out.printf(Locale.ROOT, "candidate %d/%d %s: validation %s %.4f%s%n", row.run() + 1,
                total, row.candidate().describe(), figure, row.outcome().validationMetric(),
                recorded ? " (recorded)" : String.format(Locale.ROOT, " (%.1f s)",
                    row.outcome().seconds()));
            out.flush();
          }

          @Override
          public void seedDone(Tuner.SeedResult s, boolean recorded) {
            out.printf(Locale.ROOT, "final seed %d: validation %s %.4f, test %s%s%n", s.seed(),
                figure, s.outcome().validationMetric(), s.test(), recorded ? " (recorded)" : "");
            out.flush();
          }
        })
        .build();
    Tuner.Search search;
    Tuner.FinalTest fin = null;
    try {
      search = tuner.search(train, valid);
      if (test != null && test.size() > 0) {
        fin = testMetric != null
            ? tuner.testWith(search, train, valid, test, testMetric, finalSeeds)
            : tuner.test(search, train, valid, test, metric, finalSeeds);
      }
    } catch (SearchMismatchException e) {
      throw mismatch(e);
    } catch (IllegalArgumentException e) {
      String m = String.valueOf(e.getMessage());
      throw m.startsWith("metric:") ? new IllegalArgumentException("--metric:"
          + m.substring("metric:".length()), e)
          : m.startsWith("selection:") ? new IllegalArgumentException("--select:"
              + m.substring("selection:".length()), e) : e;
    }
    Path picture = output.resolve("candidates." + chartFormat.toLowerCase(Locale.ROOT));
    SweepChart.write(search.rows().stream().map(r -> new SweepChart.Run(r.run(),
        r.candidate().modelName(), r.outcome().validationMetric())).toList(),
        "validation " + figure, picture, true);
    Tuner.Row chosen = search.chosen();
    out.printf(Locale.ROOT, "chosen: candidate %d, %s, validation %s %.4f%n", chosen.run() + 1,
        chosen.candidate().describe(), figure, chosen.outcome().validationMetric());
    if (fin != null) {
      out.println(fin.describe() + " " + java.util.Arrays.toString(fin.values()));
    } else {
      out.println("no test sequences: the final step was skipped");
    }
    out.println("Wrote " + output.resolve(Tuner.CANDIDATES_CSV)
        + (fin != null ? ", " + output.resolve(Tuner.FINAL_CSV) : "") + " and " + picture);
    return 0;
  }

  /** A paper experiment's data and protocol; the options for other data are refused. */
  private PaperTuning.Setup paperSetup() throws java.io.IOException {
    if (data != null || arrays.given()) {
      throw new IllegalArgumentException("--dataset and " + (data != null ? "--data" : "--inputs")
          + " exclude each other: tune on a paper dataset, a CSV file or arrays");
    }
    refuseCsvOptions("--dataset, whose sequences are the experiment's");
    boolean heldOutGiven = heldOut.validation != null || heldOut.test != null
        || heldOut.validationData != null || heldOut.testData != null
        || heldOut.validationInputs != null || heldOut.testInputs != null;
    if (heldOutGiven) {
      throw new IllegalArgumentException("--dataset: the experiment has its own validation and"
          + " test sets; leave out --validation, --test and the held-out files");
    }
    if (!PaperTuning.DATASETS.contains(dataset)) {
      throw new IllegalArgumentException("--dataset: expected one of "
          + String.join(", ", PaperTuning.DATASETS) + ", got '" + dataset + "'");
    }
    Path dir = datasets != null ? datasets : Datasets.defaultDir();
    if (!dataset.equals("xor") && !Files.isDirectory(dir.resolve(dataset))) {
      throw new IllegalArgumentException("--datasets: no folder " + dir.resolve(dataset)
          + " (expected the repository's datasets/ folder)");
    }
    return PaperTuning.load(dataset, dir);
  }

  /** Training, validation and test sequences, read and split as {@code train} does. */
  private SequenceDataset[] readData() throws java.io.IOException {
    TaskKind kind = CsvDataOptions.task(task);
    if ((data == null) == !arrays.given()) {
      throw new IllegalArgumentException(data == null
          ? "--data: give the data as --data FILE.csv, as --inputs X.npy --targets Y.npy or as"
              + " --dataset NAME"
          : "--data and --inputs exclude each other: tune on a CSV file or on arrays");
    }
    boolean csv = data != null;
    if (!csv) {
      refuseCsvOptions("--inputs arrays, which are already sequences");
    }
    SequenceDataset all;
    CsvTimeSeries.Options options = null;
    if (csv) {
      options = csvOptions(kind == null ? TaskKind.CLASSIFICATION : kind);
      all = CsvTimeSeries.read(data, options);
      if (options.task() == TaskKind.CLASSIFICATION) {
        options = options.withClassNames(all.targetNames());
      }
    } else {
      ArrayData a = arrays.data();
      all = (kind == null ? a : a.withTask(kind)).read();
    }
    boolean files = heldOut.validationData != null || heldOut.testData != null
        || heldOut.validationInputs != null || heldOut.validationTargets != null
        || heldOut.testInputs != null || heldOut.testTargets != null
        || heldOut.validationTimespans != null || heldOut.validationMask != null
        || heldOut.testTimespans != null || heldOut.testMask != null;
    if (!files) {
      double v = heldOut.validation != null ? heldOut.validation
          : HeldOutOptions.DEFAULT_VALIDATION;
      double t = heldOut.test != null ? heldOut.test : HeldOutOptions.DEFAULT_TEST;
      Splits.Split split = Splits.shuffled(all, seed, v, t);
      return new SequenceDataset[] {split.train(), split.validation(), split.test()};
    }
    if (heldOut.validation != null || heldOut.test != null) {
      throw new IllegalArgumentException((heldOut.validation != null ? "--validation" : "--test")
          + " and the held-out files exclude each other: hold out fractions of the data, or"
          + " give separate files");
    }
    if (csv) {
      if (heldOut.validationInputs != null || heldOut.testInputs != null) {
        throw new IllegalArgumentException("arrays go with --inputs; with --data give"
            + " --validation-data/--test-data");
      }
      return new SequenceDataset[] {all,
          heldOut.validationData == null ? null : CsvTimeSeries.read(heldOut.validationData,
              options),
          heldOut.testData == null ? null : CsvTimeSeries.read(heldOut.testData, options)};
    }
    if (heldOut.validationData != null || heldOut.testData != null) {
      throw new IllegalArgumentException((heldOut.validationData != null ? "--validation-data"
          : "--test-data") + ": CSV files go with --data; with --inputs give"
          + " --validation-inputs/--test-inputs");
    }
    return new SequenceDataset[] {all,
        HeldOutOptions.readArrays("--validation", heldOut.validationInputs,
            heldOut.validationTargets, heldOut.validationTimespans, heldOut.validationMask, all),
        HeldOutOptions.readArrays("--test", heldOut.testInputs, heldOut.testTargets,
            heldOut.testTimespans, heldOut.testMask, all)};
  }

  private void refuseCsvOptions(String notCsv) {
    CsvDataOptions.refuseUnlessCsv(notCsv, features, target, timestamp, timeUnit, stride,
        lastStep, spec.commandLine().getParseResult().hasMatchedOption("--window"));
  }

  private CsvTimeSeries.Options csvOptions(TaskKind kind) {
    return CsvDataOptions.of(features, target, window, stride, lastStep, timestamp, timeUnit,
        kind);
  }

  /** A refused resume in the command line's terms: the option that differs, then and now. */
  private IllegalArgumentException mismatch(SearchMismatchException e) {
    String option = switch (e.setting()) {
      case "grid", "chosen candidate" -> random == null ? "--grid" : "--grid or --random";
      case "train", "task" -> dataset != null ? "--dataset"
          : (data != null ? "--data" : "--inputs") + " or the split";
      case "validation" -> "the validation data (--validation or its files, --seed)";
      case "test" -> "the test data (--test or its files, --seed)";
      case "trainer" -> "--clip-norm or --patience";
      case "selection" -> dataset != null ? "--dataset" : "--select";
      case "loss", "scaling" -> "--dataset";
      case "metric" -> "--metric";
      default -> e.setting();
    };
    return new IllegalArgumentException("--output " + output + ": " + option + " differs from"
        + " the search recorded in " + e.record() + " (" + shown(e.then()) + " then, "
        + shown(e.now()) + " now); rerun with the same arguments to resume, or give another"
        + " --output folder for a new search", e);
  }

  private static String shown(String value) {
    if (value == null) {
      return "not given";
    }
    String v = io.liquid4j.train.DataFingerprint.abbreviate(value);
    return v.length() > 80 ? v.substring(0, 80) + "…" : v;
  }
}
