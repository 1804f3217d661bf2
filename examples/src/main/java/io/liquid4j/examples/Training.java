package io.liquid4j.examples;

import io.liquid4j.data.CsvTimeSeries;
import io.liquid4j.data.SequenceDataset;
import io.liquid4j.data.Standardizer;
import io.liquid4j.evaluation.Evaluation;
import io.liquid4j.evaluation.Evaluator;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.train.CrossEntropy;
import io.liquid4j.train.OptimizerConfig;
import io.liquid4j.train.Trainer;
import io.liquid4j.train.TrainerConfig;
import io.liquid4j.train.TrainingListener;
import io.liquid4j.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

public class Training {
  public static void main(String[] args) throws IOException {
    // UCI Occupancy, shipped in the repository: is someone in the room? Windows of 16 readings.
    CsvTimeSeries.Options csv = CsvTimeSeries.Options
        .classification(List.of("Temperature", "CO2"), "Occupancy", 16)
        .withTimestamps("date");                           // Δt of each step from the timestamps
    SequenceDataset train = CsvTimeSeries.read(Path.of("datasets/occupancy/datatraining.txt"), csv);
    SequenceDataset test = CsvTimeSeries.read(Path.of("datasets/occupancy/datatest.txt"), csv);
    Standardizer scaling = Standardizer.fit(train);        // z-scoring from the training data
    ModelConfig config = ModelConfig.ltc(2, 32).projSize(train.targetWidth()).build();
    TrainerConfig settings = TrainerConfig.builder()
        .epochs(10)
        .learningRate(0.005)
        .optimizer(OptimizerConfig.adam().withBetas(0.9, 0.999).withWeightDecay(1e-4))
        .build();                                 // or TrainerConfig.defaults().withEpochs(10)
    Trainer trainer = new Trainer(settings, new CrossEntropy());
    Path checkpoint = Files.createDirectories(Path.of("liquid4j-out", "training"))
        .resolve("run.ckpt");
    TrainingResult result = trainer.fit(SequenceModel.create(config, 1), scaling.apply(train),
        null, TrainingListener.NONE, checkpoint, true);    // resumes from the checkpoint if present
    Evaluation scores = Evaluator.create().evaluate(result.model(), scaling.apply(test));
    System.out.println(scores.describe());                 // accuracy, F1 and loss on the test days
  }
}
