package io.liquid4j.experiments;

import io.liquid4j.data.SequenceDataset;
import io.liquid4j.evaluation.Evaluation;
import io.liquid4j.experiments.datasets.BenchmarkData;
import io.liquid4j.experiments.datasets.Gesture;
import io.liquid4j.experiments.datasets.Metric;
import io.liquid4j.experiments.datasets.Occupancy;
import io.liquid4j.experiments.datasets.Ozone;
import io.liquid4j.experiments.datasets.Traffic;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.ModelSpec;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.train.OptimizerConfig;
import io.liquid4j.train.Selection;
import io.liquid4j.train.Trainer;
import io.liquid4j.train.TrainerConfig;
import io.liquid4j.train.TrainingListener;
import io.liquid4j.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The LTC paper's time-series experiments (Hasani et al. 2021, Table 3) on its datasets, prepared
 * as the original scripts do: 32 hidden units with a dense read-out, Adam, batch 16, model
 * selection on the validation set, the test metric at the best validation epoch.
 *
 * <pre>{@code
 * ExperimentResult r = LtcPaperExperiment.run("occupancy", "ltc", 1, 30, Path.of("datasets"),
 *     TrainingListener.NONE, 2);
 * }</pre>
 *
 * <p>Stateless: the methods may be called from several threads at once; each {@link #run} loads
 * its own copy of the data and trains its own model.
 */
public final class LtcPaperExperiment {
  /** Datasets that can be run. */
  public static final java.util.List<String> DATASETS =
      java.util.List.of("occupancy", "gesture", "ozone", "traffic");

  /** Models that can be run. */
  public static final java.util.List<String> MODELS =
      java.util.List.of("ltc", "cfc", "ctrnn", "lstm");

  /** Hidden units, as in the paper. */
  public static final int UNITS = 32;

  private LtcPaperExperiment() {}

  /**
   * The outcome of one run. Immutable, as its components are, and safe to share between
   * threads.
   *
   * @param dataset dataset name
   * @param model model name
   * @param seed the seed
   * @param metric which test metric
   * @param testMetric its value on the test set (accuracy as a fraction, F1, or MSE)
   * @param test every test metric
   * @param training the training run
   */
  public record ExperimentResult(
      String dataset,
      String model,
      long seed,
      Metric metric,
      double testMetric,
      Evaluation test,
      TrainingResult training) {}

  /**
   * Loads a dataset by name from {@code datasetsDir/<name>}.
   *
   * @param dataset one of {@link #DATASETS}
   * @param datasetsDir the folder holding one folder per dataset (the repository's {@code
   *     datasets})
   * @return the prepared, split dataset
   * @throws IllegalArgumentException if {@code dataset} is not one of {@link #DATASETS}
   * @throws IOException if a file is missing, unreadable or malformed
   */
  public static BenchmarkData load(String dataset, Path datasetsDir) throws IOException {
    Path dir = datasetsDir.resolve(dataset);
    switch (dataset) {
      case "occupancy":
        return Occupancy.load(dir);
      case "gesture":
        return Gesture.load(dir);
      case "ozone":
        return Ozone.load(dir);
      case "traffic":
        return Traffic.load(dir);
      default:
        throw new IllegalArgumentException(
            "dataset: unknown '" + dataset + "' (expected one of " + String.join(", ", DATASETS)
                + ")");
    }
  }

  /**
   * How an experiment's LTC starts: as the paper's code ({@code ltc_model.py}) initialises it, or
   * as ncps does. Other models always start as ncps's (or PyTorch's) do.
   */
  public enum Initialisation {
    /**
     * The original LTC code: per-unfold capacitance cm_t = 0.5 and leak conductance g_leak = 1
     * (constants), synaptic weights W and sensory W uniform in [0.01, 1), reversal potentials ±1
     * with equal probability, and non-negativity kept by clipping after each step. The other
     * parameters have the same ranges in both. ncps divides cm by the unfold's Δt/K, so cm =
     * 0.5·(1/6) gives cm_t = 0.5 at the paper's Δt = 1 and K = 6 unfolds. As in the scripts, the
     * cell's state (all units) feeds the read-out directly, without ncps's per-unit affine output
     * mapping, and the read-out starts as {@code tf.layers.Dense} does: Glorot-uniform kernel,
     * zero bias.
     */
    PAPER,
    /**
     * ncps's: cm uniform in [0.4, 0.6) (cm_t ≈ 3), g_leak and weights uniform in [0.001, 1), two
     * thirds of the reversal potentials +1 (a fully connected wiring with seed 1111), softplus
     * positivity.
     */
    NCPS
  }

  /**
   * The model the paper trains on a dataset: 32 units and a dense layer to the targets, an LTC
   * initialised as ncps does.
   *
   * @param model one of {@link #MODELS}, in any case
   * @param data the training data, which fixes the inputs and outputs
   * @return the configuration, not yet initialised
   * @throws IllegalArgumentException if {@code model} is not one of {@link #MODELS}
   */
  public static ModelConfig modelFor(String model, SequenceDataset data) {
    return modelFor(model, data, Initialisation.NCPS);
  }

  /**
   * {@link #modelFor(String, SequenceDataset)} with the LTC's positivity as {@code init} has it.
   *
   * @param model one of {@link #MODELS}, in any case
   * @param data the training data, which fixes the inputs and outputs
   * @param init {@link Initialisation#PAPER} for clipping, {@link Initialisation#NCPS} for
   *     softplus; matters for an LTC only
   * @return the configuration, not yet initialised
   * @throws IllegalArgumentException if {@code model} is not one of {@link #MODELS}
   */
  public static ModelConfig modelFor(String model, SequenceDataset data, Initialisation init) {
    return modelFor(specFor(model, init), data);
  }

  /**
   * The network {@code spec} describes for {@code data}, built by the one factory, {@link
   * ModelSpec#toConfig}.
   *
   * @param spec the network
   * @param data the training data, which fixes the inputs and outputs
   * @return the configuration, not yet initialised
   * @throws IllegalArgumentException if the spec does not fit the data
   */
  public static ModelConfig modelFor(ModelSpec spec, SequenceDataset data) {
    return spec.toConfig(data.features(), data.targetWidth(), data.perStep());
  }

  /**
   * The spec of {@link #modelFor}: 32 units (projected to the targets by the factory); the CfC
   * with the paper's 64-unit backbone, the LTC clipping its parameters when {@code init} is
   * {@link Initialisation#PAPER}.
   *
   * @param model one of {@link #MODELS}, in any case
   * @param init how an LTC keeps its parameters positive; ignored for the other models
   * @return the spec, to be sized for the data by {@link #modelFor(ModelSpec, SequenceDataset)}
   * @throws IllegalArgumentException if {@code model} is not one of {@link #MODELS}
   */
  public static ModelSpec specFor(String model, Initialisation init) {
    Map<String, Object> spec = new LinkedHashMap<>();
    switch (model.toLowerCase(Locale.ROOT)) {
      case "ltc" -> {
        spec.put("model", "ltc");
        spec.put("implicit_param_constraints", init == Initialisation.NCPS);
        if (init == Initialisation.PAPER) {
          // ltc_model.py's output is the state itself; the script's Dense(2) reads all 32 units.
          spec.put("output_mapping", "none");
        }
      }
      case "cfc" -> {
        spec.put("model", "cfc");
        spec.put("backbone_units", 64);
      }
      case "ctrnn", "lstm" -> spec.put("model", model.toLowerCase(Locale.ROOT));
      default -> throw new IllegalArgumentException(
          "model: unknown '" + model + "' (expected one of " + String.join(", ", MODELS) + ")");
    }
    spec.put("units", UNITS);
    return ModelSpec.fromMap(spec, "the LTC paper's " + model);
  }

  /**
   * The learning rate of the original scripts.
   *
   * @param dataset one of {@link #DATASETS}
   * @param model one of {@link #MODELS}, in any case
   * @return for an LTC 0.005 on occupancy and 0.01 elsewhere; 0.001 for the other models
   */
  public static double learningRate(String dataset, String model) {
    if (!model.equalsIgnoreCase("ltc")) {
      return 0.001;
    }
    return dataset.equals("occupancy") ? 0.005 : 0.01;
  }

  /**
   * A freshly initialised model of {@code config} (from {@link #modelFor}): for an LTC with {@link
   * Initialisation#PAPER}, ncps's initialisation with cm, g_leak, W, sensory W and the reversal
   * potentials replaced as the paper's code draws them, from a stream fixed by the seed: the
   * model option {@link io.liquid4j.model.LtcInitialisation#PAPER} ({@code "init": "paper"}).
   *
   * @param config the configuration, from {@link #modelFor}
   * @param seed initialises the model (and, with {@link Initialisation#PAPER}, the replaced
   *     parameters)
   * @param init how an LTC starts; ignored for the other models
   * @return a new model
   */
  public static SequenceModel initialModel(ModelConfig config, long seed, Initialisation init) {
    if (init == Initialisation.PAPER && config.model() == io.liquid4j.model.ModelKind.LTC) {
      // The library's model option: the same draws the experiment made here before it existed.
      config = config.toBuilder().initialisation(io.liquid4j.model.LtcInitialisation.PAPER)
          .build();
    }
    SequenceModel model = SequenceModel.create(config, seed);
    if (init != Initialisation.PAPER || config.model() != io.liquid4j.model.ModelKind.LTC) {
      return model;
    }
    // The read-out starts as tf.layers.Dense does: glorot_uniform weights, limit
    // √(6 / (fan_in + fan_out)), zero bias; drawn from a stream of its own (the cell's paper
    // draws belong to the model option above).
    double[] p = model.parameters();
    java.util.SplittableRandom rng = new java.util.SplittableRandom(seed * 7919 + 2);
    double glorot = Math.sqrt(6.0 / (model.outputSize() + hiddenOutputs(model)));
    for (io.liquid4j.cell.ParameterLayout.Entry e : model.layout().entries()) {
      for (int i = e.offset(); i < e.offset() + e.size(); i++) {
        if (e.name().equals("fc.weight")) {
          p[i] = rng.nextDouble(-glorot, glorot);
        } else if (e.name().equals("fc.bias")) {
          p[i] = 0.0;
        }
      }
    }
    return model.withParameters(p);
  }

  /** The width the read-out reads: the cell's outputs (all units without a wiring's motors). */
  private static int hiddenOutputs(SequenceModel model) {
    io.liquid4j.cell.ParameterLayout.Entry w = null;
    for (io.liquid4j.cell.ParameterLayout.Entry e : model.layout().entries()) {
      if (e.name().equals("fc.weight")) {
        w = e;
      }
    }
    return w == null ? 0 : w.size() / model.outputSize();
  }

  /**
   * The training loss of a dataset as its original script computes it: for ozone, TensorFlow's
   * {@code sparse_softmax_cross_entropy(weights=1.5·y + 0.1)} with its default reduction, {@link
   * SumByNonzeroWeights}; for the others, the trainer's default loss for the data.
   *
   * @param data the prepared dataset
   * @return the loss to train with
   */
  public static io.liquid4j.train.Loss lossFor(BenchmarkData data) {
    if (data.metric() == Metric.F1_CLASS_1) {
      return new SumByNonzeroWeights();
    }
    return Trainer.defaultLoss(data.train());
  }

  /**
   * Weighted softmax cross-entropy reduced as TensorFlow 1's {@code tf.losses} do by default
   * ({@code Reduction.SUM_BY_NONZERO_WEIGHTS}): L = Σ w_bt·ℓ_bt / #{w_bt &gt; 0}, the step
   * weights (the dataset's mask) in the numerator only. liquid4j's {@link
   * io.liquid4j.train.CrossEntropy} divides by Σ w_bt instead (PyTorch's weighted mean); on ozone,
   * with weights 0.1 and 1.6, that makes a batch without an ozone day weigh up to 16 times more
   * relative to one full of them than in ozone.py. Stateless, safe to share between threads.
   */
  public static final class SumByNonzeroWeights implements io.liquid4j.train.Loss {
    private final io.liquid4j.train.CrossEntropy weightedMean = new io.liquid4j.train.CrossEntropy();

    /** A loss with no settings. */
    public SumByNonzeroWeights() {}

    /**
     * {@inheritDoc} The weighted mean of {@link io.liquid4j.train.CrossEntropy}, rescaled by Σ w /
     * #{w &gt; 0} (as is its gradient).
     */
    @Override
    public double evaluate(
        double[] outputs,
        int batch,
        int steps,
        int width,
        double[] targets,
        double[] mask,
        double[] sampleWeights,
        double[] dOutputs) {
      double mean = weightedMean.evaluate(
          outputs, batch, steps, width, targets, mask, sampleWeights, dOutputs);
      double rescale =
          weightedMean.weightSum(batch, steps, width, targets, mask, sampleWeights)
              / weightSum(batch, steps, width, targets, mask, sampleWeights);
      if (dOutputs != null) {
        for (int i = 0; i < dOutputs.length; i++) {
          dOutputs[i] *= rescale;
        }
      }
      return mean * rescale;
    }

    /** {@inheritDoc} The number of steps of non-zero weight: TensorFlow's denominator. */
    @Override
    public double weightSum(
        int batch, int steps, int width, double[] targets, double[] mask, double[] sampleWeights) {
      double count = 0;
      for (int b = 0; b < batch; b++) {
        for (int t = 0; t < steps; t++) {
          double m = mask == null ? 1.0 : mask[b * steps + t];
          double s = sampleWeights == null ? 1.0 : sampleWeights[b];
          if (m * s != 0) {
            count++;
          }
        }
      }
      return count;
    }

    /** {@return {@code cross_entropy_sum_by_nonzero_weights}} */
    @Override
    public String name() {
      return "cross_entropy_sum_by_nonzero_weights";
    }
  }

  /**
   * Trains and tests one model on one dataset, an LTC initialised as ncps does.
   *
   * @param dataset one of {@link #DATASETS}
   * @param model one of {@link #MODELS}, in any case
   * @param seed initialises the model and shuffles the batches
   * @param epochs training epochs (the paper: 200)
   * @param datasetsDir the folder holding one folder per dataset (the repository's {@code
   *     datasets})
   * @param listener told of every epoch; {@link TrainingListener#NONE} for none
   * @param threads worker threads (the result does not depend on them)
   * @return the test metric at the best validation epoch, with the run and every test metric
   * @throws IllegalArgumentException if {@code dataset} or {@code model} is unknown
   * @throws IOException if a dataset file is missing, unreadable or malformed
   * @throws io.liquid4j.train.TrainingException on a non-finite loss or gradient
   */
  public static ExperimentResult run(
      String dataset, String model, long seed, int epochs, Path datasetsDir,
      TrainingListener listener, int threads) throws IOException {
    return run(dataset, model, seed, epochs, datasetsDir, listener, threads,
        Initialisation.NCPS);
  }

  /**
   * {@link #run(String, String, long, int, Path, TrainingListener, int)} with a choice of LTC
   * initialisation.
   *
   * @param dataset one of {@link #DATASETS}
   * @param model one of {@link #MODELS}, in any case
   * @param seed initialises the model and shuffles the batches
   * @param epochs training epochs (the paper: 200)
   * @param datasetsDir the folder holding one folder per dataset (the repository's {@code
   *     datasets})
   * @param listener told of every epoch; {@link TrainingListener#NONE} for none
   * @param threads worker threads (the result does not depend on them)
   * @param init how an LTC starts; ignored for the other models
   * @return the test metric at the best validation epoch, with the run and every test metric
   * @throws IllegalArgumentException if {@code dataset} or {@code model} is unknown
   * @throws IOException if a dataset file is missing, unreadable or malformed
   * @throws io.liquid4j.train.TrainingException on a non-finite loss or gradient
   */
  public static ExperimentResult run(
      String dataset, String model, long seed, int epochs, Path datasetsDir,
      TrainingListener listener, int threads, Initialisation init) throws IOException {
    if (!MODELS.contains(model.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "model: unknown '" + model + "' (expected one of " + String.join(", ", MODELS) + ")");
    }
    if (!DATASETS.contains(dataset)) {
      throw new IllegalArgumentException(
          "dataset: unknown '" + dataset + "' (expected one of " + String.join(", ", DATASETS)
              + ")");
    }
    BenchmarkData data = load(dataset, datasetsDir);
    ModelConfig config = modelFor(model, data.train(), init);
    SequenceModel initial = initialModel(config, seed, init);
    TrainerConfig tc = TrainerConfig.builder()
        .epochs(epochs)
        .batchSize(16)
        // The scripts' iterate_train yields total // batch_size batches: the rest is not trained.
        .dropLastPartialBatch(true)
        .learningRate(learningRate(dataset, model))
        .optimizer(OptimizerConfig.adam())
        .seed(seed)
        .threads(threads)
        .build();
    // Select the best epoch by the dataset's own metric: accuracy would favour all-negative
    // predictions on ozone's 6 % positives.
    Selection by = switch (data.metric()) {
      case ACCURACY -> Selection.ACCURACY;
      case F1_CLASS_1 -> Selection.F1;
      default -> Selection.LOSS;
    };
    Trainer trainer = new Trainer(tc, lossFor(data)).selectingBy(by);
    TrainingResult result =
        trainer.fit(initial, data.train(), data.validation(), listener, null, false);
    Evaluation test = trainer.evaluator().evaluate(result.model(), data.test());
    double value;
    switch (data.metric()) {
      case ACCURACY:
        value = test.accuracy();
        break;
      case F1_CLASS_1:
        io.liquid4j.evaluation.ConfusionMatrix c = test.confusion();
        value = Metric.scriptF1(c.count(1, 1), c.count(0, 1), c.count(1, 0));
        break;
      default:
        value = test.mse();
    }
    return new ExperimentResult(dataset, model, seed, data.metric(), value, test, result);
  }
}
