package io.liquid4j.cli;

import io.liquid4j.data.CsvTimeSeries;
import io.liquid4j.data.SequenceInputs;
import io.liquid4j.io.AtomicFiles;
import io.liquid4j.io.DType;
import io.liquid4j.io.FileFormatException;
import io.liquid4j.io.Npy;
import io.liquid4j.io.NpyArray;
import io.liquid4j.model.ModelState;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.predict.NpyPrediction;
import io.liquid4j.predict.Prediction;
import io.liquid4j.predict.Predictor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code liquid4j predict}: a model's outputs for raw data, through its {@link Predictor}. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    customSynopsis = {
      "liquid4j predict --model=MODEL --input=X.npy --output=Y.npy [OPTIONS]",
      "   or: liquid4j predict --model=MODEL --data=FILE.csv --output=Y.npy [OPTIONS]"
    },
    description = {
      "Run a model on raw data and write its outputs as a NumPy array.",
      "The data is a CSV file windowed as the model stores (--data), or NumPy arrays, X (B, L, S)"
          + " and T, the elapsed time of each step, (B, L) or (B, L, 1), with --valid-steps or"
          + " --lengths for sequences of different lengths padded to L. A model with preprocessing (made by 'liquid4j train' or the Java API) scales "
            + "the inputs as in training and gives regression outputs in the targets' units; "
            + "classification outputs are logits. Models without (imported from ncps) run on "
            + "the inputs as given. Y is written as float32 (B, L, O), or (B, O) for a model "
            + "that returns only the last step."
    })
