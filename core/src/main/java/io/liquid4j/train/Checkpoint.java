package io.liquid4j.train;

import io.liquid4j.io.FileFormatException;
import io.liquid4j.io.Safetensors;
import io.liquid4j.io.SafetensorsFile;
import io.liquid4j.io.Tensor;
import io.liquid4j.model.SequenceModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;

/**
 * A training checkpoint: a safetensors file (written atomically: temporary file, then rename) with
 * the current and best parameters and the optimizer's buffers as float64 tensors, and in {@code
 * __metadata__} the run's counters, history, the fingerprints of the model and trainer config and
 * the optimizer's description ({@link OptimizerConfig#toString()}), and under {@code fingerprint}
 * the run's other settings (schedule, loss, selection, those a workflow adds with {@link
 * Trainer#withRunSettings}) and the {@link DataFingerprint}s of the training and validation data.
 * Resuming refuses a checkpoint written for another model, other hyperparameters, another
 * optimizer configuration, other settings or other data (the number of epochs, the threads,
 * the time budget and whether the best epoch is restored may change). A checkpoint written before fingerprints were
 * recorded has none to compare: it resumes with the model, the hyperparameters and the optimizer
 * checked, but not the data.
 */
final class Checkpoint {
  static final String FORMAT = "liquid4j-checkpoint";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Checkpoint() {}

  static void write(
      Path path, SequenceModel model, TrainerConfig config, Optimizer optimizer,
      LearningRateSchedule schedule, Trainer.RunState state, Map<String, String> fingerprint)
      throws IOException {
    List<Tensor> tensors = new ArrayList<>();
    tensors.add(Tensor.f64("params", new int[] {state.params.length}, state.params));
    if (state.bestParams != null) {
      tensors.add(Tensor.f64("best_params", new int[] {state.bestParams.length},
          state.bestParams));
    }
    OptimizerState os = optimizer.state();
    for (Map.Entry<String, double[]> e : os.buffers().entrySet()) {
      tensors.add(Tensor.f64("optimizer." + e.getKey(), new int[] {e.getValue().length},
          e.getValue()));
    }
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("next_epoch", state.nextEpoch);
    run.put("best_epoch", state.bestEpoch);
    run.put("best_score", state.bestScore == Double.NEGATIVE_INFINITY ? null : state.bestScore);
    run.put("since_improvement", state.sinceImprovement);
    run.put("optimizer", os.optimizer());
    run.put("optimizer_step", os.step());
    run.put("optimizer_lr", os.learningRate());
    ScheduleState ss = schedule.state();
    run.put("schedule", ss.schedule());
    run.put("schedule_epochs", ss.epochs());
    run.put("schedule_values", ss.values());
    List<Map<String, Object>> history = new ArrayList<>();
    for (EpochSummary s : state.history) {
      Map<String, Object> h = new LinkedHashMap<>();
      h.put("epoch", s.epoch());
      h.put("train_loss", s.trainLoss());
      h.put("validation_loss", finiteOrNull(s.validationLoss()));
      h.put("validation_metric", finiteOrNull(s.validationMetric()));
      h.put("learning_rate", s.learningRate());
      h.put("seconds", s.seconds());
      h.put("improved", s.improved());
      history.add(h);
    }
    run.put("history", history);
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("format", FORMAT);
    meta.put("run", JSON.writeValueAsString(run));
    meta.put("model_config", JSON.writeValueAsString(model.config().toMap()));
    meta.put("trainer", fingerprint(config));
    meta.put("optimizer", config.optimizer().toString());
    meta.put("fingerprint", JSON.writeValueAsString(fingerprint));
    Safetensors.write(path, tensors, meta, true);
  }

