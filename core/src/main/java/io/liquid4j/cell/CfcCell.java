package io.liquid4j.cell;

import static io.liquid4j.cell.MathFunctions.sigmoid;

import java.util.random.RandomGenerator;

/**
 * The closed-form continuous-time cell of Hasani et al. (2022), exactly as ncps's PyTorch {@code
 * CfCCell}.
 *
 * <pre>
 * z   = backbone([x, h])                     L layers of act(W·z + b); z = [x, h] when L = 0
 * ff1 = W1·z + b1                            (W1 masked by the wiring when given)
 * default: h' = tanh(ff1)·(1 − g) + g·tanh(ff2),  g = σ(t_a·Δt + t_b), ff2 = W2·z + b2,
 *                                                  t_a = Wa·z + ba, t_b = Wb·z + bb
 * no_gate: h' = tanh(ff1) + g·tanh(ff2)
 * pure:    h' = −A·exp(−Δt·(|w_tau| + |ff1|))·ff1 + A
 * </pre>
 *
 * The output is the new state. Parameters (ncps names and order): [sparsity_mask (N, S+N), frozen]
 * [w_tau, A (1, N) in pure mode], backbone.{0,2,4..}.weight/bias (U, in) — indices 0, 2, 5, 8.. when
 * dropout is on, as in ncps's nn.Sequential — then ff1, and unless pure ff2, time_a, time_b, each
 * weight (N, cat) and bias (N).
 */
public final class CfcCell implements Cell {
  private final int inputs; // S
  private final int hidden; // N
  private final CfcMode mode;
  private final Activation activation;
  private final int backboneUnits; // U
  private final int backboneLayers; // L
  private final double backboneDropout;
  private final double[] mask; // (N, S+N) or null

  private final ParameterLayout layout;
  private final int oMask, oWTau, oA;
  private final int[] oBackW;
  private final int[] oBackB;
  private final int oFf1W, oFf1B, oFf2W, oFf2B, oTaW, oTaB, oTbW, oTbB;

  /**
   * Creates a CfC cell.
   *
   * @param inputSize S
   * @param hiddenSize N
   * @param mode default, no_gate or pure
   * @param activation backbone activation
   * @param backboneUnits U (ignored when backboneLayers is 0)
   * @param backboneLayers L &gt;= 0
   * @param backboneDropout dropout after backbone layers 2..L during training, in [0, 1)
   * @param sparsityMask (S+N, N) 0/1 structure [source, target] or null for dense; stored
   *     transposed like ncps
   */
  public CfcCell(
      int inputSize,
      int hiddenSize,
      CfcMode mode,
      Activation activation,
      int backboneUnits,
      int backboneLayers,
      double backboneDropout,
      double[] sparsityMask) {
    if (inputSize < 1) {
      throw new IllegalArgumentException("input_size must be >= 1, got " + inputSize);
    }
    if (hiddenSize < 1) {
      throw new IllegalArgumentException("units must be >= 1, got " + hiddenSize);
    }
    if (backboneLayers < 0) {
      throw new IllegalArgumentException("backbone_layers must be >= 0, got " + backboneLayers);
    }
    if (backboneLayers > 0 && backboneUnits < 1) {
      throw new IllegalArgumentException("backbone_units must be >= 1, got " + backboneUnits);
    }
    if (!(backboneDropout >= 0 && backboneDropout < 1)) {
      throw new IllegalArgumentException(
          "backbone_dropout must be in [0, 1), got " + backboneDropout);
    }
    this.inputs = inputSize;
    this.hidden = hiddenSize;
    this.mode = mode;
    this.activation = activation;
    this.backboneUnits = backboneLayers > 0 ? backboneUnits : 0;
    this.backboneLayers = backboneLayers;
    this.backboneDropout = backboneDropout;
    int cat = inputSize + hiddenSize;
    if (sparsityMask != null) {
      if (sparsityMask.length != cat * hiddenSize) {
        throw new IllegalArgumentException(
            "sparsity mask must have (" + cat + ", " + hiddenSize + ") entries, got "
                + sparsityMask.length);
      }
      mask = new double[hiddenSize * cat];
      for (int src = 0; src < cat; src++) {
        for (int dst = 0; dst < hiddenSize; dst++) {
          mask[dst * cat + src] = Math.abs(sparsityMask[src * hiddenSize + dst]);
        }
      }
    } else {
      mask = null;
    }

    ParameterLayout.Builder b = ParameterLayout.builder();
    oMask = mask != null ? b.addFrozen("sparsity_mask", hiddenSize, cat) : -1;
    oWTau = mode == CfcMode.PURE ? b.add("w_tau", 1, hiddenSize) : -1;
    oA = mode == CfcMode.PURE ? b.add("A", 1, hiddenSize) : -1;
    oBackW = new int[backboneLayers];
    oBackB = new int[backboneLayers];
    int in = cat;
    for (int l = 0; l < backboneLayers; l++) {
      int index = sequentialIndex(l, backboneDropout);
      oBackW[l] = b.add("backbone." + index + ".weight", backboneUnits, in);
      oBackB[l] = b.add("backbone." + index + ".bias", backboneUnits);
      in = backboneUnits;
    }
    oFf1W = b.add("ff1.weight", hiddenSize, in);
    oFf1B = b.add("ff1.bias", hiddenSize);
    if (mode != CfcMode.PURE) {
      oFf2W = b.add("ff2.weight", hiddenSize, in);
      oFf2B = b.add("ff2.bias", hiddenSize);
      oTaW = b.add("time_a.weight", hiddenSize, in);
      oTaB = b.add("time_a.bias", hiddenSize);
      oTbW = b.add("time_b.weight", hiddenSize, in);
      oTbB = b.add("time_b.bias", hiddenSize);
    } else {
      oFf2W = oFf2B = oTaW = oTaB = oTbW = oTbB = -1;
    }
    layout = b.build();
  }

