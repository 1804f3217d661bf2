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

  /**
   * What the CfC's backward needs from one step: the backbone's pre-activations and outputs and
   * the heads before their nonlinearity. [x, h] is rebuilt from the arguments, and tanh, σ and exp
   * are recomputed from the heads.
   */
  private final class CfcTape implements Tape {
    final int batch;
    final double[] pre; // (B, L, U) backbone W_l·z + b_l
    final double[] act; // (B, L, U) backbone act(pre): the input of layer l + 1 and of the heads
    final double[] ff1; // (B, N) W1·z + b1
    final double[] ff2; // (B, N) W2·z + b2; empty in pure mode
    final double[] ta; // (B, N) Wa·z + ba; empty in pure mode
    final double[] tb; // (B, N) Wb·z + bb; empty in pure mode

    CfcTape(int batch) {
      this.batch = batch;
      pre = new double[batch * backboneLayers * backboneUnits];
      act = new double[batch * backboneLayers * backboneUnits];
      ff1 = new double[batch * hidden];
      int gated = mode == CfcMode.PURE ? 0 : batch * hidden;
      ff2 = new double[gated];
      ta = new double[gated];
      tb = new double[gated];
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Backbone dropout is not applied here: forward and backward are deterministic, with
   * inference semantics (ncps in eval mode), whether or not {@link #backboneDropout()} is set.
   */
  @Override
  public Tape newTape(int batch) {
    return new CfcTape(batch);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Backbone dropout is never applied (inference semantics), also when recording a tape.
   */
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
    CfcTape tp = (CfcTape) tape;
    checkTape(tp, batch);
    int n = hidden;
    int cat = inputs + n;
    int units = backboneUnits;
    double[] xh = new double[cat];
    double[] z = new double[Math.max(units, 1)];
    double[] zNext = new double[Math.max(units, 1)];
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
        Linear.forward(zNext, head, 0, p, pOff + oBackW[l], pOff + oBackB[l], null, units, in);
        if (tp != null) {
          System.arraycopy(zNext, 0, tp.pre, (b * backboneLayers + l) * units, units);
        }
        for (int u = 0; u < units; u++) {
          zNext[u] = activation.apply(zNext[u]);
        }
        if (tp != null) {
          System.arraycopy(zNext, 0, tp.act, (b * backboneLayers + l) * units, units);
        }
        double[] t = z;
        z = zNext;
        zNext = t;
        head = z;
        in = units;
      }
      double ts = dt[b];
      Linear.forward(ff1, head, 0, p, pOff + oFf1W, pOff + oFf1B, mask, n, in);
      int o = b * n;
      if (tp != null) {
        System.arraycopy(ff1, 0, tp.ff1, o, n);
      }
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
        if (tp != null) {
          System.arraycopy(ff2, 0, tp.ff2, o, n);
          System.arraycopy(ta, 0, tp.ta, o, n);
          System.arraycopy(tb, 0, tp.tb, o, n);
        }
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

  private static void checkTape(CfcTape tp, int batch) {
    if (tp != null && tp.batch != batch) {
      throw new IllegalArgumentException(
          "tape was made for batches of " + tp.batch + " samples, got " + batch);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>The output is the new state, so dL/dh' = dHNext + dOut. Without dropout (see {@link
   * #forward}), this is the exact gradient of the deterministic step.
   */
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
    CfcTape tp = (CfcTape) tape;
    if (tp == null) {
      throw new IllegalArgumentException("backward needs the tape recorded by forward");
    }
    checkTape(tp, batch);
    int n = hidden;
    int cat = inputs + n;
    int units = backboneUnits;
    int layers = backboneLayers;
    int in = layers > 0 ? units : cat; // width of the heads' input z
    double[] xh = new double[cat];
    double[] dxh = new double[cat];
    double[] dz = new double[Math.max(units, 1)]; // dL/d(backbone output), then of its input
    double[] dzPrev = new double[Math.max(units, 1)];
    double[] dPre = new double[Math.max(units, 1)];
    double[] dff1 = new double[n];
    double[] dff2 = new double[n];
    double[] dta = new double[n];
    double[] dtb = new double[n];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(x, b * inputs, xh, 0, inputs);
      System.arraycopy(h, b * n, xh, inputs, n);
      double ts = dt[b];
      int o = b * n;
      if (mode == CfcMode.PURE) {
        for (int j = 0; j < n; j++) {
          double dNew = dHNext[o + j] + dOut[o + j];
          double a = p[pOff + oA + j];
          double wTau = p[pOff + oWTau + j];
          double f1 = tp.ff1[o + j];
          double e = Math.exp(-ts * (Math.abs(wTau) + Math.abs(f1)));
          // in the forward pass this was: h' = −A·e·ff1 + A,  e = exp(−Δt·(|w_tau| + |ff1|))
          dP[pOff + oA + j] += dNew * (1.0 - e * f1);
          double dE = -dNew * a * f1;
          double dSum = -ts * e * dE; // dL/d(|w_tau| + |ff1|); d|x|/dx = sign(x), 0 at 0
          dP[pOff + oWTau + j] += dSum * Math.signum(wTau);
          dff1[j] = -dNew * a * e + dSum * Math.signum(f1);
        }
      } else {
        for (int j = 0; j < n; j++) {
          double dNew = dHNext[o + j] + dOut[o + j];
          double f1 = Math.tanh(tp.ff1[o + j]);
          double f2 = Math.tanh(tp.ff2[o + j]);
          double gate = sigmoid(tp.ta[o + j] * ts + tp.tb[o + j]);
          double df1;
          double df2;
          double dGate;
          if (mode == CfcMode.DEFAULT) {
            // in the forward pass this was: h' = f1·(1 − gate) + gate·f2
            df1 = dNew * (1.0 - gate);
            df2 = dNew * gate;
            dGate = dNew * (f2 - f1);
          } else {
            // in the forward pass this was: h' = f1 + gate·f2
            df1 = dNew;
            df2 = dNew * gate;
            dGate = dNew * f2;
          }
          // f1 = tanh(ff1), f2 = tanh(ff2), gate = σ(t_a·Δt + t_b)
          dff1[j] = df1 * (1.0 - f1 * f1);
          dff2[j] = df2 * (1.0 - f2 * f2);
          double dLogit = dGate * gate * (1.0 - gate);
          dta[j] = dLogit * ts;
          dtb[j] = dLogit;
        }
      }
      // The heads read z: the last backbone output, or [x, h] without backbone.
      double[] head = layers > 0 ? tp.act : xh;
      int headOff = layers > 0 ? (b * layers + layers - 1) * units : 0;
      double[] dHead = layers > 0 ? dz : dxh;
      java.util.Arrays.fill(dHead, 0, in, 0.0);
      Linear.backward(dHead, dP, pOff + oFf1W, pOff + oFf1B, dff1, head, headOff, p, mask, n, in);
      if (mode != CfcMode.PURE) {
        Linear.backward(dHead, dP, pOff + oFf2W, pOff + oFf2B, dff2, head, headOff, p, mask, n,
            in);
        Linear.backward(dHead, dP, pOff + oTaW, pOff + oTaB, dta, head, headOff, p, null, n, in);
        Linear.backward(dHead, dP, pOff + oTbW, pOff + oTbB, dtb, head, headOff, p, null, n, in);
      }
      for (int l = layers - 1; l >= 0; l--) {
        int lo = (b * layers + l) * units;
        // in the forward pass this was: z_l = act(W_l·z_(l−1) + b_l), z_(−1) = [x, h]
        for (int u = 0; u < units; u++) {
          dPre[u] = dz[u] * activation.derivative(tp.pre[lo + u]);
        }
        double[] layerIn = l > 0 ? tp.act : xh;
        int layerInOff = l > 0 ? lo - units : 0;
        int inSize = l > 0 ? units : cat;
        double[] dIn = l > 0 ? dzPrev : dxh;
        java.util.Arrays.fill(dIn, 0, inSize, 0.0);
        Linear.backward(dIn, dP, pOff + oBackW[l], pOff + oBackB[l], dPre, layerIn, layerInOff, p,
            null, units, inSize);
        double[] t = dz;
        dz = dzPrev;
        dzPrev = t;
      }
      System.arraycopy(dxh, 0, dX, b * inputs, inputs);
      System.arraycopy(dxh, inputs, dH, o, n);
    }
  }
}
