package io.liquid4j.cli;

import io.liquid4j.cell.ParameterLayout;
import io.liquid4j.data.Standardizer;
import io.liquid4j.data.TaskKind;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.predict.CsvLayout;
import io.liquid4j.predict.Predictor;
import io.liquid4j.predict.Preprocessing;
import io.liquid4j.wiring.Wiring;
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

/** {@code liquid4j info}: what a model file contains. */
@Command(name = "info", mixinStandardHelpOptions = true,
    description = {
      "Show a model's specification, wiring, parameters and preprocessing.",
      "The preprocessing is the features, their scaling, the task, the classes or targets,"
          + " where Δt comes from and the CSV layout."
    })
final class InfoCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model file.")
  Path modelPath;

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Predictor predictor = Predictor.load(modelPath);
    SequenceModel model = predictor.model();
    PrintWriter out = spec.commandLine().getOut();
    out.println(model);
    out.println("specification:");
    Map<String, Object> config = model.config().toMap();
    for (Map.Entry<String, Object> e : config.entrySet()) {
      out.println("  " + e.getKey() + " = " + e.getValue());
    }
    if (!config.containsKey("precision")) {
      // A float64 config leaves the key out (files of every release read the same); say it.
      out.println("  precision = " + model.precision().label());
    }
    if (model.config().mixedMemory()) {
      out.println(model.config().cfcVariant() == io.liquid4j.cell.CfcVariant.PAPER
          && model.config().model() == io.liquid4j.model.ModelKind.CFC
          ? "mixed memory: the CfC paper's MixedCfcCell (the LSTM's output is the CfC's input,"
              + " h its state)"
          : "mixed memory: ncps's (the LSTM's output is the cell's state, x its input)");
    }
    Wiring w = model.wiring();
    if (w != null) {
      out.printf(Locale.ROOT, "wiring: %s: %d neurons, %d inputs, %d outputs, %d synapses,"
          + " %d sensory synapses%n", w.spec(), w.units(), w.inputDim(), w.outputDim(),
          w.synapseCount(), w.sensorySynapseCount());
    }
    printPreprocessing(out, predictor.preprocessing().orElse(null));
    ParameterLayout layout = model.layout();
    out.printf(Locale.ROOT, "parameters: %d (%d trainable)%n", layout.size(),
        layout.trainableSize());
    for (ParameterLayout.Entry e : layout.entries()) {
      out.printf("  %-36s %-12s %s%n", e.name(), e.shapeString(),
          e.trainable() ? "" : "(frozen)");
    }
    return 0;
  }

  private static void printPreprocessing(PrintWriter out, Preprocessing p) {
    if (p == null) {
      out.println("preprocessing: none (inputs and outputs are used as they are; a model"
          + " imported from ncps or built in code)");
      return;
    }
    out.println("preprocessing:");
    out.println("  features: " + p.features());
    out.println("  input scaling: " + scaling(p.inputScaling().orElse(null), p.features()));
    boolean classification = p.task() == TaskKind.CLASSIFICATION;
    out.println("  task: " + p.task().name().toLowerCase(Locale.ROOT) + ", "
        + (p.perStep() ? "a target per step" : "a target per sequence (its last step)"));
    out.println("  " + (classification ? "classes: " : "targets: ") + p.targetNames());
    if (!classification) {
      out.println("  target scaling: " + scaling(p.targetScaling().orElse(null),
          p.targetNames()) + (p.targetScaling().isPresent()
              ? " (outputs are given back in the targets' units)" : ""));
    }
    CsvLayout csv = p.csv().orElse(null);
    out.println("  Δt: " + switch (p.timespans()) {
      case NONE -> "1 for every step (the model was trained without elapsed times)";
      case GIVEN -> "given with the inputs (--timespans)";
      case FROM_TIMESTAMPS -> "gaps of the timestamp column '"
          + (csv == null ? "?" : csv.timestampColumn()) + "', in units of "
          + (csv == null ? "?" : unit(csv.timeUnit().toString())) + "; a window's first step: "
          + (csv == null || Double.isNaN(csv.firstStepTimespan()) ? "the file's median gap"
              : String.valueOf(csv.firstStepTimespan()))
          + " (arrays: given with the inputs, in the same unit)";
    });
    if (csv != null) {
      out.printf(Locale.ROOT, "  CSV: target column '%s', windows of %d rows, stride %d%n",
          csv.targetColumn(), csv.window(), csv.stride());
    }
  }

  private static String unit(String iso) {
    return switch (iso) {
      case "PT1S" -> "1 s";
      case "PT1M" -> "1 min";
      case "PT1H" -> "1 h";
      case "PT0.001S" -> "1 ms";
      default -> iso;
    };
  }

  private static String scaling(Standardizer s, List<String> names) {
    if (s == null) {
      return "none";
    }
    double[] mean = s.mean();
    double[] std = s.std();
    if (s.global()) {
      return String.format(Locale.ROOT, "z-score, one pair for all: mean %.6g, std %.6g",
          mean[0], std[0]);
    }
    StringBuilder b = new StringBuilder("z-score");
    for (int i = 0; i < mean.length; i++) {
      String name = i < names.size() ? names.get(i) : "x" + i;
      b.append(String.format(Locale.ROOT, "%s %s: mean %.6g, std %.6g", i == 0 ? "," : ";",
          name, mean[i], std[i]));
    }
    return b.toString();
  }
}
