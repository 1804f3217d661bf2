package io.liquid4j.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.model.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GridTest {

  @Test
  void allIsTheCartesianProductWithSeedsVaryingFastest() {
    Grid g = new Grid().models("ltc", "cfc").units(4, 8).learningRates(0.01, 0.001)
        .epochs(3).batchSizes(8).optimizers("adam", "SGD").seeds(1, 2);
    List<Candidate> all = g.all();
    assertEquals(2 * 2 * 2 * 2 * 2, all.size());
    assertEquals(all.size(), g.size());
    assertEquals(all.size(), new HashSet<>(all).size(), "every combination once");
    // independent reference: the nested loops written out in axis order
    int k = 0;
    for (String m : List.of("ltc", "cfc")) {
      for (int u : List.of(4, 8)) {
        for (double lr : List.of(0.01, 0.001)) {
          for (String o : List.of("adam", "sgd")) {
            for (long s : List.of(1L, 2L)) {
              assertEquals(new Candidate(m, u, lr, "default", 3, 8, o, s), all.get(k++));
            }
          }
        }
      }
    }
  }

  @Test
  void sampleWithTheSameSeedListsTheSameCandidates() {
    Grid g = new Grid().models("ltc", "cfc", "ctrnn").units(4, 8, 16)
        .learningRates(0.1, 0.01, 0.001).batchSizes(4, 8, 16).seeds(1, 2, 3);
    List<Candidate> a = g.sample(12, 7);
    assertEquals(a, g.sample(12, 7));
    assertNotEquals(a, g.sample(12, 8));
    Set<Candidate> space = new HashSet<>(g.all());
    assertTrue(space.containsAll(a), "every draw is a point of the grid");
    assertEquals(12, a.size());
  }

  @Test
  void theJsonFormListsWhatTheBuilderLists(@TempDir Path dir) throws Exception {
    String json = "{\"models\": [\"ltc\", \"cfc\"], \"units\": [4, 8], \"learning_rates\":"
        + " [0.01, 0.003], \"solvers\": \"default\", \"epochs\": [2], \"batch_sizes\": [8],"
        + " \"optimizers\": [\"adam\"], \"seeds\": [1, 2]}";
    List<Candidate> built = new Grid().models("ltc", "cfc").units(4, 8)
        .learningRates(0.01, 0.003).epochs(2).batchSizes(8).seeds(1, 2).all();
    assertEquals(built, Grid.parse(json, "--grid").all());
    Path file = dir.resolve("grid.json");
    Files.writeString(file, json);
    assertEquals(built, Grid.parse(file.toString(), "--grid").all());
  }

  @Test
  void specTemplatesExpandTheirArraysInKeyOrder() {
    Grid g = Grid.parse("{\"specs\": [{\"model\": \"cfc\", \"units\": [4, 8],"
        + " \"backbone_units\": [16, 32]}, {\"model\": \"ltc\", \"units\": 4}], \"epochs\": 2}",
        "--grid");
    List<Candidate> all = g.all();
    assertEquals(5, all.size());
    assertEquals(ModelSpec.parse("{\"model\": \"cfc\", \"units\": 4, \"backbone_units\": 16}",
        "x"), all.get(0).model());
    assertEquals(ModelSpec.parse("{\"model\": \"cfc\", \"units\": 4, \"backbone_units\": 32}",
        "x"), all.get(1).model());
    assertEquals(ModelSpec.parse("{\"model\": \"cfc\", \"units\": 8, \"backbone_units\": 16}",
        "x"), all.get(2).model());
    assertEquals(ModelSpec.parse("{\"model\": \"ltc\", \"units\": 4}", "x"), all.get(4).model());
    assertTrue(all.stream().allMatch(c -> c.epochs() == 2));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
      "{\"model\": [\"ltc\"]}                 | --grid: unknown key 'model'",
      "{\"units\": [0]}                       | units must be >= 1, got 0",
      "{\"units\": [\"8\"]}                   | --grid: 'units': expected whole numbers",
      "{\"units\": [8.5]}                     | --grid: 'units': expected whole numbers",
      "{\"units\": []}                        | --grid: 'units': expected at least one value",
      "{\"learning_rates\": [\"fast\"]}       | --grid: 'learning_rates': expected numbers",
      "{\"models\": [\"gru\"]}                | model: unknown model 'gru'",
      "{\"optimizers\": [\"lbfgs\"]}          | optimizer: unknown 'lbfgs'",
      "{\"specs\": [{\"model\": \"cfc\", \"units\": 4}], \"units\": [4]} | --grid: 'units' and 'specs' exclude each other",
      "{\"specs\": [{\"model\": \"cfc\", \"unit\": 4}]} | --grid: 'specs'[0]",
      "{\"specs\": [3]}                       | --grid: 'specs'[0]: expected a model spec",
      "[1, 2]                                 | --grid: no such file",
      "{\"units\": [4, 4,                     | --grid: not a valid JSON object",
      "{\"units\": 4, \"units\": 8}           | --grid: not a valid JSON object",
  })
  void badGridsAreOneLineErrorsNamingTheKey(String json, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Grid.parse(json, "--grid").all());
    assertTrue(e.getMessage().startsWith(message.strip()), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"missing.json", "dir"})
  void aMissingFileIsNamed(String name, @TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("dir"));
    Path p = dir.resolve(name);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Grid.parse(p.toString(), "--grid"));
    assertTrue(e.getMessage().startsWith("--grid: no such file"), e.getMessage());
  }

  @Test
  void specsAndShorthandAxesExcludeEachOther() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Grid().models("ltc").specs(ModelSpec.shorthand("cfc", 4, null, null)));
    assertTrue(e.getMessage().startsWith("specs: give either specs"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Grid().units());
    assertEquals("units: expected at least one value", e.getMessage());
  }

  @Test
  void recipeAxesMultiplyTheGridAndOverrideOnlyWhatTheyGive() {
    Grid g = Grid.parse("{\"units\": [4], \"epochs\": [2], \"l2\": [0, 1e-5],"
        + " \"clip_norms\": [1], \"drop_last\": [true, false], \"lr_decays\": [0.9],"
        + " \"seeds\": [1, 2]}", "--grid");
    List<Candidate> all = g.all();
    assertEquals(2 * 2 * 2, all.size());
    assertEquals(all.size(), g.size());
    // independent reference: the loops in axis order, the recipe's before the seeds
    int k = 0;
    for (double l2 : new double[] {0, 1e-5}) {
      for (boolean drop : new boolean[] {true, false}) {
        for (long seed : new long[] {1, 2}) {
          Candidate c = all.get(k++);
          assertEquals(new Candidate.Recipe(l2, 1.0, null, drop, 0.9), c.recipe());
          assertEquals(seed, c.seed());
        }
      }
    }
    io.liquid4j.train.TrainerConfig base = io.liquid4j.train.TrainerConfig.defaults()
        .withClipTensorNorm(3).withL2(0.5).withPatience(4);
    io.liquid4j.train.TrainerConfig t = all.get(4).trainerConfig(base);
    assertEquals(1e-5, t.l2(), "the axis overrides the fixed l2");
    assertEquals(1.0, t.clipNorm());
    assertEquals(3.0, t.clipTensorNorm(), "an axis not given keeps the fixed setting");
    assertEquals(4, t.patience());
    assertTrue(t.dropLastPartialBatch());
    assertEquals(0.01, all.get(0).recipe().schedule(0.01).learningRate());
    assertEquals(null, new Candidate.Recipe(null, null, null, null, 1.0).schedule(0.01),
        "a decay of 1 is a constant rate");
    assertTrue(all.get(4).describe().endsWith(" seed=1 l2=1.0E-5 clip_norm=1.0 drop_last=true"
        + " lr_decay=0.9"), all.get(4).describe());
    // a grid without recipe axes describes its candidates as before (resumable records)
    Candidate plain = new Grid().units(4).all().get(0);
    assertEquals(Candidate.Recipe.NONE, plain.recipe());
    assertTrue(plain.describe().endsWith(" seed=1"), plain.describe());
    assertEquals(",,,,", plain.recipe().csvCells());
  }

  @Test
  void recipeAxesDoNotChangeTheDrawOfTheOtherAxes() {
    Grid plain = new Grid().units(4, 8, 16).learningRates(0.1, 0.01).seeds(1, 2, 3);
    Grid withRecipe = new Grid().units(4, 8, 16).learningRates(0.1, 0.01).seeds(1, 2, 3)
        .clipNorms(1, 10);
    List<Candidate> a = plain.sample(1, 5);
    List<Candidate> b = withRecipe.sample(1, 5);
    assertEquals(a.get(0), b.get(0).withRecipe(null));
    assertNotEquals(Candidate.Recipe.NONE, b.get(0).recipe());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"l2\": [-1]}|l2 must be a finite number >= 0",
      "{\"clip_norms\": [\"x\"]}|'clip_norms': expected numbers, found a string",
      "{\"drop_last\": [1]}|'drop_last': expected true or false, found a number",
      "{\"lr_decays\": [1.5]}|lr decay must be in (0, 1]",
      "{\"lr_decays\": []}|'lr_decays': expected at least one value"})
  void badRecipeAxesNameTheirKey(String json, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Grid.parse(json, "--grid").all());
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }
}
