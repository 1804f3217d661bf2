package io.liquid4j.experiments;

import io.liquid4j.cell.Activation;
import io.liquid4j.cell.CfcMode;
import io.liquid4j.data.SequenceDataset;
import io.liquid4j.evaluation.Evaluation;
import io.liquid4j.experiments.datasets.XorData;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.train.CrossEntropy;
import io.liquid4j.train.ExponentialLr;
import io.liquid4j.train.OptimizerConfig;
import io.liquid4j.train.Trainer;
import io.liquid4j.train.TrainerConfig;
import io.liquid4j.train.TrainingListener;
import io.liquid4j.train.TrainingResult;
import java.util.List;
import java.util.Locale;

/**
 * The CfC paper's event-based bit-stream XOR ({@link XorData}), trained with the recipes of
 * raminmh/CfC's {@code train_xor.py}: the sequences of events run through the recurrent model,
 * which skips padded steps and is read at each sequence's last event, then a dense read-out to
 * the parity; trained on the 100,000 training sequences for a number of epochs (the paper: 200)
 * and scored once on the 10,000 test sequences (the original has no validation set and reports
 * the final model's test accuracy).
 *
 * <p>Recipes ({@code BEST_DEFAULT}, {@code BEST_MIXED}, {@code BEST_NO_GATE}, {@code LTC_TEST}):
 *
 * <table>
 *   <caption>Per model</caption>
 *   <tr><th>model</th><th>units</th><th>backbone</th><th>optimizer</th><th>lr, decay/epoch</th>
 *       <th>clip</th><th>batch</th></tr>
 *   <tr><td>cfc</td><td>192</td><td>128×1 relu</td><td>RMSprop</td><td>0.05, 0.95</td>
 *       <td>1</td><td>128</td></tr>
 *   <tr><td>cfc-mmrnn</td><td>64, mixed memory</td><td>128×1 relu</td><td>RMSprop</td>
 *       <td>0.005, 0.95</td><td>10</td><td>128</td></tr>
 *   <tr><td>cfc-nogate</td><td>128, no gate</td><td>192×1 silu</td><td>RMSprop</td>
 *       <td>0.005, 0.95</td><td>10</td><td>128</td></tr>
 *   <tr><td>ltc</td><td>64, 6 unfolds</td><td>–</td><td>Adam</td><td>0.005, 0.9</td>
 *       <td>5</td><td>256</td></tr>
 *   <tr><td>lstm</td><td>64</td><td>–</td><td>Adam</td><td>0.005, 0.9</td><td>5</td>
 *       <td>256</td></tr>
 * </table>
 *
 * <p>Where this differs from the original: the read-out is 2 logits with softmax cross-entropy
 * (the original: 1 logit, binary cross-entropy, the same model class); Keras's per-step {@code
 * ExponentialDecay} is stepped per epoch (lr·decay^epoch, equal at every epoch's start);
 * RMSprop has Keras's rho 0.9 and ε 1e-7; gradients are clipped by their global norm (Keras's
 * {@code clipnorm} clips each tensor); the L2 weight decay (2e-6 … 5e-6), the forget bias and the
 * no-gate recipe's backbone dropout 0.3 on its single layer are left out; cells start as ncps
 * initialises them; the data are drawn from Java's seeded streams, not numpy's.
 *
 * <p>Stateless: the methods may be called from several threads at once.
 */
public final class XorExperiment {
  /** Models that can be run. */
  public static final List<String> MODELS =
      List.of("cfc", "cfc-mmrnn", "cfc-nogate", "ltc", "lstm");

  /**
   * Default epochs of {@code liquid4j experiment xor}: sized so that a CfC run on 2 cores ends
   * within about 20 minutes; the paper trains 200.
   */
  public static final int DEFAULT_EPOCHS = 1;

  private XorExperiment() {}

  /**
   * A model and how to train it.
   *
   * @param config the network, 1 input, 2 logits, read at the last valid step
   * @param trainer optimizer, clipping and batch size (epochs, seed and threads set per run)
   * @param decay the learning rate's factor per epoch
   */
  public record Recipe(ModelConfig config, TrainerConfig trainer, double decay) {}

  /**
   * The outcome of one run.
   *
   * @param model the model's name
   * @param seed the run's seed (model initialisation and batch order)
   * @param testAccuracy the final model's accuracy on the test sequences, a fraction
   * @param test every test metric
   * @param training the training run
   */
  public record XorResult(
      String model, long seed, double testAccuracy, Evaluation test, TrainingResult training) {}

