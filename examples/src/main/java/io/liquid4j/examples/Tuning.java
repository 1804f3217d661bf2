package io.liquid4j.examples;

import io.liquid4j.data.CsvTimeSeries;
import io.liquid4j.data.SequenceDataset;
import io.liquid4j.data.Splits;
import io.liquid4j.train.TrainerConfig;
import io.liquid4j.tune.Candidate;
import io.liquid4j.tune.Grid;
import io.liquid4j.tune.Tuner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

public class Tuning {
  public static void main(String[] args) throws IOException {
    SequenceDataset all = CsvTimeSeries.read(Path.of("datasets/occupancy/datatraining.txt"),
        CsvTimeSeries.Options.classification(List.of("Temperature", "CO2"), "Occupancy", 16));
    Splits.Split split = Splits.shuffled(all, 1, 0.2, 0.2);     // 60 / 20 / 20 % of the windows
    SequenceDataset train = split.train();
    SequenceDataset validation = split.validation();
    SequenceDataset test = split.test();
    Path dir = Path.of("liquid4j-out", "tuning");
    Files.createDirectories(dir);
    Path grid = Files.writeString(dir.resolve("grid.json"),
        "{\"models\": [\"cfc\"], \"units\": [8], \"learning_rates\": [0.01, 0.003],"
            + " \"epochs\": [1], \"batch_sizes\": [16]}");

    List<Candidate> candidates = Grid.parse(grid.toString(), "grid").all();   // or new Grid().models(...)
    Tuner tuner = Tuner.builder().candidates(candidates).folder(dir.resolve("search"))
        .trainer(TrainerConfig.defaults().withClipNorm(1.0)).build();
    Tuner.Search search = tuner.search(train, validation);       // no test data in the search
    Tuner.FinalTest result = tuner.test(search, train, validation, test, null, 1, 2, 3, 4, 5);
    System.out.println(search.chosen().candidate().describe() + ": " + result.describe());
  }
}
