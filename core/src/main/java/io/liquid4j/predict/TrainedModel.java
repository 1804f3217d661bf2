package io.liquid4j.predict;

import io.liquid4j.io.ModelFile;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.evaluation.Evaluation;
import io.liquid4j.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a {@link ModelTraining} run: the trained model with its preprocessing, the
 * training history, and the evaluation on the test part in the user's units (when there was one).
 * Immutable and safe to share between threads.
 */
public final class TrainedModel {
  private final Predictor predictor;
  private final TrainingResult training;
  private final Evaluation test; // null without test data
  private final int trainSize;
  private final int validationSize;
  private final int testSize;

  TrainedModel(
      Predictor predictor,
      TrainingResult training,
      Evaluation test,
      int trainSize,
      int validationSize,
      int testSize) {
    this.predictor = Objects.requireNonNull(predictor, "predictor");
    this.training = Objects.requireNonNull(training, "training");
    this.test = test;
    this.trainSize = trainSize;
    this.validationSize = validationSize;
    this.testSize = testSize;
  }

  /** {@return the trained model (the best validation epoch's when there was validation data)} */
  public SequenceModel model() {
    return predictor.model();
  }

  /**
   * {@return what it takes to apply the model to raw data, with the scaling fitted on the training
   * part}
   */
  public Preprocessing preprocessing() {
    return predictor.preprocessing().orElseThrow();
  }

  /** {@return the model with its preprocessing, ready to predict from raw data} */
  public Predictor predictor() {
    return predictor;
  }

  /** {@return the trainer's result: per-epoch history, best epoch, early stopping, time} */
  public TrainingResult training() {
    return training;
  }

  /**
   * The trained model's metrics on the test part, computed on the raw test data through the
   * {@link #predictor()} (regression errors in the targets' units).
   *
   * @return the test evaluation; empty without test data
   */
  public Optional<Evaluation> test() {
    return Optional.ofNullable(test);
  }

  /** {@return the number of sequences the model was trained on} */
  public int trainSize() {
    return trainSize;
  }

  /**
   * {@return the number of sequences used for validation (model selection, early stopping); 0 for
   * none}
   */
  public int validationSize() {
    return validationSize;
  }

  /** {@return the number of sequences held out for the test evaluation; 0 for none} */
  public int testSize() {
    return testSize;
  }

  /**
   * Writes the model file with its preprocessing, atomically.
   *
   * @param path the model file to write
   * @param overwrite replace an existing file (otherwise FileAlreadyExistsException)
   * @throws IOException when the file exists and {@code overwrite} is false, or cannot be written
   */
  public void save(Path path, boolean overwrite) throws IOException {
    ModelFile.save(model(), preprocessing(), path, overwrite);
  }

  /** {@return the model file's bytes, with the preprocessing} */
  public byte[] toBytes() {
    return ModelFile.toBytes(model(), preprocessing());
  }

  @Override
  public String toString() {
    return "TrainedModel[" + model() + ", " + trainSize + " train / " + validationSize
        + " validation / " + testSize + " test sequences]";
  }
}
