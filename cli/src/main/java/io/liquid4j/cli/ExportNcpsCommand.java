package io.liquid4j.cli;

import io.liquid4j.io.DType;
import io.liquid4j.io.NcpsExport;
import io.liquid4j.io.Quoted;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code liquid4j export-ncps}: writes a liquid4j model as an ncps state_dict and constructor
 * config (see {@link NcpsExport}).
 */
@Command(
    name = "export-ncps",
    mixinStandardHelpOptions = true,
    description = {
      "Export a model back to ncps (PyTorch).",
      "Writes DIR/model.safetensors, the module's state_dict with ncps's tensor names, and"
          + " DIR/config.json, the constructor's keyword arguments (the files import-ncps"
          + " reads). Settings ncps cannot express (CTRNN, LSTM, a Custom wiring, cfc_variant"
          + " paper, init paper, solvers other than the LTC's fused one, precision float32, a"
          + " forget bias other than 1, proj_size on an LTC) are refused. A model's stored"
          + " preprocessing, which ncps does not apply, goes to DIR/preprocessing.json with a"
          + " warning."
    })
final class ExportNcpsCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "MODEL",
      description = "liquid4j model file to export.")
  Path model;

  @Option(names = "--output", required = true, paramLabel = "DIR",
      description = "Folder to write model.safetensors and config.json to; created when"
          + " missing.")
  Path output;

  @Option(names = "--dtype", paramLabel = "TYPE", defaultValue = "float32",
      description = "Tensor type: float32 (default; what ncps's modules hold, rounding a model"
          + " trained in float64) or float64 (every value kept; call model.double() before"
          + " load_state_dict).")
  String dtype;

  @Mixin WriterOptions common;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    DType type = switch (dtype) {
      case "float32" -> DType.F32;
      case "float64" -> DType.F64;
      default -> throw new IllegalArgumentException(
          "--dtype: expected float32 or float64, found " + Quoted.of(dtype));
    };
    if (Files.exists(output) && !Files.isDirectory(output)) {
      throw new IllegalArgumentException("--output: " + output + " is not a folder; export-ncps"
          + " writes a folder of files");
    }
    Outputs.of(common.force)
        .add("--output", output.resolve(NcpsExport.WEIGHTS_FILE))
        .add("--output", output.resolve(NcpsExport.CONFIG_FILE))
        .add("--output", output.resolve(NcpsExport.PREPROCESSING_FILE))
        .check();
    NcpsExport.Result result = NcpsExport.write(model, output, type, common.force);
    PrintWriter err = spec.commandLine().getErr();
    for (String warning : result.warnings()) {
      err.println("liquid4j: warning: " + warning);
    }
    err.flush();
    spec.commandLine().getOut().println("Exported " + model + " to " + result.weights() + " and "
        + result.config() + " (" + dtype + ")"
        + (result.preprocessing() == null ? "" : " and " + result.preprocessing()));
    return 0;
  }
}
