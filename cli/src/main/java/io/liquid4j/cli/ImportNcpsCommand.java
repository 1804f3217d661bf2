package io.liquid4j.cli;

import io.liquid4j.io.ModelFile;
import io.liquid4j.io.NcpsImport;
import io.liquid4j.model.SequenceModel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code liquid4j import-ncps}: converts an ncps state_dict + config into a liquid4j model. */
@Command(
    name = "import-ncps",
    mixinStandardHelpOptions = true,
    description = {
      "Import a model trained with ncps (PyTorch).",
      "The config is a JSON file of the ncps constructor's keyword arguments and the weights are"
          + " model.state_dict() saved with safetensors.torch.save_file. A config:",
      "  {\"model\": \"LTC\", \"input_size\": 2,",
      "   \"units\": {\"type\": \"AutoNCP\", \"units\": 16, \"output_size\": 1}}"
    })
final class ImportNcpsCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, paramLabel = "C.json",
      description = "ncps constructor arguments as JSON.")
  Path config;

  @Option(names = "--weights", required = true, paramLabel = "W.safetensors",
      description = "The ncps state_dict in safetensors format.")
  Path weights;

  @Option(names = "--output", required = true, paramLabel = "MODEL",
      description = "liquid4j model file to write.")
  Path output;

  @Mixin WriterOptions common;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Outputs.of(common.force).add("--output", output).check();
    SequenceModel model = NcpsImport.load(config, weights);
    ModelFile.save(model, output, common.force);
    spec.commandLine().getOut().println("Imported " + model + " to " + output);
    return 0;
  }
}