final class PredictCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model file.")
  Path modelPath;

  @Option(names = {"--input", "--inputs"}, paramLabel = "X.npy",
      description = "Inputs (B, L, S), in the units the model was trained on; float or integer.")
  Path input;

  @Option(names = "--timespans", paramLabel = "T.npy",
      description = "Elapsed time per sample and step, (B, L) or (B, L, 1), in the model's Δt"
          + " unit; needed exactly when the model was trained with elapsed times (default: 1).")
  Path timespans;

  // The same options, names and meaning as train's and evaluate's (ArrayOptions), for --input.
  @Option(names = "--valid-steps", paramLabel = "V.npy",
      description = "Sequences of different lengths: (B, L) 1 = valid step, 0 = padding the model"
          + " skips (state carried over, output repeated, so Y at the last step is each"
          + " sequence's output at its last valid step; Δt there ignored).")
  Path validSteps;

  @Option(names = "--lengths", paramLabel = "N.npy",
      description = "Sequences of different lengths padded at the end: (B,) valid steps of each,"
          + " 1..L (instead of --valid-steps).")
  Path lengths;

  @Option(names = "--data", paramLabel = "FILE.csv",
      description = "Instead of --input: a CSV file with the model's feature columns (the target"
          + " column may be absent), windowed and timed as the model's training file.")
  Path data;

  @Option(names = "--no-preprocessing",
      description = "Run the network on the inputs as given (already scaled) and write its raw"
          + " outputs, ignoring the stored preprocessing.")
  boolean noPreprocessing;

  @Option(names = "--output", required = true, paramLabel = "Y.npy",
      description = "Outputs to write (float32).")
  Path output;

  @Option(names = "--final-state", paramLabel = "H.npy",
      description = "Also write the final state h (B, N) (float32).")
  Path finalState;

  @Option(names = "--final-memory", paramLabel = "C.npy",
      description = "Also write the mixed-memory cell state c (B, N) (float32).")
  Path finalMemory;

  @Option(names = "--initial-state", paramLabel = "H0.npy",
      description = "Start from this state h (B, N) instead of zeros, for example a"
          + " previous --final-state, to continue sequences (default: zeros).")
  Path initialState;

  @Option(names = "--initial-memory", paramLabel = "C0.npy",
      description = "Mixed-memory cell state c (B, N) to start from, with --initial-state"
          + " (default: zeros).")
  Path initialMemory;

  @Option(names = "--batch-size", paramLabel = "SEQUENCES",
      description = "Sequences of --input run at a time (default: 0, as many as fit in about"
          + " 32 MiB); memory stays bounded however large the input is.")
  int batchSize;

  @Option(names = "--precision", paramLabel = "PRECISION",
      description = "Run the model's steps in float64 or float32 for this run, with the same"
          + " parameters (float32: LTC with the fused, euler or rk4 solver, CfC, LSTM) (default:"
          + " the model's own, as 'info' shows).")
  String precision;

  @Mixin WriterOptions common;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Outputs.of(common.force).add("--output", output).add("--final-state", finalState)
        .add("--final-memory", finalMemory).check();
    if ((input == null) == (data == null)) {
      throw new IllegalArgumentException(input == null
          ? "--input: give the data as --input X.npy [--timespans T.npy] or as --data FILE.csv"
          : "--input and --data exclude each other");
    }
    if (data != null && timespans != null) {
      throw new IllegalArgumentException(
          "--timespans goes with --input; a CSV file's Δt comes from its timestamp column");
    }
    if (data != null && (validSteps != null || lengths != null)) {
      throw new IllegalArgumentException((validSteps != null ? "--valid-steps" : "--lengths")
          + " goes with --input; a CSV file's windows have no padded steps");
    }
    if (validSteps != null && lengths != null) {
      throw new IllegalArgumentException(
          "--lengths: give --valid-steps V.npy or --lengths N.npy, not both");
    }
    io.liquid4j.cell.Precision chosen = PrecisionOption.parse(precision);
    Predictor predictor = Predictor.load(modelPath);
    if (chosen != null) {
      try {
        predictor = predictor.withPrecision(chosen);
      } catch (IllegalArgumentException e) {
        throw PrecisionOption.optionError(e);
      }
    }
    if (noPreprocessing) {
      if (data != null) {
        throw new IllegalArgumentException("--no-preprocessing: --data is read through the"
            + " stored preprocessing; give --input arrays");
      }
      predictor = Predictor.of(predictor.model());
    }
    if (input != null) {
      predictArrays(predictor);
      return 0;
    }
    SequenceModel model = predictor.model();
    if (finalMemory != null && !model.config().mixedMemory()) {
      throw new IllegalArgumentException(
          "--final-memory: the model has no mixed memory, so there is no cell state c to write");
    }
    ModelData.checkCsvLayout(predictor, modelPath);
    SequenceInputs in =
        CsvTimeSeries.readInputs(data, predictor.preprocessing().orElseThrow().csvOptions());
    ModelState initial = readInitialState(model, in.size());
    Prediction y;
    try {
      y = predictor.predict(in.inputs(), in.size(), in.length(), in.timespans(), initial);
    } catch (IllegalArgumentException e) {
      throw ModelData.optionError(e, modelPath);
    }
    ModelState state = y.finalState();
    int[] stateShape = {state.batch(), state.stateSize()};
    // All outputs or none: each goes to its temporary file first, then all are renamed.
    try (AtomicFiles.Publication files = new AtomicFiles.Publication(common.force)) {
      files.write(output, Npy.toBytes(y.shape(), y.outputs(), DType.F32));
      if (finalState != null) {
        files.write(finalState, Npy.toBytes(stateShape, state.h(), DType.F32));
      }
      if (finalMemory != null) {
        files.write(finalMemory, Npy.toBytes(stateShape, state.c(), DType.F32));
      }
      files.publish();
    }
    printWrote(predictor, y.shape(), y.isClassification());
    return 0;
  }

  /**
   * --input arrays go through {@link NpyPrediction}, batch by batch, so that memory stays bounded
   * whatever the number of sequences.
   */
  private void predictArrays(Predictor predictor) throws Exception {
    NpyPrediction.Result r;
    try {
      r = NpyPrediction.builder(predictor, input, output)
          .timespans(timespans)
          .validSteps(validSteps)
          .lengths(lengths)
          .initialState(initialState)
          .initialMemory(initialMemory)
          .finalState(finalState)
          .finalMemory(finalMemory)
          .overwrite(common.force)
          .batchSize(batchSize)
          .build()
          .run();
    } catch (IllegalArgumentException e) {
      // A heap that holds two sequences at a time, should the file be too long for this one.
      Npy.Header h = Npy.readHeader(input);
      int[] xs = h.shape();
      long need = xs.length == 3 ? 2 * NpyPrediction.bytesPerSequence(predictor.model(), xs[1],
          xs[2]) : 0;
      throw optionError(e, Math.max(1, (need + (1L << 30) - 1) >> 30));
    }
    boolean classification = predictor.preprocessing()
        .map(p -> p.task() == io.liquid4j.data.TaskKind.CLASSIFICATION).orElse(false);
    printWrote(predictor, r.outputShape(), classification);
  }

  /** The library names its arguments; on the command line they are options. */
  private IllegalArgumentException optionError(IllegalArgumentException e, long heapGiB) {
    String m = String.valueOf(e.getMessage());
    String[][] names = {{"initialMemory", "--initial-memory"}, {"initialState", "--initial-state"},
        {"finalMemory", "--final-memory"}, {"inputs:", "--input:"}, {"batchSize", "--batch-size"},
        {"lengths", "--lengths"}, {"validSteps", "--valid-steps"}};
    if (m.startsWith("inputs:") && m.contains("maximum heap")) {
      return new IllegalArgumentException("--input:" + m.substring(7) + "; give shorter"
          + " sequences or raise the heap with LIQUID4J_JAVA_OPTS=-Xmx" + heapGiB + "g", e);
    }
    for (String[] n : names) {
      if (m.startsWith(n[0])) {
        return new IllegalArgumentException(n[1] + m.substring(n[0].length()), e);
      }
    }
    return ModelData.optionError(e, modelPath);
  }

  private void printWrote(Predictor predictor, int[] shape, boolean classification) {
    spec.commandLine().getOut().println("Wrote " + output + " " + Arrays.toString(shape)
        + (predictor.preprocessing().isPresent()
            ? " (inputs scaled as in training" + (classification ? "; logits)"
                : "; outputs in the targets' units)")
            : "")
        + (predictor.model().precision() == io.liquid4j.cell.Precision.FLOAT64 ? ""
            : " (computed in " + predictor.model().precision().label() + ")"));
  }

  /** The state to start from, read from --initial-state / --initial-memory, or null for zeros. */
  private ModelState readInitialState(SequenceModel model, int batch) throws Exception {
    boolean mixed = model.config().mixedMemory();
    if (initialState == null) {
      if (initialMemory != null) {
        throw new IllegalArgumentException("--initial-memory needs --initial-state as well");
      }
      return null;
    }
    if (mixed && initialMemory == null) {
      throw new IllegalArgumentException(
          "--initial-memory: the model has mixed memory, so it needs the cell state c too");
    }
    if (!mixed && initialMemory != null) {
      throw new IllegalArgumentException(
          "--initial-memory: the model has no mixed memory, so there is no cell state c");
    }
    double[] h = stateArray(initialState, batch, model.stateSize());
    double[] c = mixed ? stateArray(initialMemory, batch, model.stateSize()) : null;
    return new ModelState(batch, model.stateSize(), h, c);
  }

  private static double[] stateArray(Path file, int batch, int n) throws Exception {
    NpyArray a = Npy.read(file);
    if (!Arrays.equals(a.shape(), new int[] {batch, n})) {
      throw new FileFormatException(String.valueOf(file), "expected shape (" + batch + ", " + n
          + ") (batch of the input, state size of the model), found " + Arrays.toString(a.shape()));
    }
    double[] values = a.data();
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new FileFormatException(String.valueOf(file),
            "expected finite values, found " + values[i] + " at [" + i / n + ", " + i % n + "]");
      }
    }
    return values;
  }
}
