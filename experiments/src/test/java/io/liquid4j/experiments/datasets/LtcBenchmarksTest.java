package io.liquid4j.experiments.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.data.SequenceDataset;
import io.liquid4j.data.TaskKind;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four LTC benchmarks against the paper's counts and against numpy.
 *
 * <p>Reference numbers come from {@code core/src/test/python/ltc_datasets_reference.py} (numpy
 * 2.4.6, float64, the same preprocessing as the original scripts with the fixed layout), run once
 * and pasted here.
 */
class LtcBenchmarksTest {
  private static BenchmarkData occupancy;
  private static BenchmarkData gesture;
  private static BenchmarkData ozone;
  private static BenchmarkData traffic;

  static Path datasets() {
    // Set by core/pom.xml's surefire configuration; the fallback serves IDE runs from core/.
    String dir = System.getProperty("liquid4j.datasets");
    return Path.of(dir != null ? dir : "../datasets");
  }

  @BeforeAll
  static void loadAll() throws IOException {
    occupancy = Occupancy.load(datasets().resolve("occupancy"));
    gesture = Gesture.load(datasets().resolve("gesture"));
    ozone = Ozone.load(datasets().resolve("ozone"));
    traffic = Traffic.load(datasets().resolve("traffic"));
  }

  private static void assertSizes(BenchmarkData d, int train, int valid, int test) {
    assertEquals(train, d.train().size(), d.name() + " train");
    assertEquals(valid, d.validation().size(), d.name() + " validation");
    assertEquals(test, d.test().size(), d.name() + " test");
  }

  // ------------------------------------------------------------------------------------ counts

  @Test
  void occupancyHasThePapersSequenceCounts() {
    // occupancy.py: 8,127 training windows (10 % = 812 validation), 1,549 test windows.
    assertSizes(occupancy, 7315, 812, 1549);
    assertEquals(8127, occupancy.train().size() + occupancy.validation().size());
    SequenceDataset t = occupancy.train();
    assertEquals(16, t.length());
    assertEquals(5, t.features());
    assertEquals(TaskKind.CLASSIFICATION, t.task());
    assertTrue(t.perStep());
    assertEquals(2, t.targetWidth());
    assertEquals(Occupancy.FEATURES, t.featureNames());
    assertEquals(Metric.ACCURACY, occupancy.metric());
  }

  @Test
  void gestureHas605SequencesSplit60_90_455() {
    assertSizes(gesture, 455, 60, 90);
    assertEquals(32, gesture.train().length());
    assertEquals(32, gesture.train().features());
    assertEquals(5, gesture.train().targetWidth());
    assertEquals(Gesture.CLASSES, gesture.train().targetNames());
  }

  @Test
  void ozoneHas626WindowsInTheFixedLayout() {
    // range(0, 2534 - 32, 4) gives 626 windows; 62 validation, 93 test, 471 training.
    assertSizes(ozone, 471, 62, 93);
    assertEquals(32, ozone.train().length());
    assertEquals(72, ozone.train().features());
    assertEquals(Metric.F1_CLASS_1, ozone.metric());
  }

  @Test
  void trafficHas12043Windows() {
    assertSizes(traffic, 9033, 1204, 1806);
    SequenceDataset t = traffic.train();
    assertEquals(32, t.length());
    assertEquals(7, t.features());
    assertEquals(TaskKind.REGRESSION, t.task());
    assertEquals(1, t.targetWidth());
    assertEquals(Metric.MSE, traffic.metric());
  }

  // ------------------------------------------------------------------------- values vs numpy

  @Test
  void occupancyStatisticsMatchNumpy() {
    // numpy: X = datatraining.txt's 5 feature columns (8143 rows, float64);
    // X.mean(axis=0), X.std(axis=0).
    double[] mean = {
      20.61908364034621,
      25.731507286422527,
      119.51937451389756,
      606.5462431945632,
      0.0038625066783203907
    };
    double[] std = {
      1.0168539980465523,
      5.530871359349676,
      194.743845951489,
      314.3015762223732,
      0.0008522789623220694
    };
    assertClose(mean, occupancy.inputScaling().mean(), 1e-12);
    assertClose(std, occupancy.inputScaling().std(), 1e-12);
    assertTrue(!occupancy.inputScaling().global());
  }

