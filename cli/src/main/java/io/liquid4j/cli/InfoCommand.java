package io.liquid4j.cli;

import io.liquid4j.cell.ParameterLayout;
import io.liquid4j.io.ModelFile;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.wiring.Wiring;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code liquid4j info}: what a model file contains. */
@Command(name = "info", mixinStandardHelpOptions = true,
    description = "Show a model's configuration, wiring and parameters.")
final class InfoCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model file.")
  Path modelPath;

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    SequenceModel model = ModelFile.load(modelPath);
    spec.commandLine().getOut().println(model);
    spec.commandLine().getOut().println("config:");
    for (Map.Entry<String, Object> e : model.config().toMap().entrySet()) {
      spec.commandLine().getOut().println("  " + e.getKey() + " = " + e.getValue());
    }
    Wiring w = model.wiring();
    if (w != null) {
      spec.commandLine().getOut().printf("wiring: %s: %d neurons, %d inputs, %d outputs, %d synapses, %d sensory synapses%n",
          w.spec(), w.units(), w.inputDim(), w.outputDim(), w.synapseCount(), w.sensorySynapseCount());
    }
    spec.commandLine().getOut().println("parameters:");
    for (ParameterLayout.Entry e : model.layout().entries()) {
      spec.commandLine().getOut().printf("  %-36s %-12s %s%n", e.name(), e.shapeString(),
          e.trainable() ? "" : "(frozen)");
    }
    return 0;
  }
}
