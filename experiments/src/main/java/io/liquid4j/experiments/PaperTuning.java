package io.liquid4j.experiments;

import io.liquid4j.data.SequenceDataset;
import io.liquid4j.evaluation.ConfusionMatrix;
import io.liquid4j.evaluation.Evaluation;
import io.liquid4j.experiments.datasets.BenchmarkData;
import io.liquid4j.experiments.datasets.Metric;
import io.liquid4j.experiments.datasets.XorData;
import io.liquid4j.train.CrossEntropy;
import io.liquid4j.train.Loss;
import io.liquid4j.train.Selection;
import io.liquid4j.train.TrainerConfig;
import io.liquid4j.tune.Tuner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A paper experiment's data and protocol as a {@link Tuner} needs them, to search for the best
 * model of a dataset under the experiment's own rules: its training, validation and test splits
 * prepared as the experiment prepares them ({@link LtcPaperExperiment#load}, {@link XorData}),
 * its training loss ({@link LtcPaperExperiment#lossFor}: ozone's weighted loss), the validation
 * score it selects by (F1 of class 1 on ozone, loss on traffic, accuracy otherwise) and the test
 * metric it reports (ozone: the script's F1 of class 1, {@link Metric#scriptF1}; traffic: MSE;
 * the others: accuracy).
 *
 * <pre>{@code
 * PaperTuning.Setup ozone = PaperTuning.load("ozone", Path.of("datasets"));
 * Tuner tuner = ozone.tuner().candidates(new Grid().units(16, 32).epochs(50).all()).build();
 * Tuner.Search search = tuner.search(ozone.train(), ozone.validation());   // no test data here
 * Tuner.FinalTest result = tuner.testWith(search, ozone.train(), ozone.validation(), ozone.test(),
 *     ozone.metric(), 1, 2, 3, 4, 5);
 * }</pre>
 *
 * <p>XOR has no validation set in the original ({@link XorExperiment} scores the final model on
 * the test set); here its validation sequences are drawn from a stream of their own, seeded with
 * {@link #XOR_VALIDATION_SEED}, so the choice never sees the test sequences.
 *
 * <p>Stateless: the methods may be called from several threads at once.
 */
public final class PaperTuning {
  /** Datasets that can be tuned: the LTC paper's time series and the CfC paper's XOR. */
  public static final List<String> DATASETS =
      List.of("occupancy", "gesture", "ozone", "traffic", "xor");

  /**
   * Seeds XOR's validation stream: neither {@link XorData#TRAIN_SEED} nor {@link
   * XorData#TEST_SEED}, so the validation sequences are independent of both.
   */
  public static final long XOR_VALIDATION_SEED = 907_113;

  /** XOR's validation sequences: as many as its test sequences. */
  public static final int XOR_VALIDATION_SIZE = XorData.TEST_SIZE;

  private PaperTuning() {}

  /**
   * A dataset prepared for a search with its experiment's rules. Immutable, as its parts are.
   *
   * @param dataset the dataset's name, one of {@link #DATASETS}
   * @param train training sequences
   * @param validation validation sequences: the only basis of the choice
   * @param test test sequences, for the final step only
   * @param loss the training loss
   * @param selection the validation score that picks each run's best epoch and the candidate
   * @param metric the test metric the experiment reports
   * @param trainer the experiment's fixed training settings (the LTC paper's scripts drop the
   *     last partial batch); a grid varies the rest
   */
  public record Setup(String dataset, SequenceDataset train, SequenceDataset validation,
      SequenceDataset test, Loss loss, Selection selection, Tuner.TestMetric metric,
      TrainerConfig trainer) {
    /**
     * Checks the fields.
     *
     * @param dataset the name
     * @param train training sequences
     * @param validation validation sequences
     * @param test test sequences
     * @param loss the loss
     * @param selection the selection score
     * @param metric the test metric
     * @param trainer the fixed settings
     */
    public Setup {
      Objects.requireNonNull(dataset, "dataset");
      Objects.requireNonNull(train, "train");
      Objects.requireNonNull(validation, "validation");
      Objects.requireNonNull(test, "test");
      Objects.requireNonNull(loss, "loss");
      Objects.requireNonNull(selection, "selection");
      Objects.requireNonNull(metric, "metric");
      Objects.requireNonNull(trainer, "trainer");
    }

    /**
     * A tuner builder with this protocol: the loss, the selection, the data trained as given
     * (they are prepared already) and the fixed settings; the candidates (and any folder,
     * listener, threads) are still to be set.
     *
     * @return a new builder
     */
    public Tuner.Builder tuner() {
      return Tuner.builder().loss(loss).selection(selection).scaleData(false).trainer(trainer);
    }
  }

  /**
   * A dataset by name with its experiment's protocol; the LTC paper's from {@code
   * datasetsDir/<name>}, XOR generated (the original's 100,000 training and 10,000 test
   * sequences, and 10,000 validation sequences of their own).
   *
   * @param dataset one of {@link #DATASETS}
   * @param datasetsDir the folder holding one folder per dataset (the repository's {@code
   *     datasets}); not read for XOR
   * @return the setup
   * @throws IllegalArgumentException if {@code dataset} is not one of {@link #DATASETS}
   * @throws IOException if a file is missing, unreadable or malformed
   */
  public static Setup load(String dataset, Path datasetsDir) throws IOException {
    Objects.requireNonNull(dataset, "dataset");
    if (dataset.equals("xor")) {
      return xor(XorData.TRAIN_SIZE, XOR_VALIDATION_SIZE, XorData.TEST_SIZE);
    }
    if (!DATASETS.contains(dataset)) {
      throw new IllegalArgumentException("dataset: unknown '" + dataset + "' (expected one of "
          + String.join(", ", DATASETS) + ")");
    }
    return of(dataset, LtcPaperExperiment.load(dataset, datasetsDir));
  }

  /**
   * The protocol of the LTC paper's experiment for prepared data: {@link
   * LtcPaperExperiment#lossFor}, selection and test metric by the data's {@link Metric}, the
   * last partial batch dropped as the scripts do.
   *
   * @param dataset the name to record
   * @param data the prepared data
   * @return the setup
   */
  public static Setup of(String dataset, BenchmarkData data) {
    Selection selection;
    Tuner.TestMetric metric;
    switch (data.metric()) {
      case ACCURACY -> {
        selection = Selection.ACCURACY;
        metric = new Tuner.TestMetric("accuracy", Evaluation::accuracy);
      }
      case F1_CLASS_1 -> {
        // Selection by the trainer's F1 of class 1, as the experiment selects; the test figure
        // with the script's constants, as the experiment reports it.
        selection = Selection.F1;
        metric = new Tuner.TestMetric("f1_script", PaperTuning::scriptF1);
      }
      default -> {
        selection = Selection.LOSS;
        metric = new Tuner.TestMetric("mse", Evaluation::mse);
      }
    }
    TrainerConfig trainer = TrainerConfig.defaults().withDropLastPartialBatch(true);
    return new Setup(dataset, data.train(), data.validation(), data.test(),
        LtcPaperExperiment.lossFor(data), selection, metric, trainer);
  }

  /**
   * XOR with the first sequences of each stream: training from {@link XorData#TRAIN_SEED},
   * validation from {@link #XOR_VALIDATION_SEED}, test from {@link XorData#TEST_SEED}; accuracy
   * selects and is reported, the loss is cross-entropy.
   *
   * @param trainSize training sequences, ≥ 1
   * @param validationSize validation sequences, ≥ 1
   * @param testSize test sequences, ≥ 1
   * @return the setup
   * @throws IllegalArgumentException if a size is &lt; 1
   */
  public static Setup xor(int trainSize, int validationSize, int testSize) {
    SequenceDataset train = XorData.generate(trainSize, XorData.TRAIN_SEED, XorData.PAD);
    SequenceDataset validation =
        XorData.generate(validationSize, XOR_VALIDATION_SEED, XorData.PAD);
    SequenceDataset test = XorData.generate(testSize, XorData.TEST_SEED, XorData.PAD);
    return new Setup("xor", train, validation, test, new CrossEntropy(), Selection.ACCURACY,
        new Tuner.TestMetric("accuracy", Evaluation::accuracy), TrainerConfig.defaults());
  }

  /**
   * The F1 of class 1 as the ozone script computes it ({@link Metric#scriptF1}).
   *
   * @param e an evaluation of a two-class problem
   * @return the F1
   */
  public static double scriptF1(Evaluation e) {
    ConfusionMatrix c = e.confusion();
    return Metric.scriptF1(c.count(1, 1), c.count(0, 1), c.count(1, 0));
  }
}
