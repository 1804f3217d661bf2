package io.liquid4j.cli;

import io.liquid4j.data.SequenceDataset;
import io.liquid4j.data.TaskKind;
import io.liquid4j.evaluation.Evaluation;
import io.liquid4j.evaluation.Evaluator;
import io.liquid4j.io.ModelFile;
import io.liquid4j.model.SequenceModel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.ObjectMapper;

/** {@code liquid4j evaluate}: metrics of a trained model on a CSV file. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Evaluate a model made by 'liquid4j train' on a CSV file with the same columns.")
final class EvaluateCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model file.")
  Path modelPath;

  @Option(names = "--data", required = true, paramLabel = "FILE.csv", description = "CSV file.")
  Path data;

  @Option(names = "--json", description = "Print the metrics as one JSON object on the last line.")
  boolean json;

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Override
  @SuppressWarnings("unchecked")
  public Integer call() throws Exception {
    SequenceModel model = ModelFile.load(modelPath);
    CsvDataSpec spec = TrainedData.spec(modelPath);
    SequenceDataset set = TrainedData.read(modelPath, data);
    ObjectMapper json = new ObjectMapper();
    Evaluation ev = Evaluator.create().evaluate(model, set);
    var out = this.spec.commandLine().getOut();
    out.println(set.size() + " sequences: " + describe(ev, spec.task()));
    if (this.json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("sequences", set.size());
      m.put("loss", ev.loss());
      if (spec.task() == TaskKind.CLASSIFICATION) {
        m.put("accuracy", ev.accuracy());
        m.put("f1", ev.f1());
      } else {
        m.put("mse", ev.mse());
        m.put("mae", ev.mae());
      }
      out.println(json.writeValueAsString(m));
    }
    return 0;
  }

  static String describe(Evaluation ev, TaskKind kind) {
    return ev.describe();
  }
}
