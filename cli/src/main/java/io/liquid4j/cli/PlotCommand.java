package io.liquid4j.cli;

import io.liquid4j.data.ArrayData;
import io.liquid4j.data.SequenceDataset;
import io.liquid4j.data.SequenceInputs;
import io.liquid4j.io.FileFormatException;
import io.liquid4j.io.Npy;
import io.liquid4j.io.NpyArray;
import io.liquid4j.model.ModelState;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.predict.Predictor;
import io.liquid4j.plot.TimeSeriesChart;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code liquid4j plot states|predictions}: one sequence of a batch run through a model, its
 * neurons' states or its outputs beside the targets drawn over the sequence's time stamps.
 */
@Command(name = "plot", mixinStandardHelpOptions = true,
    description = {
      "Draw what a model does on one input sequence, over its time stamps (the running sum of"
          + " the elapsed times).",
      "WHAT is one of:",
      "  states       the state h of every neuron (or of --neurons) after each step",
      "  predictions  each output beside its target (--targets)"
    })
final class PlotCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "WHAT", description = "states or predictions.")
  String what;

  @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model file.")
  Path modelPath;

  @Option(names = "--input", paramLabel = "X.npy", description = "Inputs (B, L, S).")
  Path input;

  @Option(names = "--data", paramLabel = "CSV",
      description = "Instead of --input: a CSV file read as the model was trained on (any model"
          + " with a CSV layout, made by 'liquid4j train' or the Java API); --sample picks a"
          + " window.")
  Path data;

  @Option(names = "--timespans", paramLabel = "T.npy",
      description = "Elapsed time per sample and step, (B, L) or (B, L, 1), in the model's Δt"
          + " unit (default: 1 for every step).")
  Path timespans;

  @Option(names = "--targets", paramLabel = "Y.npy",
      description = "Targets (B, L, O), for predictions.")
  Path targets;

  @Option(names = "--valid-steps", paramLabel = "V.npy",
      description = "Sequences of different lengths: (B, L) 1 = valid step, 0 = padding, which is"
          + " skipped (state carried over, nothing drawn).")
  Path validSteps;

  @Option(names = "--lengths", paramLabel = "N.npy",
      description = "Sequences of different lengths padded at the end: (B,) valid steps of each,"
          + " 1..L (instead of --valid-steps).")
  Path lengths;

  @Option(names = "--sample", defaultValue = "0",
      description = "Which sequence of the batch (default: ${DEFAULT-VALUE}).")
  int sample;

  @Option(names = "--neurons", split = ",", paramLabel = "INDICES", hideParamSyntax = true,
      description = "Neurons to draw, as comma-separated indices (default: all, at most 16).")
  int[] neurons;

  @Option(names = "--output", required = true, paramLabel = "FILE",
      description = "Picture: PNG, or SVG when the name ends in .svg.")
  Path output;

  @Mixin WriterOptions common;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!what.equals("states") && !what.equals("predictions")) {
      throw new IllegalArgumentException("WHAT: expected states or predictions, got '" + what
          + "'");
    }
    if (what.equals("predictions") && targets == null) {
      throw new IllegalArgumentException("--targets: predictions need the targets (B, L, O)");
    }
    Outputs.of(common.force).add("--output", output).check();
    if ((input == null) == (data == null)) {
      throw new IllegalArgumentException("give either --input (with --timespans) or --data");
    }
    if (data != null && (validSteps != null || lengths != null)) {
      throw new IllegalArgumentException((validSteps != null ? "--valid-steps" : "--lengths")
          + ": applies to --input arrays; CSV windows are never padded");
    }
    if (validSteps != null && lengths != null) {
      throw new IllegalArgumentException(
          "--lengths: give --valid-steps V.npy or --lengths N.npy, not both");
    }
    Predictor predictor = Predictor.load(modelPath);
    SequenceModel model = predictor.model();
    SequenceInputs in;
    int row = sample;
    if (data != null) {
      if (what.equals("predictions")) {
        throw new IllegalArgumentException(
            "--data: predictions are drawn from --input and --targets arrays");
      }
      SequenceDataset set = ModelData.readCsv(predictor, modelPath, data);
      if (sample < 0 || sample >= set.size()) {
        throw new IllegalArgumentException("--sample: expected 0.." + (set.size() - 1)
            + " (" + data + " holds " + set.size() + " windows), got " + sample);
      }
      in = SequenceInputs.of(set.subset(new int[] {sample}));
      row = 0;
    } else {
      in = ArrayData.fromNpy(input).withTimespans(timespans).withValidSteps(validSteps)
          .withLengths(lengths).readInputs();
      ModelData.checkFeatures(predictor, in.features(), input);
    }
    if (row < 0 || row >= in.size()) {
      throw new IllegalArgumentException("--sample: expected 0.." + (in.size() - 1)
          + " (the input holds " + in.size() + " sequences), got " + sample);
    }
    double[] xs = in.inputs();
    double[] dts = in.timespans();
    double[] valid = in.validSteps();
    int n = model.stateSize();
    int o = model.outputSize();
    int[] shown = neurons != null ? neurons : firstNeurons(Math.min(n, 16));
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int j : shown) {
      if (j < 0 || j >= n) {
        throw new IllegalArgumentException(
            "--neurons: expected neurons 0.." + (n - 1) + ", got " + j);
      }
      if (!seen.add(j)) {
        // Each neuron is one curve with its own name in the legend.
        throw new IllegalArgumentException("--neurons: neuron " + j + " is given twice");
      }
    }
    // One step at a time, as a stream of raw observations: the state after every valid step, at
    // its time stamp; the predictor scales the inputs and un-scales the outputs as in training. A
    // padded step is skipped, which is what the model does with it: the state carries over.
    int length = in.length();
    int[] shownSteps = validStepsOf(valid, row, length);
    int drawn = shownSteps.length;
    int s = model.inputSize();
    double[] times = new double[drawn];
    double[][] states = new double[n][drawn];
    double[][] outputs = new double[o][drawn];
    Predictor.Session session = predictor.newSession();
    double t = 0;
    for (int i = 0; i < drawn; i++) {
      int step = shownSteps[i];
      double dt = dts == null ? 1.0 : dts[row * length + step];
      double[] x = Arrays.copyOfRange(xs, (row * length + step) * s,
          (row * length + step + 1) * s);
      double[] y;
      try {
        y = dts == null ? session.step(x) : session.step(x, dt);
      } catch (IllegalArgumentException e) {
        if (String.valueOf(e.getMessage()).startsWith("timespans:")) {
          throw ModelData.optionError(e, modelPath);
        }
        Path file = data != null ? data : e.getMessage().startsWith("dt") ? timespans : input;
        throw new FileFormatException(String.valueOf(file), "sequence " + sample + ", step "
            + step + ": " + e.getMessage());
      }
      t += dt;
      times[i] = t;
      ModelState state = session.state();
      double[] h = state.h();
      for (int j = 0; j < n; j++) {
        states[j][i] = h[j];
      }
      for (int k = 0; k < o; k++) {
        outputs[k][i] = y[k];
      }
    }
    String xLabel = "time (Δt units" + (dts == null ? ", Δt = 1)" : ")");
    TimeSeriesChart chart;
    if (what.equals("states")) {
      chart = new TimeSeriesChart(modelPath.getFileName() + ": neuron states, sequence "
          + sample, xLabel, "state h");
      for (int j : shown) {
        chart.add("neuron " + j + typeOf(model, j), times, states[j], false);
      }
    } else {
      double[] y = readTargets(in, o);
      chart = new TimeSeriesChart(modelPath.getFileName() + ": outputs and targets, sequence "
          + sample, xLabel, "value");
      for (int k = 0; k < o; k++) {
        double[] target = new double[drawn];
        for (int i = 0; i < drawn; i++) {
          target[i] = y[(row * length + shownSteps[i]) * o + k];
        }
        chart.add("output " + k, times, outputs[k], false);
        chart.add("target " + k, times, target, true);
      }
    }
    chart.write(output, common.force);
    spec.commandLine().getOut().println("Wrote " + output);
    return 0;
  }

  private static int[] firstNeurons(int count) {
    int[] a = new int[count];
    for (int i = 0; i < count; i++) {
      a[i] = i;
    }
    return a;
  }

  /** The steps of sequence {@code row} that are valid: all L when there are no valid steps. */
  private static int[] validStepsOf(double[] valid, int row, int length) {
    return IntStream.range(0, length)
        .filter(step -> valid == null || valid[row * length + step] == 1.0).toArray();
  }

  private static String typeOf(SequenceModel model, int j) {
    return model.wiring() == null ? "" : " (" + model.wiring().typeOf(j).ncpsName() + ")";
  }

  private double[] readTargets(SequenceInputs in, int o) throws Exception {
    NpyArray y = Npy.read(targets);
    int[] expected = {in.size(), in.length(), o};
    if (!Arrays.equals(y.shape(), expected)) {
      throw new FileFormatException(String.valueOf(targets), "expected shape "
          + Arrays.toString(expected) + " (batch and length of the input, outputs of the model),"
          + " found " + Arrays.toString(y.shape()));
    }
    return y.data();
  }
}
