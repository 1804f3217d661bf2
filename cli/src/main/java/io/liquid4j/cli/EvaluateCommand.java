package io.liquid4j.cli;

import io.liquid4j.data.ArrayData;
import io.liquid4j.data.SequenceDataset;
import io.liquid4j.data.TaskKind;
import io.liquid4j.evaluation.ConfusionMatrix;
import io.liquid4j.evaluation.Evaluation;
import io.liquid4j.evaluation.Evaluator;
import io.liquid4j.predict.Predictor;
import io.liquid4j.predict.Preprocessing;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.ObjectMapper;

/** {@code liquid4j evaluate}: metrics of a model on labelled data, through its {@link Predictor}. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    customSynopsis = {
      "liquid4j evaluate --model=MODEL --data=FILE.csv [OPTIONS]",
      "   or: liquid4j evaluate --model=MODEL --inputs=X.npy --targets=Y.npy [OPTIONS]"
    },
    description = {
      "Evaluate a model on labelled data and print the metrics of its task.",
      "The data, in the user's units, is a CSV file read as the model's training file was"
          + " (--data) or NumPy arrays (--inputs/--targets). The stored preprocessing is applied;"
          + " regression metrics are in the targets' units. Classification also prints the"
          + " confusion matrix."
    })
final class EvaluateCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model file.")
  Path modelPath;

  @Option(names = "--data", paramLabel = "FILE.csv",
      description = "CSV file with the model's columns, windowed as the model stores.")
  Path data;

  @Mixin ArrayOptions arrays;

  @Option(names = "--threads", description = "Worker threads (default: all cores; results do not depend on it).")
  Integer threads;

  @Option(names = "--json", description = "Print the metrics as one JSON object on the last line.")
  boolean json;

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (threads != null) {
      TrainCommand.atLeast("--threads", threads, 1);
    }
    if ((data == null) == !arrays.given()) {
      throw new IllegalArgumentException(data == null
          ? "--data: give the data as --data FILE.csv or as --inputs X.npy --targets Y.npy"
          : "--data and --inputs exclude each other");
    }
    Predictor predictor = Predictor.load(modelPath);
    SequenceDataset raw = data != null
        ? ModelData.readCsv(predictor, modelPath, data)
        : readArrays(predictor);
    Evaluator evaluator = threads == null ? Evaluator.create() : Evaluator.create()
        .withThreads(threads);
    Evaluation ev;
    try {
      ev = predictor.evaluate(raw, evaluator);
    } catch (IllegalArgumentException e) {
      throw ModelData.optionError(e, modelPath);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(raw.size() + " sequences: " + ev.describe());
    if (ev.task() == TaskKind.CLASSIFICATION) {
      out.println("confusion matrix (rows: actual class, columns: predicted class):");
      out.println(table(ev.confusion(), ev.classNames()).stripTrailing());
    }
    if (json) {
      Map<String, Object> m = ev.toMap();
      out.println(new ObjectMapper().writeValueAsString(m));
    }
    return 0;
  }

  /**
   * The arrays read as the model needs them: its task, per-step layout and classes when it has a
   * preprocessing, otherwise the model's outputs as classes when the labels are integers.
   */
  private SequenceDataset readArrays(Predictor predictor) throws Exception {
    ArrayData a = arrays.data();
    Preprocessing p = predictor.preprocessing().orElse(null);
    SequenceDataset d;
    if (p != null) {
      a = a.withTask(p.task()).withPerStep(p.perStep());
      d = (p.task() == TaskKind.CLASSIFICATION
          ? a.withClassNames(p.targetNames()) : a.withTargetNames(p.targetNames())).read();
    } else {
      a = a.withPerStep(predictor.model().config().returnSequences());
      d = a.read();
      if (d.task() == TaskKind.CLASSIFICATION) {
        d = a.withClasses(predictor.model().outputSize()).read();
      }
    }
    ModelData.checkFeatures(predictor, d.features(), arrays.inputs);
    return d;
  }

  /** The matrix with class names as row and column headings, counts without decimals. */
  private static String table(ConfusionMatrix c, List<String> names) {
    int k = c.classes();
    int width = 8;
    for (int i = 0; i < k; i++) {
      width = Math.max(width, name(names, i).length() + 1);
      for (int j = 0; j < k; j++) {
        width = Math.max(width, count(c.count(i, j)).length() + 1);
      }
    }
    StringBuilder s = new StringBuilder(" ".repeat(width));
    for (int j = 0; j < k; j++) {
      s.append(String.format(Locale.ROOT, "%" + width + "s", name(names, j)));
    }
    s.append(System.lineSeparator());
    for (int i = 0; i < k; i++) {
      s.append(String.format(Locale.ROOT, "%" + width + "s", name(names, i)));
      for (int j = 0; j < k; j++) {
        s.append(String.format(Locale.ROOT, "%" + width + "s", count(c.count(i, j))));
      }
      s.append(System.lineSeparator());
    }
    return s.toString();
  }

  private static String name(List<String> names, int i) {
    return i < names.size() ? names.get(i) : String.valueOf(i);
  }

  // Counts are sums of step weights: whole numbers unless a mask weights steps.
  private static String count(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.4g", v);
  }
}