  @Test
  void occupancyFirstValidationSequenceIsNumpysWindow() {
    // numpy: permutation(8127)[0] = 6363, so validation[0] is the window starting at row 6363;
    // its first step z-scored, and its labels (all 0).
    double[] step0 = {
      -1.2087120104826914,
      0.15702638104379857,
      -0.6137260663100493,
      -0.43020118284600967,
      -0.19215299239915287
    };
    SequenceDataset.Batch b = occupancy.validation().batch(new int[] {0});
    assertClose(step0, Arrays.copyOfRange(b.inputs(), 0, 5), 1e-12);
    assertArrayEquals(new double[16], b.targets());
  }

  @Test
  void gestureStatisticsAndFirstTrainingSequenceMatchNumpy() {
    // numpy: flat = all 605 windows' steps (19,360 rows); flat.mean(0)[:3], flat.std(0)[:3].
    assertClose(
        new double[] {3.18687412190082e-05, 4.5234992768594885e-05, 1.84975790289257e-05},
        Arrays.copyOf(gesture.inputScaling().mean(), 3),
        1e-10);
    assertClose(
        new double[] {0.007184847219593652, 0.00987256388300547, 0.007117917091025732},
        Arrays.copyOf(gesture.inputScaling().std(), 3),
        1e-12);
    // numpy: permutation(605)[150] = 275: training[0] is window 275.
    SequenceDataset.Batch b = gesture.train().batch(new int[] {0});
    assertClose(
        new double[] {0.28232628986865427, -0.9824048856715026, 0.14437544127434954},
        Arrays.copyOf(b.inputs(), 3),
        1e-10);
    double[] labels = {
      1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4
    };
    assertArrayEquals(labels, b.targets());
  }

  @Test
  void gestureClassCountsOverAllWindows() {
    // numpy: np.bincount(Y.ravel()) over all 605 windows' steps.
    long[] expected = {5198, 4194, 5900, 1984, 2084};
    long[] counts = new long[5];
    for (SequenceDataset d :
        new SequenceDataset[] {gesture.train(), gesture.validation(), gesture.test()}) {
      for (double y : d.targets()) {
        counts[(int) y]++;
      }
    }
    assertArrayEquals(expected, counts);
  }

  @Test
  void ozoneGlobalStatisticsWeightsAndTestPositivesMatchNumpy() {
    // numpy: x = 2534 x 72 features with '?' -> 0; np.mean(x), np.std(x).
    assertTrue(ozone.inputScaling().global());
    double[] mean = ozone.inputScaling().mean();
    double[] std = ozone.inputScaling().std();
    for (int f = 0; f < 72; f++) {
      assertEquals(284.74089037358584, mean[f], 1e-9);
      assertEquals(1385.7465806064604, std[f], 1e-9);
    }
    // numpy: 230 positive steps in the 93 test windows (of 2,976 steps).
    double[] y = ozone.test().targets();
    double[] w = ozone.test().mask();
    int positives = 0;
    for (int i = 0; i < y.length; i++) {
      positives += (int) y[i];
      assertEquals(1.5 * y[i] + 0.1, w[i], 1e-15, "weight of step " + i);
    }
    assertEquals(230, positives);
    assertEquals(2976, y.length);
    // numpy: permutation(626)[0] = 35; validation[0] starts at row 140.
    assertClose(
        new double[] {-0.2047566953038477, -0.20468453203720174, -0.2045402055039099},
        Arrays.copyOf(ozone.validation().batch(new int[] {0}).inputs(), 3),
        1e-12);
  }

  @Test
  void trafficFeaturesAndTargetMatchNumpy() {
    // numpy: temp.mean() = 281.2058703012198, volume mean 3259.8183553232097, std
    // 1986.8400614618868 over 48,204 rows; permutation(12043)[3010] = 620, so training[0] starts
    // at row 2480: holiday 0, temp - mean, rain, snow, clouds, weekday 5 (Saturday), sin(16 pi/24).
    assertEquals(281.2058703012198, traffic.inputScaling().mean()[1], 1e-9);
    assertEquals(3259.8183553232097, traffic.targetScaling().mean()[0], 1e-9);
    assertEquals(1986.8400614618868, traffic.targetScaling().std()[0], 1e-9);
    SequenceDataset.Batch b = traffic.train().batch(new int[] {0});
    assertClose(
        new double[] {0.0, -16.01587030121982, 0.0, 0.0, 90.0, 5.0, 0.8660254037844386},
        Arrays.copyOf(b.inputs(), 7),
        1e-9);
    assertEquals(-0.7478298752592935, b.targets()[0], 1e-12);
  }

