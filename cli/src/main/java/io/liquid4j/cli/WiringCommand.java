package io.liquid4j.cli;

import io.liquid4j.io.ModelFile;
import io.liquid4j.io.Quoted;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.plot.WiringDiagram;
import io.liquid4j.wiring.NeuronType;
import io.liquid4j.wiring.Wiring;
import io.liquid4j.wiring.WiringSpec;
import io.liquid4j.wiring.WiringSpecs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

/** {@code liquid4j wiring}: counts of a wiring's neurons and synapses, and its diagram. */
@Command(name = "wiring", mixinStandardHelpOptions = true,
    description = {
      "Print the neurons and synapses of a wiring and draw it.",
      "The wiring is a JSON spec of ncps's constructor arguments (--spec) or a model file's"
          + " (--model)."
    },
    footer = {
      "Example:",
      "  liquid4j wiring --inputs 3 --output ncp.svg \\",
      "    --spec '{\"type\": \"AutoNCP\", \"units\": 16, \"output_size\": 2}'"
    })
final class WiringCommand implements Callable<Integer> {
  @Option(names = "--spec", paramLabel = "JSON",
      description = "The wiring as a JSON object: \"type\" (AutoNCP, NCP, FullyConnected or"
          + " Random) and that class's ncps arguments; see the example below (required unless"
          + " --model is given).")
  String spec;

  @Option(names = "--inputs", description = "Number of inputs (sensory neurons); required with --spec.")
  Integer inputs;

  @Option(names = "--model", paramLabel = "FILE", description = "A liquid4j model file.")
  Path model;

  @Option(names = "--output", paramLabel = "FILE",
      description = "Where to draw the diagram: PNG, or SVG when the name ends in .svg.")
  Path output;

  @Mixin WriterOptions common;

  @Spec CommandSpec commandSpec;

  @Override
  public Integer call() throws Exception {
    if ((spec == null) == (model == null)) {
      throw new IllegalArgumentException("give either --spec (with --inputs) or --model");
    }
    Outputs.of(common.force).add("--output", output).check();
    Wiring wiring;
    String title;
    if (spec != null) {
      if (inputs == null || inputs < 1) {
        throw new IllegalArgumentException("--inputs: expected a number of inputs >= 1 with"
            + " --spec, got " + (inputs == null ? "none" : inputs));
      }
      Object parsed;
      try {
        // A key given twice would otherwise silently keep its last value.
        parsed = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build().readValue(spec, Object.class);
      } catch (JacksonException e) {
        throw new IllegalArgumentException("--spec: expected a JSON object, found "
            + Quoted.of(spec) + " (" + Quoted.cutWithLength(e.getOriginalMessage()) + ")");
      }
      if (!(parsed instanceof Map<?, ?> config)) {
        throw new IllegalArgumentException("--spec: expected a JSON object, found "
            + Quoted.of(spec));
      }
      @SuppressWarnings("unchecked")
      Map<String, ?> typed = (Map<String, ?>) config;
      WiringSpec wiringSpec;
      try {
        wiringSpec = WiringSpecs.fromConfig(typed);
      } catch (IllegalArgumentException e) {
        String m = String.valueOf(e.getMessage());
        throw new IllegalArgumentException("--spec: "
            + (m.startsWith("wiring config: ") ? m.substring("wiring config: ".length()) : m), e);
      }
      try {
        wiring = wiringSpec.build(inputs);
      } catch (IllegalArgumentException e) {
        // The spec itself was valid; what build refuses is the number of inputs.
        throw new IllegalArgumentException("--inputs: " + e.getMessage(), e);
      }
      title = String.valueOf(config.get("type")) + ", " + inputs + " inputs";
    } else {
      SequenceModel m = ModelFile.load(model);
      wiring = m.wiring();
      if (wiring == null) {
        throw new IllegalArgumentException(
            "--model: " + model + " is a " + m.config().model().configName()
                + " without a wiring");
      }
      title = model.getFileName() + ": " + m.config().model().configName();
    }
    PrintWriter out = commandSpec.commandLine().getOut();
    out.printf(Locale.ROOT, "%-10s %4d%n", "sensory", wiring.inputDim());
    for (NeuronType t : NeuronType.values()) {
      int n = 0;
      for (int i = 0; i < wiring.units(); i++) {
        n += wiring.typeOf(i) == t ? 1 : 0;
      }
      out.printf(Locale.ROOT, "%-10s %4d%n", t.ncpsName(), n);
    }
    int[] internal = polarities(wiring, false);
    int[] sensory = polarities(wiring, true);
    out.printf(Locale.ROOT, "synapses: %d (%d excitatory, %d inhibitory); sensory synapses: %d"
        + " (%d excitatory, %d inhibitory)%n", internal[0] + internal[1], internal[0],
        internal[1], sensory[0] + sensory[1], sensory[0], sensory[1]);
    if (output != null) {
      WiringDiagram.write(wiring, title, output, common.force);
      out.println("Diagram in " + output);
    }
    out.flush();
    return 0;
  }

  /** {excitatory, inhibitory} counts of the internal or sensory synapses. */
  private static int[] polarities(Wiring w, boolean sensory) {
    int[] n = new int[2];
    int rows = sensory ? w.inputDim() : w.units();
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < w.units(); j++) {
        int p = sensory ? w.sensorySynapse(i, j) : w.synapse(i, j);
        if (p > 0) {
          n[0]++;
        } else if (p < 0) {
          n[1]++;
        }
      }
    }
    return n;
  }
}
