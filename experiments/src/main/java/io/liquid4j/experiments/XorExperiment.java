package io.liquid4j.experiments;

import io.liquid4j.cell.Activation;
import io.liquid4j.cell.CfcMode;
import io.liquid4j.cell.CfcVariant;
import io.liquid4j.cell.ParameterLayout;
import io.liquid4j.data.SequenceDataset;
import io.liquid4j.evaluation.Evaluation;
import io.liquid4j.experiments.datasets.XorData;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.train.CrossEntropy;
import io.liquid4j.train.ExponentialDecayLr;
import io.liquid4j.train.L2Penalty;
import io.liquid4j.train.OptimizerConfig;
import io.liquid4j.train.SchedulePer;
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
 *   <tr><th>model</th><th>cell</th><th>backbone</th><th>optimizer</th>
 *       <th>lr, decay per epoch of steps</th><th>clipnorm</th><th>batch</th><th>L2</th></tr>
 *   <tr><td>cfc</td><td>192, the paper's CfC</td><td>128×1 relu</td><td>RMSprop</td>
 *       <td>0.05, 0.95</td><td>1</td><td>128</td><td>3e-6</td></tr>
 *   <tr><td>cfc-mmrnn</td><td>64, the paper's mixed cell, forget bias 0.6</td>
 *       <td>128×1 relu</td><td>RMSprop</td><td>0.005, 0.95</td><td>10</td><td>128</td>
 *       <td>2e-6</td></tr>
 *   <tr><td>cfc-nogate</td><td>128, the paper's CfC, no gate</td>
 *       <td>192×1 silu, dropout 0.3</td><td>RMSprop</td><td>0.005, 0.95</td><td>10</td>
 *       <td>128</td><td>5e-6</td></tr>
 *   <tr><td>ltc</td><td>64, 6 unfolds</td><td>–</td><td>Adam</td><td>0.005, 0.9</td>
 *       <td>5</td><td>256</td><td>–</td></tr>
 *   <tr><td>lstm</td><td>64</td><td>–</td><td>Adam</td><td>0.005, 0.9</td><td>5</td>
 *       <td>256</td><td>–</td></tr>
 * </table>
 *
 * <p>As the original: the CfCs are {@code cfc_variant paper} (lecun_tanh heads, dropout after
 * the single backbone layer), {@code cfc-mmrnn} the paper's {@code MixedCfcCell} ({@code
 * mixed_memory} with {@code cfc_variant paper}: the LSTM's output is the CfC's input); Keras's
 * {@code clipnorm} clips each gradient tensor on its own ({@link TrainerConfig#clipTensorNorm});
 * {@code ExponentialDecay(base_lr, train_steps, decay)} with {@code train_steps} = training
 * sequences ÷ batch size is stepped after every batch ({@link ExponentialDecayLr}, {@link
 * SchedulePer#BATCH}: lr·decay^(step / train_steps)); the Dense layers' {@code
 * kernel_regularizer=L2(weight_decay)} is {@link TrainerConfig#l2} on the CfC cell's kernels only
 * ({@link L2Penalty.Scope#CFC_KERNELS}: not the mixed cell's LSTM, not the read-out, as in
 * {@code tf_cfc.py}; its {@code LTCCell} takes no regularizer, so the LTC has none); RMSprop has Keras's rho 0.9
 * and ε 1e-7 inside the square root (√(v + ε), as Keras computes it), Adam Keras's ε 1e-7; the
 * CfCs start as Keras's Dense layers do (glorot-uniform
 * weights, zero biases; the read-out too, and the mixed cell's LSTM with zero gate biases and
 * an orthogonal recurrent kernel).
 *
 * <p>Where this still differs from the original: the read-out is 2 logits with softmax
 * cross-entropy and the accuracy is the argmax (the original: 1 logit, binary cross-entropy,
 * accuracy at threshold 0; liquid4j has no 1-logit binary loss, and the two logits' difference
 * is such a logit, with twice the read-out's parameters); the LTC is ncps's (mappings,
 * constraints by softplus, initialisation), not {@code tf_cfc.py}'s {@code LTCCell}, and starts
 * as ncps initialises it, as does the LSTM, which {@code train_xor.py} does not have; the data
 * are drawn from Java's seeded streams, not numpy's.
 *
 * <p>Stateless: the methods may be called from several threads at once.
 */
public final class XorExperiment {
  /** Models that can be run. */
  public static final List<String> MODELS =
      List.of("cfc", "cfc-mmrnn", "cfc-nogate", "ltc", "lstm");

  /**
   * Default epochs of {@code liquid4j experiment xor}: sized so that a CfC run on 2 cores ends
   * within about 20 minutes (one epoch of {@code cfc} took 255 s of training on the shared 2-core
   * machine under a load of 7–10, one of {@code cfc-mmrnn} 135 s); the paper trains 200.
   */
  public static final int DEFAULT_EPOCHS = 4;

  private XorExperiment() {}

  /**
   * A model and how to train it.
   *
   * @param config the network, 1 input, 2 logits, read at the last valid step
   * @param trainer optimizer, clipping, L2 penalty, batch size and per-batch scheduling (epochs,
   *     seed and threads set per run)
   * @param decay the learning rate's factor per epoch's worth of optimizer steps (Keras's {@code
   *     ExponentialDecay} rate, its {@code decay_steps} the batches of one epoch)
   * @param kerasInitialisation whether the model starts as Keras's layers do (see {@link
   *     XorExperiment#kerasInitialisation}) instead of as ncps initialises it
   */
  public record Recipe(ModelConfig config, TrainerConfig trainer, double decay,
      boolean kerasInitialisation) {
    /**
     * The learning-rate schedule for {@code trainSize} training sequences: Keras's {@code
     * ExponentialDecay(lr, trainSize / batch, decay)}, not stepped in whole epochs, to be
     * stepped after every batch.
     *
     * @param trainSize training sequences, ≥ 1
     * @return a new schedule, lr·decay^(step / max(1, trainSize / batch))
     */
    public ExponentialDecayLr schedule(int trainSize) {
      int steps = Math.max(1, trainSize / trainer.batchSize());
      return new ExponentialDecayLr(trainer.learningRate(), steps, decay, false);
    }
  }

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
    OptimizerConfig rmsprop =
        OptimizerConfig.rmsprop().withAlpha(0.9).withEps(1e-7).withEpsInsideSqrt(true);
    TrainerConfig.Builder t = TrainerConfig.builder().optimizer(rmsprop).batchSize(128)
        .schedulePer(SchedulePer.BATCH);
    ModelConfig.Builder c;
    double lr;
    double decay = 0.95;
    boolean keras = true;
    switch (model.toLowerCase(Locale.ROOT)) {
      case "cfc" -> {
        c = ModelConfig.cfc(1, 192).backbone(128, 1, 0.0).activation(Activation.RELU)
            .cfcVariant(CfcVariant.PAPER);
        lr = 0.05;
        t.clipTensorNorm(1).l2(3e-6).l2Scope(L2Penalty.Scope.CFC_KERNELS);
      }
      case "cfc-mmrnn" -> {
        c = ModelConfig.cfc(1, 64).backbone(128, 1, 0.0).activation(Activation.RELU)
            .cfcVariant(CfcVariant.PAPER).mixedMemory(true).forgetBias(0.6);
        lr = 0.005;
        t.clipTensorNorm(10).l2(2e-6).l2Scope(L2Penalty.Scope.CFC_KERNELS);
      }
      case "cfc-nogate" -> {
        c = ModelConfig.cfc(1, 128).backbone(192, 1, 0.3).activation(Activation.SILU)
            .mode(CfcMode.NO_GATE).cfcVariant(CfcVariant.PAPER);
        lr = 0.005;
        t.clipTensorNorm(10).l2(5e-6).l2Scope(L2Penalty.Scope.CFC_KERNELS);
      }
      case "ltc", "lstm" -> {
        c = model.equalsIgnoreCase("ltc") ? ModelConfig.ltc(1, 64).odeUnfolds(6)
            : ModelConfig.lstm(1, 64);
        lr = 0.005;
        decay = 0.9;
        keras = false;
        t.optimizer(OptimizerConfig.adam().withEps(1e-7)).clipTensorNorm(5).batchSize(256);
      }
      default -> throw new IllegalArgumentException(
          "model: unknown '" + model + "' (expected one of " + String.join(", ", MODELS) + ")");
    }
    ModelConfig config = c.projSize(2).returnSequences(false).build();
    return new Recipe(config, t.learningRate(lr).build(), decay, keras);
  }

  /**
   * The model with Keras's initialisation of the original's layers in place of ncps's: every
   * bias of the cell and of the read-out zero (Keras's Dense and the mixed cell's gate bias),
   * and the read-out's weights glorot-uniform, U(±√(6 / (in + out))), drawn from {@code seed}.
   * The cell's weight matrices are glorot-uniform (and the LSTM's recurrent kernel orthogonal) in
   * both already.
   *
   * @param model a model with a read-out ({@code proj_size})
   * @param seed fixes the read-out's draws
   * @return the model with those parameters
   * @throws IllegalArgumentException if the model has no read-out
   */
  public static SequenceModel kerasInitialisation(SequenceModel model, long seed) {
    double[] p = model.parameters();
    ParameterLayout layout = model.layout();
    for (ParameterLayout.Entry e : layout.entries()) {
      if (e.trainable() && e.name().endsWith("bias")) {
        java.util.Arrays.fill(p, e.offset(), e.offset() + e.size(), 0.0);
      }
    }
    ParameterLayout.Entry w = layout.entry("fc.weight");
    int out = w.shape()[0];
    int in = w.shape()[1];
    double bound = Math.sqrt(6.0 / (in + out));
    java.util.SplittableRandom rng = new java.util.SplittableRandom(seed * 31 + 7);
    for (int i = w.offset(); i < w.offset() + w.size(); i++) {
      p[i] = bound * (2 * rng.nextDouble() - 1);
    }
    return model.withParameters(p);
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
    Trainer trainer = new Trainer(tc, new CrossEntropy(), r.schedule(trainSize));
    SequenceModel initial = SequenceModel.create(r.config(), seed);
    if (r.kerasInitialisation()) {
      initial = kerasInitialisation(initial, seed);
    }
    TrainingResult result;
    try {
      result = trainer.fit(initial, train, null, listener, null, false);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e); // no checkpoint is written
    }
    Evaluation eval = trainer.evaluator().evaluate(result.model(), test);
    return new XorResult(model.toLowerCase(Locale.ROOT), seed, eval.accuracy(), eval, result);
  }
}
