package io.liquid4j.cli;

import io.liquid4j.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The model options of a command that builds a network: a full {@link ModelSpec} with {@code
 * --model-spec}, or the shorthands {@code --model}, {@code --units}, {@code --wiring} and {@code
 * --solver}, which produce one. The two forms exclude each other.
 */
final class ModelOptions {
  static final String DEFAULT_MODEL = "ltc";
  static final int DEFAULT_UNITS = 32;

  @Option(names = "--model-spec", paramLabel = "FILE|JSON",
      description = "Model specification: a JSON object, such as '{\"model\": \"cfc\", \"units\":"
          + " 16}', or the path of a JSON file, with ncps's constructor keywords (see the"
          + " README). Excludes --model, --units, --wiring and --solver (default: the"
          + " shorthands).")
  String modelSpec;

  @Option(names = "--model", paramLabel = "KIND",
      description = "Shorthand: ltc, cfc, ctrnn or lstm (default: " + DEFAULT_MODEL + ").")
  String model;

  @Option(names = "--units", paramLabel = "N",
      description = "Shorthand: neurons (default: " + DEFAULT_UNITS + ").")
  Integer units;

  @Option(names = "--wiring", paramLabel = "WIRING",
      description = "Shorthand: fully-connected, random, ncp or autoncp (LTC, CfC; default: a"
          + " plain number of units, projected to the targets).")
  String wiring;

  @Option(names = "--solver", paramLabel = "SOLVER",
      description = "Shorthand: the ODE solver, fused, euler, rk4 or dopri5 for an LTC (default:"
          + " fused); euler, rk4 or dopri5 for a CTRNN (default: euler).")
  String solver;

  /**
   * The spec the options give.
   *
   * @throws IllegalArgumentException naming the option at fault
   */
  ModelSpec spec() {
    if (modelSpec != null) {
      List<String> shorthands = new ArrayList<>();
      if (model != null) {
        shorthands.add("--model");
      }
      if (units != null) {
        shorthands.add("--units");
      }
      if (wiring != null) {
        shorthands.add("--wiring");
      }
      if (solver != null) {
        shorthands.add("--solver");
      }
      if (!shorthands.isEmpty()) {
        throw new IllegalArgumentException("--model-spec and " + String.join(", ", shorthands)
            + " exclude each other: give the whole model in --model-spec, or use the shorthands");
      }
      return ModelSpec.parse(modelSpec, "--model-spec");
    }
    try {
      return ModelSpec.shorthand(model != null ? model : DEFAULT_MODEL,
          units != null ? units : DEFAULT_UNITS, wiring, solver)
          .withSource("--model/--units/--wiring");
    } catch (IllegalArgumentException e) {
      // The library names its parameters; on the command line they are options.
      throw new IllegalArgumentException("--" + e.getMessage(), e);
    }
  }
}