  /**
   * The recipe of {@code train_xor.py} for a model (see the class comment).
   *
   * @param model one of {@link #MODELS}, in any case
   * @return its recipe
   * @throws IllegalArgumentException if {@code model} is not one of {@link #MODELS}
   */
  public static Recipe recipe(String model) {
    OptimizerConfig rmsprop = OptimizerConfig.rmsprop().withAlpha(0.9).withEps(1e-7);
    TrainerConfig.Builder t = TrainerConfig.builder().optimizer(rmsprop).batchSize(128);
    ModelConfig.Builder c;
    double lr;
    double decay = 0.95;
    switch (model.toLowerCase(Locale.ROOT)) {
      case "cfc" -> {
        c = ModelConfig.cfc(1, 192).backbone(128, 1, 0.0).activation(Activation.RELU);
        lr = 0.05;
        t.clipNorm(1);
      }
      case "cfc-mmrnn" -> {
        c = ModelConfig.cfc(1, 64).backbone(128, 1, 0.0).activation(Activation.RELU)
            .mixedMemory(true);
        lr = 0.005;
        t.clipNorm(10);
      }
      case "cfc-nogate" -> {
        c = ModelConfig.cfc(1, 128).backbone(192, 1, 0.0).activation(Activation.SILU)
            .mode(CfcMode.NO_GATE);
        lr = 0.005;
        t.clipNorm(10);
      }
      case "ltc", "lstm" -> {
        c = model.equalsIgnoreCase("ltc") ? ModelConfig.ltc(1, 64).odeUnfolds(6)
            : ModelConfig.lstm(1, 64);
        lr = 0.005;
        decay = 0.9;
        t.optimizer(OptimizerConfig.adam()).clipNorm(5).batchSize(256);
      }
      default -> throw new IllegalArgumentException(
          "model: unknown '" + model + "' (expected one of " + String.join(", ", MODELS) + ")");
    }
    ModelConfig config = c.projSize(2).returnSequences(false).build();
    return new Recipe(config, t.learningRate(lr).build(), decay);
  }

  /**
   * Trains a model on the original's 100,000 training sequences and scores it on its 10,000 test
   * sequences.
   *
   * @param model one of {@link #MODELS}, in any case
   * @param seed initialises the model and shuffles the batches
   * @param epochs training epochs, ≥ 1 (the paper: 200)
   * @param listener told of every epoch; {@link TrainingListener#NONE} for none
   * @param threads worker threads (the result does not depend on them)
   * @return the final model's test accuracy, with the run
   * @throws IllegalArgumentException if {@code model} is unknown or {@code epochs} &lt; 1
   * @throws io.liquid4j.train.TrainingException on a non-finite loss or gradient
   */
  public static XorResult run(String model, long seed, int epochs, TrainingListener listener,
      int threads) {
    return run(model, seed, epochs, XorData.TRAIN_SIZE, XorData.TEST_SIZE, listener, threads);
  }

  /**
   * {@link #run(String, long, int, TrainingListener, int)} on the first {@code trainSize} and
   * {@code testSize} sequences of the original's streams (for quick runs).
   *
   * @param model one of {@link #MODELS}, in any case
   * @param seed initialises the model and shuffles the batches
   * @param epochs training epochs, ≥ 1
   * @param trainSize training sequences, ≥ 1
   * @param testSize test sequences, ≥ 1
   * @param listener told of every epoch; {@link TrainingListener#NONE} for none
   * @param threads worker threads (the result does not depend on them)
   * @return the final model's test accuracy, with the run
   * @throws IllegalArgumentException if {@code model} is unknown, or a count is &lt; 1
   * @throws io.liquid4j.train.TrainingException on a non-finite loss or gradient
   */
  public static XorResult run(String model, long seed, int epochs, int trainSize, int testSize,
      TrainingListener listener, int threads) {
    Recipe r = recipe(model);
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
    }
    SequenceDataset train = XorData.generate(trainSize, XorData.TRAIN_SEED, XorData.PAD);
    SequenceDataset test = XorData.generate(testSize, XorData.TEST_SEED, XorData.PAD);
    TrainerConfig tc = r.trainer().toBuilder().epochs(epochs).seed(seed).threads(threads).build();
    Trainer trainer = new Trainer(tc, new CrossEntropy(),
        new ExponentialLr(tc.learningRate(), r.decay()));
    TrainingResult result;
    try {
      result = trainer.fit(SequenceModel.create(r.config(), seed), train, null, listener, null,
          false);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e); // no checkpoint is written
    }
    Evaluation eval = trainer.evaluator().evaluate(result.model(), test);
    return new XorResult(model.toLowerCase(Locale.ROOT), seed, eval.accuracy(), eval, result);
  }
}