  /**
   * Index of backbone layer l in ncps's nn.Sequential: [Linear, act] for the first layer, then
   * [Linear, act] or [Linear, act, Dropout] for each later one.
   */
  private static int sequentialIndex(int layer, double dropout) {
    if (layer == 0) {
      return 0;
    }
    return dropout > 0 ? 2 + 3 * (layer - 1) : 2 * layer;
  }

  /** The closed-form variant. */
  public CfcMode mode() {
    return mode;
  }

  /** The backbone activation. */
  public Activation activation() {
    return activation;
  }

  /** Backbone width U (0 without backbone). */
  public int backboneUnits() {
    return backboneUnits;
  }

  /** Number of backbone layers L. */
  public int backboneLayers() {
    return backboneLayers;
  }

  /** Backbone dropout probability (training only). */
  public double backboneDropout() {
    return backboneDropout;
  }

  @Override
  public int inputSize() {
    return inputs;
  }

  @Override
  public int stateSize() {
    return hidden;
  }

  @Override
  public int outputSize() {
    return hidden;
  }

  @Override
  public ParameterLayout layout() {
    return layout;
  }

  @Override
  public void initParameters(double[] p, int pOff, RandomGenerator rng) {
    int cat = inputs + hidden;
    if (mask != null) {
      System.arraycopy(mask, 0, p, pOff + oMask, mask.length);
    }
    // ncps re-draws every trainable 2-D parameter with xavier_uniform, including pure mode's
    // w_tau and A (meant as 0 and 1); biases keep torch's default U(±1/√fan_in).
    if (mode == CfcMode.PURE) {
      Linear.xavierUniform(p, pOff + oWTau, 1, hidden, rng);
      Linear.xavierUniform(p, pOff + oA, 1, hidden, rng);
    }
    int in = cat;
    for (int l = 0; l < backboneLayers; l++) {
      Linear.xavierUniform(p, pOff + oBackW[l], backboneUnits, in, rng);
      Linear.defaultBias(p, pOff + oBackB[l], backboneUnits, in, rng);
      in = backboneUnits;
    }
    int[][] heads = {{oFf1W, oFf1B}, {oFf2W, oFf2B}, {oTaW, oTaB}, {oTbW, oTbB}};
    for (int[] head : heads) {
      if (head[0] >= 0) {
        Linear.xavierUniform(p, pOff + head[0], hidden, in, rng);
        Linear.defaultBias(p, pOff + head[1], hidden, in, rng);
      }
    }
  }

  @Override
  public void forward(
      double[] p,
      int pOff,
      double[] x,
      double[] h,
      double[] dt,
      int batch,
      double[] hNext,
      double[] out,
      Tape tape) {
    int n = hidden;
    int cat = inputs + n;
    double[] xh = new double[cat];
    double[] z = new double[Math.max(backboneUnits, 1)];
    double[] zNext = new double[Math.max(backboneUnits, 1)];
    double[] ff1 = new double[n];
    double[] ff2 = new double[n];
    double[] ta = new double[n];
    double[] tb = new double[n];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(x, b * inputs, xh, 0, inputs);
      System.arraycopy(h, b * n, xh, inputs, n);
      double[] head = xh;
      int in = cat;
      for (int l = 0; l < backboneLayers; l++) {
        Linear.forward(zNext, head, 0, p, pOff + oBackW[l], pOff + oBackB[l], null, backboneUnits,
            in);
        for (int u = 0; u < backboneUnits; u++) {
          zNext[u] = activation.apply(zNext[u]);
        }
        double[] t = z;
        z = zNext;
        zNext = t;
        head = z;
        in = backboneUnits;
      }
      double ts = dt[b];
      Linear.forward(ff1, head, 0, p, pOff + oFf1W, pOff + oFf1B, mask, n, in);
      int o = b * n;
      if (mode == CfcMode.PURE) {
        for (int j = 0; j < n; j++) {
          double a = p[pOff + oA + j];
          double wTau = p[pOff + oWTau + j];
          hNext[o + j] = -a * Math.exp(-ts * (Math.abs(wTau) + Math.abs(ff1[j]))) * ff1[j] + a;
        }
      } else {
        Linear.forward(ff2, head, 0, p, pOff + oFf2W, pOff + oFf2B, mask, n, in);
        Linear.forward(ta, head, 0, p, pOff + oTaW, pOff + oTaB, null, n, in);
        Linear.forward(tb, head, 0, p, pOff + oTbW, pOff + oTbB, null, n, in);
        for (int j = 0; j < n; j++) {
          double f1 = Math.tanh(ff1[j]);
          double f2 = Math.tanh(ff2[j]);
          double gate = sigmoid(ta[j] * ts + tb[j]);
          hNext[o + j] = mode == CfcMode.DEFAULT ? f1 * (1.0 - gate) + gate * f2 : f1 + gate * f2;
        }
      }
      System.arraycopy(hNext, o, out, o, n);
    }
  }

  @Override
  public Tape newTape(int batch) {
    throw new UnsupportedOperationException("backward of CfC is not implemented yet");
  }

  @Override
  public void backward(
      double[] p,
      int pOff,
      double[] x,
      double[] h,
      double[] dt,
      int batch,
      Tape tape,
      double[] dHNext,
      double[] dOut,
      double[] dP,
      double[] dX,
      double[] dH) {
    throw new UnsupportedOperationException("backward of CfC is not implemented yet");
  }
}
