package io.liquid4j.onnx;

import io.liquid4j.cell.CfcVariant;
import io.liquid4j.cell.LstmCell;
import io.liquid4j.data.Standardizer;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.ModelKind;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.predict.Preprocessing;
import io.liquid4j.wiring.Wiring;

/**
 * One step of a whole model ({@code SequenceModel}'s step) as graph operations, with the stored
 * preprocessing around it:
 *
 * <pre>
 * x            ← (x − mean) / std                       input scaling, when stored
 * mixed memory: (h, c) ← LSTM(x, (h, c))                ncps; the paper variant feeds the LSTM's
 *                                                        output to the cell as its input instead
 * (out, h)     ← cell(x, h, Δt)
 * y            ← out·fcᵀ + fc_b                          with proj_size
 * y            ← y·std + mean                            target de-scaling, when stored
 * </pre>
 */
final class ModelStep {
  private ModelStep() {}

  /** The step's results: y (B, M), h' (B, N), and c' (B, N) with mixed memory (else null). */
  record Result(String y, String hNext, String cNext) {}

  /**
   * Adds one step of {@code model} to {@code g}.
   *
   * @param x (B, S) raw input
   * @param dt (B, 1) elapsed time
   * @param h (B, N) state
   * @param c (B, N) memory with mixed memory, else null
   * @throws IllegalArgumentException naming what cannot be expressed
   */
  static Result emit(OnnxGraph g, SequenceModel model, Preprocessing preprocessing, String x,
      String dt, String h, String c) {
    ModelConfig config = model.config();
    Weights w = new Weights(g, model);
    if (preprocessing != null && preprocessing.inputScaling().isPresent()) {
      Standardizer s = preprocessing.inputScaling().get();
      long width = s.mean().length;
      x = g.div(g.sub(x, g.constant("input_mean", s.mean(), width)),
          g.constant("input_std", s.std(), width));
    }
    String cellInput = x;
    String cellState = h;
    String cNext = null;
    if (config.mixedMemory()) {
      LstmStep.Result lstm = LstmStep.emit(g, w, "lstm.", model.stateSize(), config.forgetBias(),
          x, h, c);
      cNext = lstm.cNext();
      boolean paper = config.model() == ModelKind.CFC && config.cfcVariant() == CfcVariant.PAPER;
      if (paper) {
        cellInput = lstm.hNext();
      } else {
        cellState = lstm.hNext();
      }
    }
    String out;
    String hNext;
    switch (config.model()) {
      case CFC -> {
        if (config.wiring() != null) {
          String[] r = wiredCfc(g, w, model, cellInput, cellState, dt);
          hNext = r[0];
          out = r[1];
        } else {
          hNext = CfcStep.emit(g, w, new CfcStep.Spec("rnn_cell.", config.mode(),
              config.activation(), config.cfcVariant()), cellInput, cellState, dt);
          out = hNext;
        }
      }
      case LTC -> {
        LtcStep.Result r = LtcStep.emit(g, w, new LtcStep.Spec("rnn_cell.",
            model.cell().outputSize(), config.odeUnfolds(), config.epsilon(),
            config.implicitParamConstraints(), config.solver()), cellInput, cellState, dt);
        hNext = r.hNext();
        out = r.out();
      }
      case CTRNN -> {
        hNext = CtrnnStep.emit(g, w, "rnn_cell.", config.activation(), config.solver(),
            config.odeUnfolds(), cellInput, cellState, dt);
        out = hNext;
      }
      case LSTM -> {
        // The plain LSTM's state is [h | c], 2N wide, its output h.
        int n = config.units();
        LstmStep.Result r = LstmStep.emit(g, w, "rnn_cell.", n, LstmCell.DEFAULT_FORGET_BIAS,
            cellInput, g.slice(cellState, 1, 0, n), g.slice(cellState, 1, n, 2L * n));
        hNext = g.concat(1, r.hNext(), r.cNext());
        out = r.hNext();
      }
      default -> throw new IllegalArgumentException(
          "model " + config.model().configName() + " cannot be exported to ONNX");
    }
    String y = out;
    if (config.projSize() > 0) {
      y = g.linear(y, w.get("fc.weight"), w.get("fc.bias"));
    }
    if (preprocessing != null && preprocessing.targetScaling().isPresent()) {
      Standardizer s = preprocessing.targetScaling().get();
      long width = s.mean().length;
      y = g.add(g.mul(y, g.constant("target_std", s.std(), width)),
          g.constant("target_mean", s.mean(), width));
    }
    return new Result(y, hNext, cNext);
  }

  /**
   * ncps's WiredCfCCell: one CfC per wiring layer (no backbone, ncps's heads, the layer's input
   * synapses as a sparsity mask), each layer's new state the next one's input; the full state is
   * the layers' states side by side, the output the last layer's state.
   */
  private static String[] wiredCfc(OnnxGraph g, Weights w, SequenceModel model, String x,
      String h, String dt) {
    Wiring wiring = model.wiring();
    ModelConfig config = model.config();
    String input = x;
    String[] states = new String[wiring.numLayers()];
    long offset = 0;
    for (int l = 0; l < wiring.numLayers(); l++) {
      int n = wiring.neuronsOfLayer(l).length;
      String hl = g.slice(h, 1, offset, offset + n);
      states[l] = CfcStep.emit(g, w, new CfcStep.Spec("rnn_cell.layer_" + l + ".", config.mode(),
          config.activation(), CfcVariant.NCPS), input, hl, dt);
      input = states[l];
      offset += n;
    }
    String hNext = states.length == 1 ? states[0] : g.concat(1, states);
    return new String[] {hNext, states[states.length - 1]};
  }
}
