package io.liquid4j.cli;

import io.liquid4j.cell.Precision;
import io.liquid4j.onnx.Form;
import io.liquid4j.onnx.OnnxExport;
import io.liquid4j.predict.Predictor;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code liquid4j export-onnx}: writes a model as an ONNX model (OnnxExport). */
@Command(
    name = "export-onnx",
    mixinStandardHelpOptions = true,
    description = {
      "Export a model to ONNX (opset 17) for ONNX Runtime and other ONNX runtimes.",
      "The step form takes x (B, S), dt (B, 1) and h (B, N), and c (B, N) with mixed memory, and"
          + " gives y (B, M), h_next and c_next: the caller carries the state between calls.",
      "The sequence form takes x (B, L, S), dt (B, L) and h0 (and c0), and valid (B, L) with"
          + " --valid-steps, and gives y (B, L, M) or the last step's y, and h_L (and c_L).",
      "The model file's stored preprocessing (input scaling, target de-scaling) is part of the"
          + " graph, so x and y are in the data's own units."
    })
final class ExportOnnxCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "MODEL",
      description = "liquid4j model file.")
  Path model;

  @Option(names = "--output", required = true, paramLabel = "M.onnx",
      description = "ONNX file to write.")
  Path output;

  @Option(names = "--form", paramLabel = "FORM", defaultValue = "step",
      description = "step or sequence (default: ${DEFAULT-VALUE}).")
  String form;

  @Option(names = "--precision", paramLabel = "P", defaultValue = "float32",
      description = "Tensor type of the export: float32 or float64 (default: ${DEFAULT-VALUE}).")
  String precision;

  @Option(names = "--valid-steps",
      description = "With --form sequence: one more input, valid (B, L), 1 for a valid step and 0"
          + " for a padded one, for sequences of different lengths padded to L; a padded step"
          + " carries the state over and repeats the previous output.")
  boolean validSteps;

  @Mixin WriterOptions common;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Form f;
    try {
      f = Form.parse(form);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--" + e.getMessage(), e);
    }
    Precision p = PrecisionOption.parse(precision);
    if (validSteps && f != Form.SEQUENCE) {
      throw new IllegalArgumentException("--valid-steps: only with --form sequence (the step form"
          + " has no padded steps: skip them by not calling it)");
    }
    Outputs.of(common.force).add("--output", output).check();
    Predictor predictor = Predictor.load(model);
    OnnxExport export = OnnxExport.builder().form(f).precision(p).validSteps(validSteps).build();
    try {
      export.write(predictor.model(), predictor.preprocessing().orElse(null), output,
          common.force);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--model " + model + ": " + e.getMessage(), e);
    }
    spec.commandLine().getOut().println("Exported " + predictor.model() + " to " + output + " ("
        + f.label() + " form" + (validSteps ? " with valid steps" : "") + ", " + p.label()
        + ", ONNX opset 17)");
    return 0;
  }
}
