package io.liquid4j.cli;

import io.liquid4j.io.FileFormatException;
import io.liquid4j.io.ModelFile;
import io.liquid4j.io.Npy;
import io.liquid4j.io.NpyArray;
import io.liquid4j.model.ModelState;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.model.SequenceOutput;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code liquid4j predict}: runs a model over NumPy arrays. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Run a model on a batch of sequences stored as NumPy .npy arrays.",
      "X has shape (B, L, S); T, the elapsed time of each step, (B, L) or (B, L, 1).",
      "Y is written as float32 (B, L, O), or (B, O) for a model that returns only the last step."
    })
final class PredictCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model file.")
  Path modelPath;

  @Option(names = "--input", required = true, paramLabel = "X.npy",
      description = "Inputs (B, L, S), float32 or float64.")
  Path input;

  @Option(names = "--timespans", paramLabel = "T.npy",
      description = "Elapsed time per sample and step, (B, L) or (B, L, 1); default 1.")
  Path timespans;

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
      description = "Start from this state h (B, N) instead of zeros, e.g. a previous"
          + " --final-state, to continue sequences.")
  Path initialState;

  @Option(names = "--initial-memory", paramLabel = "C0.npy",
      description = "Mixed-memory cell state c (B, N) to start from (with --initial-state).")
  Path initialMemory;

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Outputs.checkWritable(common.force, output, finalState, finalMemory);
    SequenceModel model = ModelFile.load(modelPath);
    NpyInputs in = NpyInputs.read(model, input, timespans);
    if (finalMemory != null && !model.config().mixedMemory()) {
      throw new IllegalArgumentException(
          "--final-memory: the model has no mixed memory, so there is no cell state c to write");
    }
    ModelState initial = readInitialState(model, in.batch());
    SequenceOutput y;
    try {
      y = model.forward(in.x(), in.batch(), in.length(), in.timespans(), initial);
    } catch (IllegalArgumentException e) {
      String file = e.getMessage().startsWith("timespans") ? String.valueOf(timespans) : input
          .toString();
      throw new FileFormatException(file, e.getMessage());
    }
    Npy.writeFloat32(output, y.shape(), y.outputs(), common.force);
    ModelState state = y.finalState();
    if (finalState != null) {
      Npy.writeFloat32(finalState, new int[] {state.batch(), state.stateSize()}, state.h(),
          common.force);
    }
    if (finalMemory != null) {
      Npy.writeFloat32(finalMemory, new int[] {state.batch(), state.stateSize()}, state.c(),
          common.force);
    }
    spec.commandLine().getOut().println("Wrote " + output + " " + Arrays.toString(y.shape()));
    return 0;
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
    for (int i = 0; i < a.data().length; i++) {
      if (!Double.isFinite(a.data()[i])) {
        throw new FileFormatException(String.valueOf(file),
            "expected finite values, found " + a.data()[i] + " at [" + i / n + ", " + i % n + "]");
      }
    }
    return a.data();
  }
}
