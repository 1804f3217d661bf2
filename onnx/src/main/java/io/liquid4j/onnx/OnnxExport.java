package io.liquid4j.onnx;

import io.liquid4j.cell.Precision;
import io.liquid4j.io.AtomicFiles;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.predict.Preprocessing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes a liquid4j model as an ONNX model (IR version 8, opset 17) that any ONNX runtime runs:
 * ONNX Runtime from Java, C, C++, C#, Python or JavaScript, with the state carried by the caller.
 *
 * <pre>{@code
 * OnnxExport export = OnnxExport.builder().form(Form.STEP).precision(Precision.FLOAT32).build();
 * export.write(model, preprocessing, Path.of("model.onnx"), false);
 * }</pre>
 *
 * <p><b>Inputs and outputs</b> (B the batch, L the length, S the model's inputs, N its state size,
 * M its outputs; B and L are dynamic, the rest fixed by the model; all tensors of the export
 * precision):
 *
 * <table>
 *   <caption>Names and shapes</caption>
 *   <tr><th>form</th><th>inputs</th><th>outputs</th></tr>
 *   <tr><td>{@link Form#STEP}</td><td>{@code x} (B, S), {@code dt} (B, 1), {@code h} (B, N)
 *       [, {@code c} (B, N)]</td><td>{@code y} (B, M), {@code h_next} (B, N) [, {@code c_next}
 *       (B, N)]</td></tr>
 *   <tr><td>{@link Form#SEQUENCE}</td><td>{@code x} (B, L, S), {@code dt} (B, L), {@code h0}
 *       (B, N) [, {@code c0} (B, N)] [, {@code valid} (B, L) with {@link
 *       Builder#validSteps(boolean)}]</td><td>{@code y} (B, L, M), or (B, M) when the model
 *       returns only the last step; {@code h_L} (B, N) [, {@code c_L} (B, N)]</td></tr>
 * </table>
 *
 * {@code c} only with mixed memory. A zero state starts a sequence; {@code dt} is the elapsed
 * time of each step (1 for regularly sampled data). For a plain LSTM the state is [h | c], 2N
 * wide, as in liquid4j. The same names and shapes are written into the model's doc string.
 *
 * <p><b>What the graph computes.</b> liquid4j's step, operation for operation: the model's stored
 * preprocessing (input standardization, output de-standardization of regression targets) when
 * given, the mixed-memory LSTM, the cell (CfC in its three modes with backbone, wired CfC, the
 * CfC paper variant; LTC with its K sub-steps of the fused, Euler or RK4 solver written out, the
 * wiring's sparsity masks as constants; CTRNN; LSTM) and the projection. Parameters are stored
 * under their ncps state_dict names; with implicit constraints the LTC's positive parameters
 * (and the CTRNN's time constants) are stored through softplus, computed once in float64. An
 * adaptive (dopri5) solver has no fixed number of steps and is refused.
 *
 * <p>Immutable and thread-safe.
 */
public final class OnnxExport {
  private static final String PRODUCER = "liquid4j";

  private final Form form;
  private final Precision precision;
  private final boolean validSteps;

  private OnnxExport(Builder b) {
    this.form = b.form;
    this.precision = b.precision;
    this.validSteps = b.validSteps;
  }

  /**
   * A builder with the defaults: {@link Form#STEP}, {@link Precision#FLOAT32}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The form written.
   *
   * @return step or sequence
   */
  public Form form() {
    return form;
  }

  /**
   * The precision of the exported tensors and arithmetic.
   *
   * @return float32 or float64
   */
  public Precision precision() {
    return precision;
  }

  /**
   * Whether the sequence form takes a {@code valid} (B, L) input marking padded steps.
   *
   * @return true when {@link Builder#validSteps(boolean)} asked for it
   */
  public boolean validSteps() {
    return validSteps;
  }

  /** Settings of an {@link OnnxExport}. */
  public static final class Builder {
    private Form form = Form.STEP;
    private Precision precision = Precision.FLOAT32;
    private boolean validSteps;

    private Builder() {}

    /**
     * The computation written (default {@link Form#STEP}).
     *
     * @param form step or sequence
     * @return this builder
     */
    public Builder form(Form form) {
      this.form = Objects.requireNonNull(form, "form");
      return this;
    }

    /**
     * The tensor type of the inputs, outputs, parameters and arithmetic (default float32, what
     * ONNX runtimes and accelerators run fastest; float64 reproduces liquid4j's float64 results
     * to rounding).
     *
     * @param precision float32 or float64
     * @return this builder
     */
    public Builder precision(Precision precision) {
      this.precision = Objects.requireNonNull(precision, "precision");
      return this;
    }

    /**
     * Whether the sequence form takes a third input, {@code valid} (B, L): 1 for a valid step, 0
     * for a padded one, for a batch of sequences of different lengths padded to L (default
     * false). As {@link SequenceModel#forward(double[], int, int, double[], double[],
     * io.liquid4j.model.ModelState)} with {@code validSteps}: at a padded step the state ({@code
     * h}, and {@code c} with mixed memory) is carried over unchanged and the output is the
     * previous step's (before the first valid step, the output of zeros: the stored targets'
     * means with target scaling, as {@link io.liquid4j.predict.Predictor} gives), so {@code h_L}
     * is the state after each sequence's last valid step and a model that returns only the last
     * step gives that step's output. A padded step's {@code dt} is ignored (0 is fine); its
     * {@code x} must be finite. Any non-zero {@code valid} counts as valid.
     *
     * @param validSteps whether to add the {@code valid} input
     * @return this builder
     */
    public Builder validSteps(boolean validSteps) {
      this.validSteps = validSteps;
      return this;
    }

    /**
     * The export with these settings.
     *
     * @return a new export
     * @throws IllegalArgumentException for {@link #validSteps(boolean) validSteps} with the step
     *     form (the message starts with {@code validSteps: })
     */
    public OnnxExport build() {
      if (validSteps && form != Form.SEQUENCE) {
        throw new IllegalArgumentException("validSteps: only the sequence form takes a valid"
            + " (B, L) input; with the step form, skip a padded step by not calling the model");
      }
      return new OnnxExport(this);
    }
  }

  /**
   * The ONNX model of {@code model}, encoded.
   *
   * @param model the model to export
   * @param preprocessing the model's stored preprocessing, written into the graph; null for none
   * @return the bytes of an ONNX ModelProto
   * @throws IllegalArgumentException when the model cannot be expressed (an adaptive solver),
   *     naming the setting, or when the preprocessing does not fit the model
   */
  public byte[] toBytes(SequenceModel model, Preprocessing preprocessing) {
    Objects.requireNonNull(model, "model");
    if (preprocessing != null) {
      preprocessing.checkFits(model);
    }
    checkSize(model.layout().size(), precision);
    OnnxGraph g = new OnnxGraph(precision);
    boolean memory = model.config().mixedMemory();
    int s = model.inputSize();
    int n = model.stateSize();
    int m = model.outputSize();
    if (form == Form.STEP) {
      String x = g.input("x", "batch", s);
      String dt = g.input("dt", "batch", 1);
      String h = g.input("h", "batch", n);
      String c = memory ? g.input("c", "batch", n) : null;
      ModelStep.Result r = ModelStep.emit(g, model, preprocessing, x, dt, h, c);
      g.output("y", r.y(), "batch", m);
      g.output("h_next", r.hNext(), "batch", n);
      if (memory) {
        g.output("c_next", r.cNext(), "batch", n);
      }
    } else {
      String x = g.input("x", "batch", "length", s);
      String dt = g.input("dt", "batch", "length");
      String h0 = g.input("h0", "batch", n);
      String c0 = memory ? g.input("c0", "batch", n) : null;
      String valid = validSteps ? g.input("valid", "batch", "length") : null;
      // The Scan's body: one step, the state carried from iteration to iteration (with valid
      // steps, the previous output too, which a padded step repeats).
      OnnxGraph body = g.subgraph();
      String hPrev = body.input("h_prev", "batch", n);
      String cPrev = memory ? body.input("c_prev", "batch", n) : null;
      String yPrev = validSteps ? body.input("y_prev", "batch", m) : null;
      String xt = body.input("x_t", "batch", s);
      String dtt = body.input("dt_t", "batch");
      String validt = validSteps ? body.input("valid_t", "batch") : null;
      String dtColumn = body.unsqueeze(dtt, 1);
      String padded = null;
      if (validSteps) {
        // (B, 1), true at a padded step. Its Δt is replaced by 1 so that a padding value such
        // as 0 cannot put a NaN into a result that is thrown away.
        padded = body.op("Equal", List.of(body.unsqueeze(validt, 1), body.scalar(0.0)));
        dtColumn = body.op("Where", List.of(padded, body.scalar(1.0), dtColumn));
      }
      ModelStep.Result r = ModelStep.emit(body, model, preprocessing, xt, dtColumn, hPrev, cPrev);
      String hOut = r.hNext();
      String cOut = r.cNext();
      String yOut = r.y();
      if (validSteps) {
        hOut = body.op("Where", List.of(padded, hPrev, hOut));
        cOut = memory ? body.op("Where", List.of(padded, cPrev, cOut)) : null;
        yOut = body.op("Where", List.of(padded, yPrev, yOut));
      }
      body.output("h_out", hOut, "batch", n);
      if (memory) {
        body.output("c_out", cOut, "batch", n);
      }
      if (validSteps) {
        body.output("y_prev_out", yOut, "batch", m);
      }
      body.output("y_t", yOut, "batch", m);
      List<String> in = new ArrayList<>(List.of(h0));
      List<String> outHints = new ArrayList<>(List.of("h_L"));
      if (memory) {
        in.add(c0);
        outHints.add("c_L");
      }
      if (validSteps) {
        in.add(outputBeforeFirstValidStep(g, h0, m, preprocessing));
        outHints.add("y_last");
      }
      in.add(x);
      in.add(dt);
      if (validSteps) {
        in.add(valid);
      }
      outHints.add("y_all");
      int scanInputs = validSteps ? 3 : 2;
      List<String> out = g.op("Scan", in, outHints,
          OnnxProto.graphAttribute("body", body.encode("step", null)),
          OnnxProto.intAttribute("num_scan_inputs", scanInputs),
          OnnxProto.intsAttribute("scan_input_axes", validSteps ? new long[] {1, 1, 1}
              : new long[] {1, 1}),
          OnnxProto.intsAttribute("scan_output_axes", 1));
      String yAll = out.get(out.size() - 1);
      if (model.config().returnSequences()) {
        g.output("y", yAll, "batch", "length", m);
      } else {
        g.output("y", g.gather(yAll, -1, 1), "batch", m);
      }
      g.output("h_L", out.get(0), "batch", n);
      if (memory) {
        g.output("c_L", out.get(1), "batch", n);
      }
    }
    String doc = docString(model, preprocessing);
    return OnnxProto.model(g.encode("liquid4j_" + form.label(), doc), PRODUCER,
        producerVersion(), doc);
  }

  /**
   * The (B, M) output a padded step repeats before any valid step: liquid4j's zeros, in the
   * user's units (the stored targets' means with target scaling), one row per sequence of {@code
   * h0}'s batch.
   */
  private static String outputBeforeFirstValidStep(OnnxGraph g, String h0, int m,
      Preprocessing preprocessing) {
    double[] row = new double[m];
    if (preprocessing != null) {
      preprocessing.unscaleOutputsInPlace(row);
    }
    String batch = g.op("Shape", List.of(h0), OnnxProto.intAttribute("end", 1));
    String shape = g.concat(0, batch, g.int64s("m", m));
    return g.op("Expand", List.of(g.constant("y_before_first_valid", row, m), shape));
  }

  /**
   * Writes the ONNX model of {@code model} atomically: a reader sees no file, the old one, or
   * the whole new one.
   *
   * @param model the model to export
   * @param preprocessing the model's stored preprocessing, written into the graph; null for none
   * @param path the file to write
   * @param overwrite whether an existing file may be replaced
   * @throws java.nio.file.FileAlreadyExistsException when the file exists and {@code overwrite}
   *     is false (checked before the export is built)
   * @throws IllegalArgumentException as {@link #toBytes}
   * @throws IOException when the file cannot be written
   */
  public void write(SequenceModel model, Preprocessing preprocessing, Path path,
      boolean overwrite) throws IOException {
    AtomicFiles.checkTarget(path, overwrite);
    AtomicFiles.write(path, toBytes(model, preprocessing), overwrite);
  }

  /**
   * Refuses a model whose parameters alone exceed what one protobuf message holds (2 GiB; the
   * graph stores each parameter once), with 64 MiB left for the graph's structure.
   */
  static void checkSize(long values, Precision precision) {
    long bytes = values * (precision == Precision.FLOAT32 ? 4 : 8);
    if (bytes > Integer.MAX_VALUE - (64L << 20)) {
      throw new IllegalArgumentException("model: its " + values + " parameters take " + bytes
          + " bytes in " + precision.label() + ", more than one ONNX file holds (2 GiB, the"
          + " protobuf limit)" + (precision == Precision.FLOAT64 ? "; export in float32" : ""));
    }
  }

  /** The names and shapes of the inputs and outputs, and what the model is, for doc_string. */
  private String docString(SequenceModel model, Preprocessing preprocessing) {
    boolean memory = model.config().mixedMemory();
    int s = model.inputSize();
    int n = model.stateSize();
    int m = model.outputSize();
    String type = precision == Precision.FLOAT32 ? "float32" : "float64";
    StringBuilder d = new StringBuilder();
    d.append("liquid4j ").append(model.config().model().configName()).append(" model, ")
        .append(form.label()).append(" form, ").append(type).append(", opset ")
        .append(OnnxProto.OPSET).append(".\n");
    d.append("B = batch (dynamic), S = ").append(s).append(" inputs, N = ").append(n)
        .append(" state, M = ").append(m).append(" outputs.\n");
    if (form == Form.STEP) {
      d.append("inputs: x (B, S), dt (B, 1) elapsed time, h (B, N) state");
      d.append(memory ? ", c (B, N) memory.\n" : ".\n");
      d.append("outputs: y (B, M), h_next (B, N)");
      d.append(memory ? ", c_next (B, N).\n" : ".\n");
      d.append("Start with zero state; feed h_next").append(memory ? " and c_next" : "")
          .append(" back as h").append(memory ? " and c" : "").append(" at the next call.\n");
    } else {
      d.append("L = sequence length (dynamic).\n");
      d.append("inputs: x (B, L, S), dt (B, L) elapsed times, h0 (B, N) initial state");
      d.append(memory ? ", c0 (B, N) initial memory" : "");
      d.append(validSteps ? ", valid (B, L) 1 for a valid step, 0 for a padded one.\n" : ".\n");
      d.append("outputs: y ").append(model.config().returnSequences() ? "(B, L, M)" : "(B, M) of the last step")
          .append(", h_L (B, N) final state").append(memory ? ", c_L (B, N) final memory.\n" : ".\n");
      if (validSteps) {
        d.append("A padded step carries the state over unchanged and repeats the previous output"
            + " (before the first valid step, the output of zeros in y's units); its dt is"
            + " ignored.\n");
      }
    }
    if (model.config().model() == io.liquid4j.model.ModelKind.LSTM) {
      d.append("The LSTM's state is [h | c], 2 x units wide.\n");
    }
    if (preprocessing != null) {
      d.append("x features: ").append(String.join(", ", preprocessing.features())).append(".\n");
      d.append(preprocessing.task() == io.liquid4j.data.TaskKind.CLASSIFICATION
          ? "y: one logit per class: " : "y targets: ")
          .append(String.join(", ", preprocessing.targetNames())).append(".\n");
      if (preprocessing.timespans() == Preprocessing.Timespans.NONE) {
        d.append("The model was trained with dt = 1 for every step: feed dt = 1.\n");
      }
    }
    if (preprocessing != null && preprocessing.inputScaling().isPresent()) {
      d.append("x is in raw units: the graph applies the stored input scaling.\n");
    }
    if (preprocessing != null && preprocessing.targetScaling().isPresent()) {
      d.append("y is in the targets' units: the graph undoes the stored target scaling.\n");
    }
    return d.toString();
  }

  private static String producerVersion() {
    String v = OnnxExport.class.getPackage().getImplementationVersion();
    return v != null ? v : "dev";
  }
}
