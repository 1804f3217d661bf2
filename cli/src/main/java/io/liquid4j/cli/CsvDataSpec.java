package io.liquid4j.cli;

import io.liquid4j.data.CsvTimeSeries;
import io.liquid4j.data.SequenceDataset;
import io.liquid4j.data.Standardizer;
import io.liquid4j.data.TaskKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a CSV file becomes sequences: stored in a trained model's metadata ("data") so that
 * {@code evaluate} reads new files exactly as {@code train} read the training file, with the same
 * input scaling.
 */
record CsvDataSpec(
    List<String> features,
    String target,
    String timestamp,
    TaskKind task,
    int window,
    int stride,
    boolean perStep,
    List<String> classNames) {

  CsvTimeSeries.Options options() {
    CsvTimeSeries.Options o = task == TaskKind.CLASSIFICATION
        ? CsvTimeSeries.Options.classification(features, target, window)
        : CsvTimeSeries.Options.regression(features, target, window);
    o = o.withStride(stride).withPerStepTargets(perStep);
    if (timestamp != null) {
      o = o.withTimestamps(timestamp);
    }
    if (classNames != null) {
      o = o.withClassNames(classNames);
    }
    return o;
  }

  SequenceDataset read(Path csv) throws IOException {
    return CsvTimeSeries.read(csv, options());
  }

  CsvDataSpec withClassNames(List<String> names) {
    return new CsvDataSpec(features, target, timestamp, task, window, stride, perStep, names);
  }

  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("features", features);
    m.put("target", target);
    m.put("timestamp", timestamp);
    m.put("task", task.name().toLowerCase(java.util.Locale.ROOT));
    m.put("window", window);
    m.put("stride", stride);
    m.put("per_step", perStep);
    m.put("class_names", classNames);
    return m;
  }

  @SuppressWarnings("unchecked")
  static CsvDataSpec fromMap(Map<String, Object> m) {
    return new CsvDataSpec(
        (List<String>) m.get("features"),
        (String) m.get("target"),
        (String) m.get("timestamp"),
        TaskKind.valueOf(((String) m.get("task")).toUpperCase(java.util.Locale.ROOT)),
        ((Number) m.get("window")).intValue(),
        ((Number) m.get("stride")).intValue(),
        (Boolean) m.get("per_step"),
        (List<String>) m.get("class_names"));
  }

  /** Metadata entries of a trained model: the data spec and the input scaling. */
  static Map<String, String> metadata(CsvDataSpec spec, Standardizer scaling) {
    tools.jackson.databind.ObjectMapper json = new tools.jackson.databind.ObjectMapper();
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("data", json.writeValueAsString(spec.toMap()));
    meta.put("input_scaling", json.writeValueAsString(scaling.toMap()));
    return meta;
  }
}
