package io.liquid4j.tune;

import io.liquid4j.io.Quoted;
import io.liquid4j.model.ModelSpec;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The values to try on each axis of a search; {@link #all} lists every combination, {@link
 * #sample} a seeded random draw. Unset axes keep their default: LTC, 16 units, learning rate
 * 0.005, default solver, 10 epochs, batch 16, Adam, seed 1. The model is given either by the
 * shorthand axes (models, units, solvers) or by {@link #specs}.
 *
 * <p>The same grid lists the runs of {@code liquid4j tune} ({@link Tuner}) and of the Spark
 * module's sweeps. As a file ({@link #parse}) it is a JSON object with one array per axis (a
 * single value may stand for an array of one):
 *
 * <pre>{@code
 * {"models": ["ltc", "cfc"], "units": [8, 16], "solvers": ["default"],
 *  "learning_rates": [0.01, 0.003], "epochs": [5], "batch_sizes": [16],
 *  "optimizers": ["adam"], "seeds": [1]}
 * }</pre>
 *
 * <p>or, instead of models, units and solvers, {@code "specs"}: model specifications ({@link
 * ModelSpec}), where a key whose value is an array lists alternatives, expanded into every
 * combination in the key order (no spec key takes an array itself), e.g. {@code "specs": [{"model":
 * "cfc", "units": [16, 32], "backbone_units": [64, 128]}, {"model": "ltc", "units": 16}]} is five
 * networks.
 *
 * <p>The training recipe's axes are left out unless given, each value then overriding the
 * search's fixed setting ({@link Tuner.Builder#trainer}; {@link Candidate.Recipe}): {@code "l2"}
 * (L2 penalty λ on the weight matrices, e.g. {@code [0, 1e-5]}), {@code "clip_norms"} (global
 * gradient-norm clipping, 0 off), {@code "clip_tensor_norms"} (per-tensor clipping, Keras's
 * {@code clipnorm}, 0 off), {@code "drop_last"} ({@code [true, false]}: skip each epoch's last
 * partial batch) and {@code "lr_decays"} (the learning rate's factor per epoch in (0, 1], 1
 * constant).
 *
 * <p>A mutable builder, not thread-safe: fill it on one thread. Each axis method replaces that
 * axis's values with a copy of the given ones and returns this grid; {@link #all} and {@link
 * #sample} return new lists and leave the grid as it is.
 */
public final class Grid {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final List<String> KEYS = List.of("models", "units", "solvers", "specs",
      "learning_rates", "epochs", "batch_sizes", "optimizers", "seeds", "l2", "clip_norms",
      "clip_tensor_norms", "drop_last", "lr_decays");

  private List<ModelSpec> specs = null;
  private boolean shorthandAxes = false;
  private List<String> models = List.of("ltc");
  private List<Integer> units = List.of(16);
  private List<Double> learningRates = List.of(0.005);
  private List<String> solvers = List.of("default");
  private List<Integer> epochs = List.of(10);
  private List<Integer> batchSizes = List.of(16);
  private List<String> optimizers = List.of("adam");
  private List<Long> seeds = List.of(1L);
  // The recipe's axes: a single null keeps the search's fixed setting.
  private List<Double> l2 = nothing();
  private List<Double> clipNorms = nothing();
  private List<Double> clipTensorNorms = nothing();
  private List<Boolean> dropLast = nothing();
  private List<Double> lrDecays = nothing();

  private static <T> List<T> nothing() {
    return java.util.Collections.singletonList(null);
  }

  /** A grid with every axis at its default. */
  public Grid() {}

  /**
   * Model specs, each a complete network (e.g. from {@link ModelSpec#parse}); instead of the
   * models, units and solvers axes.
   *
   * @param values at least one spec
   * @return this grid
   * @throws IllegalArgumentException if {@code values} is empty, or models, units or solvers
   *     were given already
   */
  public Grid specs(ModelSpec... values) {
    return specs(List.of(values));
  }

  /**
   * Model specs, as {@link #specs(ModelSpec...)}.
   *
   * @param values at least one spec
   * @return this grid
   * @throws IllegalArgumentException if {@code values} is empty, or models, units or solvers
   *     were given already
   */
  public Grid specs(List<ModelSpec> values) {
    if (shorthandAxes) {
      throw new IllegalArgumentException(
          "specs: give either specs or models, units and solvers, not both");
    }
    specs = axis("specs", values);
    return this;
  }

  /**
   * Model kinds: "ltc", "cfc", "ctrnn", "lstm" (shorthands: {@link ModelSpec#shorthand}).
   *
   * @param values at least one kind; checked when the candidates are listed
   * @return this grid
   * @throws IllegalArgumentException if {@code values} is empty or specs were given already
   */
  public Grid models(String... values) {
    shorthand("models");
    models = axis("models", List.of(values));
    return this;
  }

  /**
   * Numbers of units.
   *
   * @param values at least one number of units; checked when the candidates are listed
   * @return this grid
   * @throws IllegalArgumentException if {@code values} is empty or specs were given already
   */
  public Grid units(int... values) {
    shorthand("units");
    units = axis("units", Arrays.stream(values).boxed().toList());
    return this;
  }

  private void shorthand(String axis) {
    if (specs != null) {
      throw new IllegalArgumentException(
          axis + ": give either specs or models, units and solvers, not both");
    }
    shorthandAxes = true;
  }

  /**
   * Learning rates.
   *
   * @param values at least one rate; checked when the candidates are listed
   * @return this grid
   * @throws IllegalArgumentException if {@code values} is empty
   */
  public Grid learningRates(double... values) {
    learningRates = axis("learning rates", Arrays.stream(values).boxed().toList());
    return this;
  }

  /**
   * Solvers; "default" is each model's own.
   *
   * @param values at least one solver name; checked when the candidates are listed
   * @return this grid
   * @throws IllegalArgumentException if {@code values} is empty or specs were given already
   */
  public Grid solvers(String... values) {
    shorthand("solvers");
    solvers = axis("solvers", List.of(values));
    return this;
  }

  /**
   * Numbers of epochs.
   *
   * @param values at least one number of epochs; checked when the candidates are listed
   * @return this grid
   * @throws IllegalArgumentException if {@code values} is empty
   */
  public Grid epochs(int... values) {
    epochs = axis("epochs", Arrays.stream(values).boxed().toList());
    return this;
  }

  /**
   * Batch sizes.
   *
   * @param values at least one batch size; checked when the candidates are listed
   * @return this grid
   * @throws IllegalArgumentException if {@code values} is empty
   */
  public Grid batchSizes(int... values) {
    batchSizes = axis("batch sizes", Arrays.stream(values).boxed().toList());
    return this;
  }

  /**
   * Optimizers: "adam", "adamw", "sgd" or "rmsprop".
   *
   * @param values at least one optimizer name; checked when the candidates are listed
   * @return this grid
   * @throws IllegalArgumentException if {@code values} is empty
   */
  public Grid optimizers(String... values) {
    optimizers = axis("optimizers", List.of(values));
    return this;
  }

  /**
   * Seeds; several seeds of the same settings show the spread between runs.
   *
   * @param values at least one seed
   * @return this grid
   * @throws IllegalArgumentException if {@code values} is empty
   */
  public Grid seeds(long... values) {
    seeds = axis("seeds", Arrays.stream(values).boxed().toList());
    return this;
  }

  /**
   * L2 penalties λ on the weight matrices ({@link io.liquid4j.train.TrainerConfig.Builder#l2}).
   *
   * @param values at least one λ, finite and ≥ 0; checked when the candidates are listed
   * @return this grid
   * @throws IllegalArgumentException if {@code values} is empty
   */
  public Grid l2(double... values) {
    l2 = axis("l2", Arrays.stream(values).boxed().toList());
    return this;
  }

  /**
   * Global gradient-norm clipping ({@link io.liquid4j.train.TrainerConfig.Builder#clipNorm}).
   *
   * @param values at least one norm, finite and ≥ 0 (0: off); checked when the candidates are
   *     listed
   * @return this grid
   * @throws IllegalArgumentException if {@code values} is empty
   */
  public Grid clipNorms(double... values) {
    clipNorms = axis("clip norms", Arrays.stream(values).boxed().toList());
    return this;
  }

  /**
   * Per-tensor gradient-norm clipping ({@link
   * io.liquid4j.train.TrainerConfig.Builder#clipTensorNorm}).
   *
   * @param values at least one norm, finite and ≥ 0 (0: off); checked when the candidates are
   *     listed
   * @return this grid
   * @throws IllegalArgumentException if {@code values} is empty
   */
  public Grid clipTensorNorms(double... values) {
    clipTensorNorms = axis("clip tensor norms", Arrays.stream(values).boxed().toList());
    return this;
  }

  /**
   * Whether each epoch's last partial batch is skipped ({@link
   * io.liquid4j.train.TrainerConfig.Builder#dropLastPartialBatch}).
   *
   * @param values at least one value
   * @return this grid
   * @throws IllegalArgumentException if {@code values} is empty
   */
  public Grid dropLast(boolean... values) {
    List<Boolean> list = new ArrayList<>();
    for (boolean v : values) {
      list.add(v);
    }
    dropLast = axis("drop last", list);
    return this;
  }

  /**
   * Learning-rate decays: the rate's factor per epoch ({@link io.liquid4j.train.ExponentialLr}).
   *
   * @param values at least one factor in (0, 1] (1: constant); checked when the candidates are
   *     listed
   * @return this grid
   * @throws IllegalArgumentException if {@code values} is empty
   */
  public Grid lrDecays(double... values) {
    lrDecays = axis("lr decays", Arrays.stream(values).boxed().toList());
    return this;
  }

  /** Every combination of the recipe's axes, the last (lr decays) varying fastest. */
  private List<Candidate.Recipe> recipes() {
    List<Candidate.Recipe> out = new ArrayList<>();
    for (Double a : l2) {
      for (Double c : clipNorms) {
        for (Double t : clipTensorNorms) {
          for (Boolean d : dropLast) {
            for (Double decay : lrDecays) {
              out.add(new Candidate.Recipe(a, c, t, d, decay));
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * Every combination, the last axis (seeds) varying fastest: models, units, learning rates,
   * solvers, epochs, batch sizes, optimizers, the recipe's axes (l2, clip norms, clip tensor
   * norms, drop last, lr decays), seeds. A combination that is invalid as a whole
   * (a CfC with an ODE solver) is rejected, naming the setting. With {@link #specs}, the
   * specs take the place of models, units and solvers.
   *
   * @return a new mutable list of the product of the axes' sizes
   * @throws IllegalArgumentException naming the setting of the first invalid combination
   */
  public List<Candidate> all() {
    List<Candidate> out = new ArrayList<>();
    List<Candidate.Recipe> recipes = recipes();
    if (specs != null) {
      for (ModelSpec m : specs) {
        for (double lr : learningRates) {
          for (int e : epochs) {
            for (int b : batchSizes) {
              for (String o : optimizers) {
                for (Candidate.Recipe r : recipes) {
                  for (long seed : seeds) {
                    out.add(new Candidate(m, lr, e, b, o, seed, r));
                  }
                }
              }
            }
          }
        }
      }
      return out;
    }
    for (String m : models) {
      for (int u : units) {
        for (double lr : learningRates) {
          for (String s : solvers) {
            for (int e : epochs) {
              for (int b : batchSizes) {
                for (String o : optimizers) {
                  for (Candidate.Recipe r : recipes) {
                    for (long seed : seeds) {
                      out.add(new Candidate(m, u, lr, s, e, b, o, seed).withRecipe(r));
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * The number of combinations {@link #all} lists, without listing them.
   *
   * @return the product of the axes' sizes
   */
  public long size() {
    long model = specs != null ? specs.size()
        : (long) models.size() * units.size() * solvers.size();
    return model * learningRates.size() * epochs.size() * batchSizes.size() * optimizers.size()
        * seeds.size() * l2.size() * clipNorms.size() * clipTensorNorms.size() * dropLast.size()
        * lrDecays.size();
  }

  /**
   * A random search: {@code count} candidates, each axis drawn uniformly (with replacement) from
   * its values by a generator seeded with {@code seed}, so the same call lists the same
   * candidates.
   *
   * @param count number of candidates to draw, ≥ 1
   * @param seed seeds the draw (not the runs: their seeds come from the seeds axis)
   * @return a new mutable list of {@code count} candidates, possibly with repeats
   * @throws IllegalArgumentException if {@code count} &lt; 1, or naming the setting of an
   *     invalid combination drawn
   */
  public List<Candidate> sample(int count, long seed) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1, got " + count);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    List<Candidate> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Candidate c;
      if (specs != null) {
        c = new Candidate(pick(specs, rng), pick(learningRates, rng), pick(epochs, rng),
            pick(batchSizes, rng), pick(optimizers, rng), pick(seeds, rng));
      } else {
        c = new Candidate(pick(models, rng), pick(units, rng), pick(learningRates, rng),
            pick(solvers, rng), pick(epochs, rng), pick(batchSizes, rng),
            pick(optimizers, rng), pick(seeds, rng));
      }
      if (recipeGiven()) {
        // drawn after the other axes, and only when given, so grids without recipe axes draw
        // the same candidates as before they existed
        c = c.withRecipe(new Candidate.Recipe(pick(l2, rng), pick(clipNorms, rng),
            pick(clipTensorNorms, rng), pick(dropLast, rng), pick(lrDecays, rng)));
      }
      out.add(c);
    }
    return out;
  }

  private boolean recipeGiven() {
    return l2.get(0) != null || clipNorms.get(0) != null || clipTensorNorms.get(0) != null
        || dropLast.get(0) != null || lrDecays.get(0) != null;
  }

  private static <T> T pick(List<T> values, SplittableRandom rng) {
    return values.get(rng.nextInt(values.size()));
  }

  private static <T> List<T> axis(String name, List<T> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException(name + ": expected at least one value");
    }
    return List.copyOf(values);
  }

  // ------------------------------------------------------------------------------------- parsing

  /**
   * Reads a grid given as JSON text or as the path of a JSON file (text whose first non-blank
   * character is <code>'{'</code> is JSON, anything else a path), in the form the class comment
   * shows. Axes left out keep their defaults.
   *
   * @param jsonOrPath a JSON object, or the path of a file holding one
   * @param source what to call inline JSON in error messages (e.g. the option it came from); a
   *     file's errors name the file
   * @return a new grid
   * @throws IllegalArgumentException in one line naming the source and the key, for a missing or
   *     unreadable file, invalid JSON, an unknown key, a value of the wrong kind or an invalid
   *     spec
   */
  public static Grid parse(String jsonOrPath, String source) {
    String text = jsonOrPath.strip();
    if (text.startsWith("{")) {
      return fromJson(text, source);
    }
    Path file;
    try {
      file = Path.of(text);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(source
          + ": expected a JSON object or the path of a JSON file, got " + Quoted.of(text));
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(source + ": no such file " + Quoted.of(text)
          + " (expected a JSON object or a JSON file)");
    }
    try {
      return fromJson(Files.readString(file), text);
    } catch (IOException e) {
      throw new IllegalArgumentException(text + ": cannot read the grid: " + e.getMessage(), e);
    }
  }

  private static Grid fromJson(String text, String source) {
    Object value;
    try {
      value = JSON.readValue(text, Object.class);
    } catch (JacksonException e) {
      TokenStreamLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new IllegalArgumentException(source + ": not a valid JSON object" + where + ": "
          + String.valueOf(e.getOriginalMessage()).replace('\n', ' '), e);
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(source + ": expected a JSON object, found "
          + kind(value));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) map;
    return fromMap(m, source);
  }

  /**
   * Reads a grid from a JSON-like map with the keys of the file form: each value a list of
   * alternatives or a single value.
   *
   * @param map the axes; not modified
   * @param source the file or option the map came from, named in error messages
   * @return a new grid
   * @throws IllegalArgumentException in one line naming the source and the key
   */
  public static Grid fromMap(Map<String, ?> map, String source) {
    for (String key : map.keySet()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(source + ": unknown key " + Quoted.of(key)
            + " (expected " + String.join(", ", KEYS) + ")");
      }
    }
    Grid g = new Grid();
    if (map.containsKey("specs")) {
      for (String k : List.of("models", "units", "solvers")) {
        if (map.containsKey(k)) {
          throw new IllegalArgumentException(source + ": '" + k + "' and 'specs' exclude each"
              + " other: give the models as specs or as models, units and solvers");
        }
      }
      List<Object> templates = values(map, "specs", source);
      List<ModelSpec> specs = new ArrayList<>();
      for (int i = 0; i < templates.size(); i++) {
        String where = source + ": 'specs'[" + i + "]";
        if (!(templates.get(i) instanceof Map<?, ?> t)) {
          throw new IllegalArgumentException(where + ": expected a model spec (a JSON object),"
              + " found " + kind(templates.get(i)));
        }
        for (Map<String, Object> spec : expand(t, where)) {
          specs.add(ModelSpec.fromMap(spec, where));
        }
      }
      g.specs(specs);
    }
    if (map.containsKey("models")) {
      g.models(read(map, "models", source, Grid::string).toArray(String[]::new));
    }
    if (map.containsKey("units")) {
      g.units(read(map, "units", source, Grid::intValue).stream().mapToInt(Long::intValue)
          .toArray());
    }
    if (map.containsKey("solvers")) {
      g.solvers(read(map, "solvers", source, Grid::string).toArray(String[]::new));
    }
    if (map.containsKey("learning_rates")) {
      g.learningRates(read(map, "learning_rates", source, Grid::number).stream()
          .mapToDouble(Double::doubleValue).toArray());
    }
    if (map.containsKey("epochs")) {
      g.epochs(read(map, "epochs", source, Grid::intValue).stream().mapToInt(Long::intValue)
          .toArray());
    }
    if (map.containsKey("batch_sizes")) {
      g.batchSizes(read(map, "batch_sizes", source, Grid::intValue).stream()
          .mapToInt(Long::intValue).toArray());
    }
    if (map.containsKey("optimizers")) {
      g.optimizers(read(map, "optimizers", source, Grid::string).toArray(String[]::new));
    }
    if (map.containsKey("seeds")) {
      g.seeds(read(map, "seeds", source, Grid::whole).stream().mapToLong(Long::longValue)
          .toArray());
    }
    if (map.containsKey("l2")) {
      g.l2(numbers(map, "l2", source));
    }
    if (map.containsKey("clip_norms")) {
      g.clipNorms(numbers(map, "clip_norms", source));
    }
    if (map.containsKey("clip_tensor_norms")) {
      g.clipTensorNorms(numbers(map, "clip_tensor_norms", source));
    }
    if (map.containsKey("drop_last")) {
      List<Boolean> flags = read(map, "drop_last", source, v -> v instanceof Boolean b ? b : null);
      boolean[] values = new boolean[flags.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = flags.get(i);
      }
      g.dropLast(values);
    }
    if (map.containsKey("lr_decays")) {
      g.lrDecays(numbers(map, "lr_decays", source));
    }
    return g;
  }

  private static double[] numbers(Map<String, ?> map, String key, String source) {
    return read(map, key, source, Grid::number).stream().mapToDouble(Double::doubleValue)
        .toArray();
  }

  /** Every combination of a spec template's array values, the last key varying fastest. */
  private static List<Map<String, Object>> expand(Map<?, ?> template, String where) {
    List<Map<String, Object>> out = new ArrayList<>();
    out.add(new LinkedHashMap<>());
    for (Map.Entry<?, ?> e : template.entrySet()) {
      List<?> choices = e.getValue() instanceof List<?> l ? l : Arrays.asList(e.getValue());
      if (choices.isEmpty()) {
        throw new IllegalArgumentException(where + ": '" + e.getKey()
            + "': expected at least one value");
      }
      List<Map<String, Object>> next = new ArrayList<>();
      for (Map<String, Object> partial : out) {
        for (Object choice : choices) {
          Map<String, Object> m = new LinkedHashMap<>(partial);
          m.put(String.valueOf(e.getKey()), choice);
          next.add(m);
        }
      }
      out = next;
    }
    return out;
  }

  private static List<Object> values(Map<String, ?> map, String key, String source) {
    Object v = map.get(key);
    List<Object> list = v instanceof List<?> l ? new ArrayList<>(l) : Arrays.asList(v);
    if (list.isEmpty()) {
      throw new IllegalArgumentException(source + ": '" + key + "': expected at least one value");
    }
    return list;
  }

  private static <T> List<T> read(Map<String, ?> map, String key, String source,
      Function<Object, T> convert) {
    List<T> out = new ArrayList<>();
    for (Object v : values(map, key, source)) {
      T t = convert.apply(v);
      if (t == null) {
        String expected = switch (key) {
          case "models", "solvers", "optimizers" -> "strings";
          case "learning_rates", "l2", "clip_norms", "clip_tensor_norms", "lr_decays" ->
              "numbers";
          case "drop_last" -> "true or false";
          case "seeds" -> "whole numbers";
          default -> "whole numbers up to " + Integer.MAX_VALUE;
        };
        throw new IllegalArgumentException(source + ": '" + key + "': expected " + expected
            + ", found " + kind(v) + " " + Quoted.of(String.valueOf(v)));
      }
      out.add(t);
    }
    return out;
  }

  private static Long intValue(Object v) {
    Long w = whole(v);
    return w != null && w >= Integer.MIN_VALUE && w <= Integer.MAX_VALUE ? w : null;
  }

  private static String string(Object v) {
    return v instanceof String s ? s : null;
  }

  private static Double number(Object v) {
    return v instanceof Number n && !(v instanceof BigInteger) ? n.doubleValue() : null;
  }

  private static Long whole(Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigInteger b && b.bitLength() < 64) {
      return b.longValue();
    }
    if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1L << 53) {
      return d.longValue();
    }
    if (v instanceof BigDecimal d) {
      try {
        return d.longValueExact();
      } catch (ArithmeticException e) {
        return null;
      }
    }
    return null;
  }

  private static String kind(Object value) {
    return value == null ? "null" : value instanceof List ? "an array"
        : value instanceof Map ? "an object" : value instanceof String ? "a string"
        : value instanceof Boolean ? "a boolean" : "a number";
  }
}
