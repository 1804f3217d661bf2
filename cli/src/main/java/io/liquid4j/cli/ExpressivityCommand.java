package io.liquid4j.cli;

import io.liquid4j.experiments.TrajectoryLength;
import io.liquid4j.experiments.TrajectoryLength.Model;
import io.liquid4j.experiments.TrajectoryLength.Options;
import io.liquid4j.experiments.TrajectoryLength.Result;
import io.liquid4j.plot.TrajectoryPlot;
import io.liquid4j.solver.SolverKind;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.ObjectMapper;

/** {@code liquid4j expressivity}: the LTC paper's trajectory-length comparison. */
@Command(name = "expressivity", mixinStandardHelpOptions = true,
    description = {
      "Measure the trajectory lengths of untrained Neural ODE, CT-RNN and LTC networks.",
      "As in the LTC paper, section 5: the networks are driven with the circle (sin t, cos t),"
          + " their latent trajectories are projected onto two principal components and the arc"
          + " lengths are measured."
    })
final class ExpressivityCommand implements Callable<Integer> {
  @Option(names = "--width", defaultValue = "25", description = "Neurons per layer (default: ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--depth", defaultValue = "1", description = "Layers (default: ${DEFAULT-VALUE}).")
  int depth;

  @Option(names = "--activation", defaultValue = "htanh",
      description = "tanh, sigmoid, relu or htanh (default: ${DEFAULT-VALUE}).")
  String activation;

  @Option(names = "--sigma-w", defaultValue = "2",
      description = "Standard deviation of the weights (default: ${DEFAULT-VALUE}).")
  double sigmaW;

  @Option(names = "--sigma-b", defaultValue = "1",
      description = "Standard deviation of the biases (default: ${DEFAULT-VALUE}).")
  double sigmaB;

  @Option(names = "--solver", defaultValue = "dopri5",
      description = "euler, rk4 or dopri5 (default: ${DEFAULT-VALUE}, tolerances as the paper's"
          + " ode45: 1e-2 relative, 1e-4 absolute).")
  String solver;

  @Option(names = "--samples", defaultValue = "100",
      description = "Input samples over [0, 2π] (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the weights (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--output", paramLabel = "FILE",
      description = "Draw the trajectories here: PNG, or SVG when the name ends in .svg.")
  Path output;

  @Option(names = "--json", description = "Print the lengths as one JSON object on the last line.")
  boolean json;

  @Mixin WriterOptions common;

  @Spec CommandSpec spec;

  /** The components of {@link Options} that are options of this command. */
  private static final SettingNames SETTINGS =
      new SettingNames("width", "depth", "sigmaW", "sigmaB", "solver", "samples");

  @Override
  public Integer call() throws Exception {
    Outputs.of(common.force).add("--output", output).check();
    Options o;
    try {
      o = new Options(width, depth,
          TrajectoryLength.Activation.fromName("--activation", activation), sigmaW, sigmaB,
          SolverKind.fromName("--solver", solver), samples, seed, 1e-2, 1e-4);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(SETTINGS.inOptionNames(e.getMessage()), e);
    }
    Map<Model, Result> r = TrajectoryLength.run(o);
    PrintWriter out = spec.commandLine().getOut();
    double input = TrajectoryLength.inputLength(samples);
    out.printf(Locale.ROOT, "%-11s %12s%n", "trajectory", "arc length");
    out.printf(Locale.ROOT, "%-11s %12.2f%n", "input", input);
    Map<String, Object> lengths = new LinkedHashMap<>();
    lengths.put("input", input);
    for (Model m : Model.values()) {
      out.printf(Locale.ROOT, "%-11s %12.2f%s%n", m.label(), r.get(m).length(),
          depth > 1 ? "  (last layer; by layer " + java.util.Arrays.toString(r.get(m).lengths())
              + ")" : "");
      lengths.put(m.name().toLowerCase(Locale.ROOT), r.get(m).length());
    }
    if (output != null) {
      Map<String, double[][]> curves = new LinkedHashMap<>();
      double[][] circle = new double[samples][];
      for (int s = 0; s < samples; s++) {
        double t = 2 * Math.PI * s / (samples - 1);
        circle[s] = new double[] {Math.sin(t), Math.cos(t)};
      }
      curves.put(String.format(Locale.ROOT, "input (sin t, cos t): l = %.1f", input), circle);
      for (Model m : Model.values()) {
        curves.put(String.format(Locale.ROOT, "%s: l = %.1f", m.label(), r.get(m).length()),
            r.get(m).projection());
      }
      TrajectoryPlot.write(curves, output, common.force);
      out.println("Trajectories in " + output);
    }
    if (json) {
      out.println(new ObjectMapper().writeValueAsString(lengths));
    }
    out.flush();
    return 0;
  }
}
