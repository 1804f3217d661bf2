package io.liquid4j.tune;

import io.liquid4j.data.SequenceDataset;
import io.liquid4j.model.ModelSpec;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.train.ExponentialLr;
import io.liquid4j.train.OptimizerConfig;
import io.liquid4j.train.Trainer;
import io.liquid4j.train.TrainerConfig;
import io.liquid4j.train.TrainingListener;
import io.liquid4j.train.TrainingResult;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Objects;

/**
 * The settings of one training run of a search: the network and the training settings a {@link
 * Grid} varies. Validated on construction, so a bad value is rejected before anything trains;
 * messages name the setting. Immutable and safe to share between threads.
 *
 * @param model the network, built for the data by {@link ModelSpec#toConfig} (the factory
 *     {@code liquid4j train} uses, so the same spec gives the same network)
 * @param learningRate initial learning rate, &gt; 0
 * @param epochs passes over the training data, ≥ 1
 * @param batchSize sequences per mini-batch, ≥ 1
 * @param optimizer "adam", "adamw", "sgd" or "rmsprop", in lower case
 * @param seed initialisation and shuffling
 * @param recipe the training recipe's settings a grid varies (L2, clipping, dropping the last
 *     partial batch, learning-rate decay); {@link Recipe#NONE} keeps the fixed settings
 * @serial exclude
 */