  @Test
  void trafficHolidayIsConstantZeroUnlessTheFlagIsAsked() throws IOException {
    for (SequenceDataset d :
        new SequenceDataset[] {traffic.train(), traffic.validation(), traffic.test()}) {
      double[] x = d.inputs();
      for (int i = 0; i < x.length; i += 7) {
        assertEquals(0.0, x[i]);
      }
    }
    BenchmarkData flagged = Traffic.load(datasets().resolve("traffic"), Traffic.Holiday.FLAG);
    double ones = 0;
    for (SequenceDataset d :
        new SequenceDataset[] {flagged.train(), flagged.validation(), flagged.test()}) {
      double[] x = d.inputs();
      for (int i = 0; i < x.length; i += 7) {
        ones += x[i];
      }
    }
    assertTrue(ones > 0, "some windows contain one of the 61 holiday rows");
    assertEquals(traffic.train().size(), flagged.train().size());
  }

  /**
   * ozone.py's one scalar mean and std leave all but 4 features nearly constant (numpy on all
   * 2,534 rows: 68 columns with a std below 0.03, the next at 0.21), which is why the original
   * needs its 200 epochs: the input mapping has to grow those features first.
   */
  @Test
  void ozoneScalarZScoreLeavesMostFeaturesNearlyConstant() {
    double[] x = ozone.train().inputs(); // (N, 32, 72)
    int s = 72;
    int rows = x.length / s;
    int flat = 0;
    for (int f = 0; f < s; f++) {
      double sum = 0;
      double sq = 0;
      for (int r = 0; r < rows; r++) {
        sum += x[r * s + f];
        sq += x[r * s + f] * x[r * s + f];
      }
      double mean = sum / rows;
      double std = Math.sqrt(Math.max(0, sq / rows - mean * mean));
      if (std < 0.1) {
        flat++;
      }
    }
    assertEquals(68, flat, "features with std < 0.1 after the scalar z-score");
  }

  @Test
  void describeListsSizesAndNotes() {
    String text = ozone.describe();
    assertTrue(text.startsWith("Ozone\n"), text);
    assertTrue(
        text.contains("train 471, validation 62, test 93; each 32 steps x 72 features"), text);
    assertTrue(text.contains("FIXED LAYOUT"), text);
    assertTrue(traffic.describe().contains("regression of [traffic_volume]"), traffic.describe());
    assertTrue(
        occupancy.describe().contains("2-class classification [0, 1]"), occupancy.describe());
    assertNull(occupancy.targetScaling());
    assertNotNull(traffic.targetScaling());
  }

  @Test
  void missingFolderNamesTheFile(@TempDir Path dir) {
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Ozone.load(dir));
    assertTrue(e.getMessage().contains("eighthr.data"), e.getMessage());
    assertTrue(e.getMessage().contains("datasets/"), e.getMessage());
  }

  @Test
  void ltcWindowStartsLeaveOutTheLastWindowLikeRange() {
    // range(0, 20 - 16, 1) -> 0..3 (4 starts, not 5); range(0, 2665 - 16, 8) -> 332 starts.
    assertArrayEquals(new int[] {0, 1, 2, 3}, LtcPreprocessing.starts(20, 16, 1));
    assertEquals(332, LtcPreprocessing.starts(2665, 16, 8).length);
    assertEquals(0, LtcPreprocessing.starts(16, 16, 1).length);
    assertEquals(0, LtcPreprocessing.starts(3, 16, 1).length);
  }

  private static void assertClose(double[] expected, double[] actual, double rtol) {
    assertEquals(expected.length, actual.length, "length");
    for (int i = 0; i < expected.length; i++) {
      double tol = rtol * Math.abs(expected[i]) + 1e-15;
      assertEquals(expected[i], actual[i], tol, "entry " + i);
    }
  }
}
