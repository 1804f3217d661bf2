package io.liquid4j.examples;

import io.liquid4j.data.CsvTimeSeries;
import io.liquid4j.data.SequenceDataset;
import io.liquid4j.data.Standardizer;
import io.liquid4j.spark.Sweep;
import io.liquid4j.spark.SweepData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

public class SparkSweep {
  public static void main(String[] args) throws IOException {
    SparkConf conf = new SparkConf().setAppName("liquid4j").setIfMissing("spark.master", "local[2]")
        .set("spark.ui.enabled", "false");
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      CsvTimeSeries.Options csv = CsvTimeSeries.Options
          .classification(List.of("Temperature", "CO2"), "Occupancy", 16);
      SequenceDataset raw = CsvTimeSeries.read(Path.of("datasets/occupancy/datatraining.txt"), csv);
      Standardizer scaling = Standardizer.fit(raw);
      SequenceDataset train = scaling.apply(raw);
      SequenceDataset validation = scaling.apply(
          CsvTimeSeries.read(Path.of("datasets/occupancy/datatest.txt"), csv));

      List<Sweep.Settings> runs = Sweep.grid()
          .models("ltc", "cfc").units(8).learningRates(0.01, 0.003)
          .solvers("default").epochs(2).batchSizes(16).optimizers("adam").seeds(1)
          .all();                              // 2·1·2·1 = 4 runs, seeds varying fastest
      // or a seeded random search over the same values: Sweep.grid()...sample(20, 42)
      // or whole model specifications instead of models/units/solvers:
      //   Sweep.grid().specs(ModelSpec.parse("{\"model\": \"cfc\", \"units\": 16}", "a"),
      //       ModelSpec.shorthand("ltc", 16, "ncp", null)).seeds(1, 2).all()
      Sweep.Result table = Sweep.run(sc, runs, SweepData.of(train), SweepData.of(validation));
      Path file = Files.createDirectories(Path.of("liquid4j-out", "sweep")).resolve("sweep.csv");
      table.writeCsv(file);                             // temporary file + atomic move
      Sweep.Row best = table.bestByValidationLoss();
      System.out.print(table.toCsv());
      System.out.println("best: run " + best.run() + ", validation loss " + best.validationLoss());
    }
  }
}
