package io.liquid4j.experiments;

import io.liquid4j.evaluation.Evaluation;
import io.liquid4j.experiments.datasets.BenchmarkData;
import io.liquid4j.experiments.datasets.Occupancy;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.ModelSpec;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.train.CrossEntropy;
import io.liquid4j.train.OptimizerConfig;
import io.liquid4j.train.Selection;
import io.liquid4j.train.Trainer;
import io.liquid4j.train.TrainerConfig;
import io.liquid4j.train.TrainingListener;
import io.liquid4j.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The demo: a Neural Circuit Policy LTC and a CfC learn to tell from a room's temperature,
 * humidity, light and CO2 whether someone is in it (UCI Occupancy, windows of 16 minutes, the LTC
 * paper's preparation), in a few epochs each, and are tested on days they never saw.
 *
 * <pre>{@code
 * OccupancyDemo.Result ltc = OccupancyDemo.train(OccupancyDemo.ltc(), Path.of("datasets"), 1,
 *     3, TrainingListener.NONE, 2);
 * double accuracy = ltc.test().accuracy();
 * }</pre>
 *
 * <p>Stateless: the methods may be called from several threads at once; each {@link #train}
 * loads its own copy of the data and trains its own model.
 */
public final class OccupancyDemo {
  /** The LTC paper's figure for an LTC on this task (Table 3): 94.63 % ± 0.17, 200 epochs. */
  public static final double PAPER_LTC_ACCURACY = 0.9463;

  private OccupancyDemo() {}

  /**
   * One trained model. Immutable, as its components are, and safe to share between threads.
   *
   * @param name LTC or CfC
   * @param description its architecture in words
   * @param parameters number of trainable parameters
   * @param training the run, with its per-epoch history and the model of the best epoch
   * @param test loss and metrics on the test days
   */
  public record Result(
      String name, String description, int parameters, TrainingResult training,
      Evaluation test) {}

  /**
   * An LTC wired as AutoNCP(16 neurons, 2 motor neurons): the two class logits.
   *
   * @return the spec, to be sized for the data by {@link #train}
   */
  public static ModelSpec ltc() {
    return ModelSpec.parse("""
        {"model": "ltc", "units": {"type": "AutoNCP", "units": 16, "output_size": 2}}
        """, "the demo's LTC");
  }

  /**
   * A CfC of 32 units with a 64-unit backbone and a dense read-out to the two logits.
   *
   * @return the spec, to be sized for the data by {@link #train}
   */
  public static ModelSpec cfc() {
    return ModelSpec.parse("""
        {"model": "cfc", "units": 32, "backbone_units": 64}
        """, "the demo's CfC");
  }

  /**
   * Trains one model on the training days (the paper's windows and validation split, the best
   * validation epoch kept) and tests it on the test days.
   *
   * @param config the model, {@link #ltc()} or {@link #cfc()}
   * @param datasetsDir the folder holding {@code occupancy/}
   * @param seed initialises the model and shuffles the batches
   * @param epochs training epochs, ≥ 1
   * @param listener told of every epoch; {@link TrainingListener#NONE} for none
   * @param threads worker threads (the result does not depend on them)
   * @return the model of the best validation epoch, its history and its test evaluation
   * @throws IOException if a dataset file is missing, unreadable or malformed
   * @throws io.liquid4j.train.TrainingException on a non-finite loss or gradient
   */
  public static Result train(
      ModelSpec config, Path datasetsDir, long seed, int epochs,
      TrainingListener listener, int threads) throws IOException {
    BenchmarkData data = Occupancy.load(datasetsDir.resolve("occupancy"));
    ModelConfig c = LtcPaperExperiment.modelFor(config, data.train());
    SequenceModel model = SequenceModel.create(c, seed);
    String name = c.model() == io.liquid4j.model.ModelKind.LTC ? "LTC" : "CfC";
    TrainerConfig tc = TrainerConfig.builder()
        .epochs(epochs)
        .batchSize(16)
        .learningRate(LtcPaperExperiment.learningRate("occupancy",
            name.toLowerCase(java.util.Locale.ROOT)))
        .optimizer(OptimizerConfig.adam())
        .seed(seed)
        .threads(threads)
        .build();
    Trainer trainer = new Trainer(tc, new CrossEntropy()).selectingBy(Selection.ACCURACY);
    TrainingResult result =
        trainer.fit(model, data.train(), data.validation(), listener, null, false);
    Evaluation test = trainer.evaluator().evaluate(result.model(), data.test());
    String description = name.equals("LTC")
        ? "LTC, NCP wiring AutoNCP(16, 2): " + model.wiring().synapseCount() + " synapses, "
            + model.wiring().sensorySynapseCount() + " sensory"
        : "CfC, 32 units, backbone 64";
    return new Result(name, description, model.layout().trainableSize(), result, test);
  }
}