public record Candidate(ModelSpec model, double learningRate, int epochs, int batchSize,
    String optimizer, long seed, Recipe recipe) implements Serializable {

  /** The columns of {@link #csvCells()}. */
  public static final String CSV_HEADER =
      "model,units,learning_rate,solver,epochs,batch_size,optimizer,seed";

  /**
   * Normalises the optimizer's name to lower case and checks every setting.
   *
   * @param model the network, built for the data by {@link ModelSpec#toConfig}
   * @param learningRate initial learning rate, &gt; 0
   * @param epochs passes over the training data, ≥ 1
   * @param batchSize sequences per mini-batch, ≥ 1
   * @param optimizer "adam", "adamw", "sgd" or "rmsprop", in any case
   * @param seed initialisation and shuffling
   * @param recipe the recipe's settings, or null for {@link Recipe#NONE}
   * @throws NullPointerException if {@code model} or {@code optimizer} is null
   * @throws IllegalArgumentException naming the setting that is out of range or unknown
   */
  public Candidate {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(optimizer, "optimizer");
    recipe = recipe == null ? Recipe.NONE : recipe;
    optimizer = optimizer.toLowerCase(Locale.ROOT);
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
      throw new IllegalArgumentException(
          "learning rate must be a positive number, got " + learningRate);
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
    // The library's own check, so the message is the one `liquid4j train` gives.
    OptimizerConfig.named(optimizer);
  }

  /**
   * A candidate with the fixed training recipe ({@link Recipe#NONE}).
   *
   * @param model the network, built for the data by {@link ModelSpec#toConfig}
   * @param learningRate initial learning rate, &gt; 0
   * @param epochs passes over the training data, ≥ 1
   * @param batchSize sequences per mini-batch, ≥ 1
   * @param optimizer "adam", "adamw", "sgd" or "rmsprop", in any case
   * @param seed initialisation and shuffling
   * @throws NullPointerException if {@code model} or {@code optimizer} is null
   * @throws IllegalArgumentException naming the setting that is out of range or unknown
   */
  public Candidate(ModelSpec model, double learningRate, int epochs, int batchSize,
      String optimizer, long seed) {
    this(model, learningRate, epochs, batchSize, optimizer, seed, Recipe.NONE);
  }

  /**
   * The settings of a training recipe that a {@link Grid} may vary beyond the learning rate,
   * epochs, batch size and optimizer; each is null to keep the search's fixed setting ({@link
   * Tuner.Builder#trainer}). Immutable.
   *
   * @param l2 L2 penalty λ on the weight matrices ({@link TrainerConfig.Builder#l2}), finite and
   *     ≥ 0, or null
   * @param clipNorm global gradient-norm clipping ({@link TrainerConfig.Builder#clipNorm}), finite
   *     and ≥ 0 (0: off), or null
   * @param clipTensorNorm per-tensor gradient-norm clipping ({@link
   *     TrainerConfig.Builder#clipTensorNorm}), finite and ≥ 0 (0: off), or null
   * @param dropLast skip each epoch's last partial batch ({@link
   *     TrainerConfig.Builder#dropLastPartialBatch}), or null
   * @param lrDecay the learning rate's factor per epoch, an {@link ExponentialLr} (lr·γ^epoch),
   *     in (0, 1] (1: constant), or null for a constant rate
   * @serial exclude
   */
  public record Recipe(Double l2, Double clipNorm, Double clipTensorNorm, Boolean dropLast,
      Double lrDecay) implements Serializable {
    /** Every setting kept as the search fixes it. */
    public static final Recipe NONE = new Recipe(null, null, null, null, null);

    /** The columns of {@link #csvCells()}; an empty cell is a setting kept as fixed. */
    public static final String CSV_HEADER = "l2,clip_norm,clip_tensor_norm,drop_last,lr_decay";

    /**
     * Checks the settings.
     *
     * @param l2 L2 penalty, or null
     * @param clipNorm global clipping norm, or null
     * @param clipTensorNorm per-tensor clipping norm, or null
     * @param dropLast drop the last partial batch, or null
     * @param lrDecay factor per epoch, or null
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public Recipe {
      nonNegative("l2", l2);
      nonNegative("clip norm", clipNorm);
      nonNegative("clip tensor norm", clipTensorNorm);
      if (lrDecay != null && !(lrDecay > 0 && lrDecay <= 1)) {
        throw new IllegalArgumentException(
            "lr decay must be in (0, 1] (1: constant), got " + lrDecay);
      }
    }

    private static void nonNegative(String name, Double value) {
      if (value != null && (!(value >= 0) || Double.isInfinite(value))) {
        throw new IllegalArgumentException(name + " must be a finite number >= 0 (0: off), got "
            + value);
      }
    }

    /**
     * {@code base} with the settings this recipe gives.
     *
     * @param base the fixed settings
     * @return the settings of the run
     */
    public TrainerConfig applyTo(TrainerConfig base) {
      TrainerConfig.Builder b = base.toBuilder();
      if (l2 != null) {
        b.l2(l2);
      }
      if (clipNorm != null) {
        b.clipNorm(clipNorm);
      }
      if (clipTensorNorm != null) {
        b.clipTensorNorm(clipTensorNorm);
      }
      if (dropLast != null) {
        b.dropLastPartialBatch(dropLast);
      }
      return b.build();
    }

    /**
     * The learning-rate schedule of a run.
     *
     * @param learningRate the run's initial rate
     * @return an {@link ExponentialLr} with {@link #lrDecay}, or null for a constant rate (no
     *     decay, or a decay of 1)
     */
    public ExponentialLr schedule(double learningRate) {
      return lrDecay == null || lrDecay == 1.0 ? null : new ExponentialLr(learningRate, lrDecay);
    }

    /**
     * The settings given, as {@code " key=value"} each, in the order of {@link #CSV_HEADER}.
     *
     * @return an empty string for {@link #NONE}
     */
    public String describe() {
      StringBuilder sb = new StringBuilder();
      String[] names = CSV_HEADER.split(",");
      Object[] values = {l2, clipNorm, clipTensorNorm, dropLast, lrDecay};
      for (int i = 0; i < names.length; i++) {
        if (values[i] != null) {
          sb.append(' ').append(names[i]).append('=').append(values[i]);
        }
      }
      return sb.toString();
    }

    /**
     * The settings as cells of a CSV line in the order of {@link #CSV_HEADER}, empty for a
     * setting kept as fixed.
     *
     * @return the cells joined by commas
     */
    public String csvCells() {
      return cell(l2) + ',' + cell(clipNorm) + ',' + cell(clipTensorNorm) + ',' + cell(dropLast)
          + ',' + cell(lrDecay);
    }

    private static String cell(Object value) {
      return value == null ? "" : value.toString();
    }
  }

  /**
   * A candidate whose model is given as {@code liquid4j train}'s shorthands ({@link
   * ModelSpec#shorthand}): a kind and a number of units, projected to the targets.
   *
   * @param model "ltc", "cfc", "ctrnn" or "lstm"
   * @param units neurons of the cell, ≥ 1
   * @param learningRate initial learning rate, &gt; 0
   * @param solver "default" (the model's own: fused for LTC, Euler for CTRNN), or "fused" (LTC
   *     only), "euler", "rk4", "dopri5" (LTC and CTRNN)
   * @param epochs passes over the training data, ≥ 1
   * @param batchSize sequences per mini-batch, ≥ 1
   * @param optimizer "adam", "adamw", "sgd" or "rmsprop", in any case
   * @param seed initialisation and shuffling
   * @throws NullPointerException if {@code solver} or {@code optimizer} is null
   * @throws IllegalArgumentException naming the setting that is out of range or unknown, or a
   *     combination that is invalid as a whole (a CfC with an ODE solver)
   */
  public Candidate(String model, int units, double learningRate, String solver, int epochs,
      int batchSize, String optimizer, long seed) {
    this(shorthand(model, units, solver), learningRate, epochs, batchSize, optimizer, seed);
  }

  /**
   * The model of the shorthands: {@link ModelSpec#shorthand} with "default" meaning no solver.
   *
   * @param model "ltc", "cfc", "ctrnn" or "lstm"
   * @param units neurons of the cell, ≥ 1
   * @param solver "default" or a solver's name
   * @return the spec
   * @throws IllegalArgumentException naming the setting that is out of range or unknown
   */
  public static ModelSpec shorthand(String model, int units, String solver) {
    Objects.requireNonNull(solver, "solver");
    return ModelSpec.shorthand(model, units, null,
        solver.equalsIgnoreCase("default") ? null : solver);
  }

  /**
   * This candidate with another seed (the final step's repeats).
   *
   * @param value the seed
   * @return a new candidate, equal to this one but for the seed
   */
  public Candidate withSeed(long value) {
    return new Candidate(model, learningRate, epochs, batchSize, optimizer, value, recipe);
  }

  /**
   * This candidate with another recipe.
   *
   * @param value the recipe, or null for {@link Recipe#NONE}
   * @return a new candidate, equal to this one but for the recipe
   */
  public Candidate withRecipe(Recipe value) {
    return new Candidate(model, learningRate, epochs, batchSize, optimizer, seed, value);
  }

  /**
   * The model's kind, in lower case, as in the tables.
   *
   * @return "ltc", "cfc", "ctrnn", "lstm", …
   */
  public String modelName() {
    return model.kind().configName().toLowerCase(Locale.ROOT);
  }

  /**
   * The model's number of units.
   *
   * @return the spec's units
   */
  public int units() {
    return model.units();
  }

  /**
   * The model's ODE solver as the spec names it.
   *
   * @return the solver's name in lower case, or "default" when the spec names none
   */
  public String solver() {
    Object solver = model.toMap().get("solver");
    return solver == null ? "default" : solver.toString().toLowerCase(Locale.ROOT);
  }

  /**
   * The settings as cells of a CSV line, in the order of {@link #CSV_HEADER}; numbers as Java
   * prints them.
   *
   * @return the cells joined by commas, without a line end
   */
  public String csvCells() {
    return modelName() + ',' + units() + ',' + learningRate + ',' + solver() + ',' + epochs + ','
        + batchSize + ',' + optimizer + ',' + seed;
  }

  /**
   * Every setting in one line, the spec as JSON and then the recipe's settings that are given:
   * what a search's records compare to know that a candidate is the one they hold.
   *
   * @return the description; equal candidates give equal descriptions
   */
  public String describe() {
    return model.toJson() + " lr=" + learningRate + " epochs=" + epochs + " batch=" + batchSize
        + " optimizer=" + optimizer + " seed=" + seed + recipe.describe();
  }

  /**
   * The trainer's settings: {@code base} with this candidate's epochs, batch size, learning rate,
   * optimizer and seed, and its recipe's settings where given.
   *
   * @param base the settings a grid does not vary (clipping, patience, threads, …)
   * @return the settings of this candidate's run
   */
  public TrainerConfig trainerConfig(TrainerConfig base) {
    return recipe.applyTo(base).toBuilder()
        .epochs(epochs)
        .batchSize(batchSize)
        .learningRate(learningRate)
        .optimizer(OptimizerConfig.named(optimizer))
        .seed(seed)
        .build();
  }

  /**
   * Trains this candidate on the data exactly as given (no scaling, no split): its model built
   * from the spec for the data's shape and initialised with its seed, {@link Trainer#fit} with
   * the default loss and the recipe's learning-rate decay, selecting the best epoch on {@code
   * validation}. The run the Spark sweeps execute on each executor.
   *
   * @param train the training sequences
   * @param validation sequences for the best epoch, or null
   * @param threads worker threads of the trainer, ≥ 1 (results do not depend on it)
   * @return what the run achieved
   * @throws IllegalArgumentException when the model does not fit the data
   */
  public Outcome train(SequenceDataset train, SequenceDataset validation, int threads) {
    Objects.requireNonNull(train, "train");
    TrainerConfig config = trainerConfig(TrainerConfig.defaults()).withThreads(threads);
    ExponentialLr decay = recipe.schedule(learningRate);
    Trainer trainer = decay == null ? new Trainer(config, Trainer.defaultLoss(train))
        : new Trainer(config, Trainer.defaultLoss(train), decay);
    TrainingResult result;
    try {
      result = trainer.fit(SequenceModel.create(
              model.toConfig(train.features(), train.targetWidth(), train.perStep()), seed),
          train, validation, TrainingListener.NONE, null, false);
    } catch (IOException e) {
      // No checkpoint is written, so this cannot happen; keep the cause if it ever does.
      throw new UncheckedIOException(e);
    }
    return Outcome.of(result);
  }
}
