package io.liquid4j.cli;

import io.liquid4j.data.SequenceDataset;
import io.liquid4j.data.TaskKind;
import io.liquid4j.io.ModelFile;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.train.Evaluation;
import io.liquid4j.train.Trainer;
import io.liquid4j.train.TrainerConfig;
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
    Trainer trainer = new Trainer(TrainerConfig.defaults(), Trainer.defaultLoss(set));
    Evaluation ev = trainer.evaluate(model, set);
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
    return kind == TaskKind.CLASSIFICATION
        ? String.format(Locale.ROOT, "accuracy %.4f, F1 %.4f, loss %.4f", ev.accuracy(), ev.f1(),
            ev.loss())
        : String.format(Locale.ROOT, "MSE %.5f, MAE %.5f", ev.mse(), ev.mae());
  }
}