  private static Double finiteOrNull(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /**
   * What must not change between a run and its resumption, besides the optimizer (all but the
   * number of epochs, the threads and whether the best epoch is restored).
   */
  static String fingerprint(TrainerConfig c) {
    // Settings added later are recorded only when they differ from their defaults, so that a
    // checkpoint written before they existed (with the defaults' behaviour) still resumes.
    return "batch=" + c.batchSize() + " lr=" + c.learningRate() + " clip=" + c.clipNorm()
        + " patience=" + c.patience() + " seed=" + c.seed() + " chunk=" + c.chunkSize()
        + laterSettings(c);
  }

  private static String laterSettings(TrainerConfig c) {
    StringBuilder b = new StringBuilder();
    if (c.clipTensorNorm() != 0) {
      b.append(" clip_tensor=").append(c.clipTensorNorm());
    }
    if (c.l2() != 0) {
      b.append(" l2=").append(c.l2());
    }
    if (c.l2Scope() != L2Penalty.Scope.WEIGHT_MATRICES) {
      b.append(" l2_scope=").append(c.l2Scope().name().toLowerCase(Locale.ROOT));
    }
    if (c.schedulePer() != SchedulePer.EPOCH) {
      b.append(" schedule_per=").append(c.schedulePer().name().toLowerCase(Locale.ROOT));
    }
    if (c.dropLastPartialBatch()) {
      b.append(" drop_last=true");
    }
    return b.toString();
  }

  /**
   * The fingerprint of checkpoints written before optimizers had settings: the optimizer by name
   * only, which stands for its defaults.
   */
  private static String legacyFingerprint(TrainerConfig c) {
    return "batch=" + c.batchSize() + " lr=" + c.learningRate() + " optimizer="
        + c.optimizer().name() + " clip=" + c.clipNorm() + " patience=" + c.patience() + " seed="
        + c.seed() + " chunk=" + c.chunkSize() + laterSettings(c);
  }

  /** Names the first top-level key of the model's config that differs. */
  @SuppressWarnings("unchecked")
  private static CheckpointMismatchException modelMismatch(
      Path path, String recorded, Map<String, Object> now) throws IOException {
    Map<String, Object> then;
    try {
      then = recorded == null ? Map.of() : JSON.readValue(recorded, LinkedHashMap.class);
    } catch (RuntimeException e) {
      then = Map.of();
    }
    java.util.Set<String> keys = new java.util.LinkedHashSet<>(now.keySet());
    keys.addAll(then.keySet());
    for (String key : keys) {
      String a = then.containsKey(key) ? JSON.writeValueAsString(then.get(key)) : null;
      String b = now.containsKey(key) ? JSON.writeValueAsString(now.get(key)) : null;
      if (!java.util.Objects.equals(a, b)) {
        return new CheckpointMismatchException(path, "model." + key, a, b,
            "the checkpoint was written for another model (" + key + " " + cut(a) + " then, "
                + cut(b) + " now); use another checkpoint file or start a new run without"
                + " resuming");
      }
    }
    return new CheckpointMismatchException(path, "model", recorded, JSON.writeValueAsString(now),
        "the checkpoint was written for another model (" + cut(recorded) + "); use another"
            + " checkpoint file or start a new run without resuming");
  }

  /**
   * Names the first of the trainer's settings ({@link #fingerprint}) that differs, by name: a
   * setting recorded on one side only (one added since, at its default on the other) counts.
   */
  private static CheckpointMismatchException settingsMismatch(
      Path path, String recorded, String now) {
    Map<String, String> a = settings(recorded == null ? "" : recorded);
    Map<String, String> b = settings(now);
    java.util.Set<String> names = new java.util.LinkedHashSet<>(b.keySet());
    names.addAll(a.keySet());
    for (String name : names) {
      String then = a.get(name);
      String value = b.get(name);
      if (!java.util.Objects.equals(then, value)) {
        return new CheckpointMismatchException(path, name, then, value, "the checkpoint was"
            + " written with other training settings (" + name + " " + then + " then, " + value
            + " now); use another checkpoint file or start a new run without resuming");
      }
    }
    return new CheckpointMismatchException(path, "training settings", recorded, now);
  }

  /** "a=1 b=2" as an ordered map; a token without '=' stands for itself with no value. */
  private static Map<String, String> settings(String text) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String token : text.split(" ")) {
      if (!token.isEmpty()) {
        int eq = token.indexOf('=');
        m.put(eq < 0 ? token : token.substring(0, eq), eq < 0 ? null : token.substring(eq + 1));
      }
    }
    return m;
  }

  private static String cut(String value) {
    return value == null ? "none" : value.length() > 120 ? value.substring(0, 120) + "…" : value;
  }

  /**
   * Refuses the first entry, in the checkpoint's order and then this run's, whose value differs
   * (or that only one of them has).
   */
  private static void checkFingerprint(
      Path path, Map<String, Object> then, Map<String, String> now)
      throws CheckpointMismatchException {
    Map<String, String> recorded = new LinkedHashMap<>();
    then.forEach((k, v) -> recorded.put(k, v == null ? null : String.valueOf(v)));
    for (Map.Entry<String, String> e : recorded.entrySet()) {
      String value = now.get(e.getKey());
      if (!java.util.Objects.equals(e.getValue(), value)) {
        throw new CheckpointMismatchException(path, e.getKey(), e.getValue(), value);
      }
    }
    for (Map.Entry<String, String> e : now.entrySet()) {
      if (!recorded.containsKey(e.getKey())) {
        throw new CheckpointMismatchException(path, e.getKey(), null, e.getValue());
      }
    }
  }

  @SuppressWarnings("unchecked")
  static Trainer.RunState read(
      Path path, SequenceModel model, TrainerConfig config, Optimizer optimizer,
      LearningRateSchedule schedule, Map<String, String> fingerprint) throws IOException {
    SafetensorsFile file = Safetensors.read(path);
    Map<String, String> meta = file.metadata();
    String source = path.toString();
    if (!FORMAT.equals(meta.get("format"))) {
      throw new FileFormatException(source, "not a liquid4j checkpoint");
    }
    String modelConfig = JSON.writeValueAsString(model.config().toMap());
    if (!modelConfig.equals(meta.get("model_config"))) {
      throw modelMismatch(path, meta.get("model_config"), model.config().toMap());
    }
    String described = config.optimizer().toString();
    if (meta.containsKey("optimizer")) {
      if (!fingerprint(config).equals(meta.get("trainer"))) {
        throw settingsMismatch(path, meta.get("trainer"), fingerprint(config));
      }
      if (!described.equals(meta.get("optimizer"))) {
        throw new CheckpointMismatchException(path, "optimizer", meta.get("optimizer"), described,
            "the checkpoint was written with the optimizer " + meta.get("optimizer") + ", now "
                + described + "; resume with the same optimizer settings or start a new run");
      }
    } else {
      boolean defaults = config.optimizer().equals(OptimizerConfig.named(
          config.optimizer().name()));
      if (!defaults || !legacyFingerprint(config).equals(meta.get("trainer"))) {
        throw new CheckpointMismatchException(path, "training settings", meta.get("trainer"),
            fingerprint(config) + " " + described, "the checkpoint was written with other"
                + " training settings (" + meta.get("trainer") + " with the optimizer's defaults,"
                + " now " + fingerprint(config) + " with " + described + ")");
      }
    }
    if (meta.containsKey("fingerprint")) {
      checkFingerprint(path, JSON.readValue(meta.get("fingerprint"), LinkedHashMap.class),
          fingerprint);
    }
    Map<String, Object> run = JSON.readValue(meta.get("run"), LinkedHashMap.class);
    Trainer.RunState state = new Trainer.RunState(file.require("params").data());
    if (state.params.length != model.layout().size()) {
      throw new FileFormatException(source, "parameters have " + state.params.length
          + " values, the model " + model.layout().size());
    }
    state.bestParams = file.tensor("best_params").map(Tensor::data).orElse(null);
    state.nextEpoch = ((Number) run.get("next_epoch")).intValue();
    state.bestEpoch = ((Number) run.get("best_epoch")).intValue();
    Object best = run.get("best_score");
    state.bestScore = best == null ? Double.NEGATIVE_INFINITY : ((Number) best).doubleValue();
    state.sinceImprovement = ((Number) run.get("since_improvement")).intValue();
    for (Map<String, Object> h : (List<Map<String, Object>>) run.get("history")) {
      state.history.add(new EpochSummary(
          ((Number) h.get("epoch")).intValue(),
          ((Number) h.get("train_loss")).doubleValue(),
          h.get("validation_loss") == null ? Double.NaN
              : ((Number) h.get("validation_loss")).doubleValue(),
          h.get("validation_metric") == null ? Double.NaN
              : ((Number) h.get("validation_metric")).doubleValue(),
          ((Number) h.get("learning_rate")).doubleValue(),
          ((Number) h.get("seconds")).doubleValue(),
          (Boolean) h.get("improved")));
    }
    Map<String, double[]> buffers = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : file.tensors().entrySet()) {
      if (e.getKey().startsWith("optimizer.")) {
        buffers.put(e.getKey().substring("optimizer.".length()), e.getValue().data());
      }
    }
    if (!schedule.name().equals(run.get("schedule"))) {
      throw new FileFormatException(source, "the checkpoint was written with the learning-rate"
          + " schedule " + run.get("schedule") + ", now " + schedule.name());
    }
    Map<String, Double> values = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e
        : ((Map<String, Object>) run.get("schedule_values")).entrySet()) {
      values.put(e.getKey(), ((Number) e.getValue()).doubleValue());
    }
    schedule.restore(new ScheduleState((String) run.get("schedule"),
        ((Number) run.get("schedule_epochs")).intValue(), values));
    optimizer.restore(new OptimizerState((String) run.get("optimizer"),
        ((Number) run.get("optimizer_step")).longValue(),
        ((Number) run.get("optimizer_lr")).doubleValue(), buffers));
    return state;
  }
}
