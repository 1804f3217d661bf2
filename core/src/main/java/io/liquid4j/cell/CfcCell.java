package io.liquid4j.cell;


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
 *
 * <p>{@link CfcVariant#PAPER} follows the CfC paper's Keras cell instead where the two differ:
 * dropout after every backbone layer (ncps: after layers 2..L) and lecun_tanh in place of tanh
 * on ff1 and ff2 (the backbone's activation is {@code activation} in both). Its backbone layers
 * sit at nn.Sequential indices 0, 3, 6.. with dropout ([Linear, act, Dropout] each), 0, 2, 4..
 * without.
 *
 * <p>With {@link Precision#FLOAT32} the tapes, workspaces and steps are those of a float32 kernel
 * with the same equations in the same order (float weights rounded once per workspace bind, float
 * activations, float gradient sums added into the float64 dP); the float64 code below is the
 * reference it is tested against.
 */
public final class CfcCell implements Cell {
  private static final ElementKernel KERNEL = Kernels.elements();
  // lecun_tanh 1.7159·tanh(0.666·x) of the paper's heads, as Activation.LECUN_TANH.
  private static final double LECUN_SCALE = 1.7159;
  private static final double LECUN_INNER = 0.666;
  private static final double LECUN_SLOPE = 1.7159 * 0.666;

  private final int inputs; // S
  private final int hidden; // N
  private final CfcMode mode;
  private final Activation activation;
  private final int backboneUnits; // U
  private final int backboneLayers; // L
  private final double backboneDropout;
  private final CfcVariant variant;
  private final double[] mask; // (N, S+N) or null
  private final Precision precision;

  private final ParameterLayout layout;
  private final int oMask, oWTau, oA;
  private final int[] oBackW;
  private final int[] oBackB;
  private final int oFf1W, oFf1B, oFf2W, oFf2B, oTaW, oTaB, oTbW, oTbB;
  private final CfcFloat32Kernel float32; // the step in float32, or null in float64

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
    this(inputSize, hiddenSize, mode, activation, backboneUnits, backboneLayers, backboneDropout,
        sparsityMask, Precision.FLOAT64);
  }

  /**
   * Creates a CfC cell whose steps compute in {@code precision}.
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
   * @param precision the arithmetic of each step (see {@link Precision})
   */
  public CfcCell(
      int inputSize,
      int hiddenSize,
      CfcMode mode,
      Activation activation,
      int backboneUnits,
      int backboneLayers,
      double backboneDropout,
      double[] sparsityMask,
      Precision precision) {
    this(inputSize, hiddenSize, mode, activation, backboneUnits, backboneLayers, backboneDropout,
        sparsityMask, precision, CfcVariant.NCPS);
  }

  /**
   * Creates a CfC cell of the given variant whose steps compute in {@code precision}.
   *
   * @param inputSize S
   * @param hiddenSize N
   * @param mode default, no_gate or pure
   * @param activation backbone activation
   * @param backboneUnits U (ignored when backboneLayers is 0)
   * @param backboneLayers L &gt;= 0
   * @param backboneDropout dropout during training, in [0, 1): after backbone layers 2..L
   *     ({@link CfcVariant#NCPS}) or after every one ({@link CfcVariant#PAPER})
   * @param sparsityMask (S+N, N) 0/1 structure [source, target] or null for dense; stored
   *     transposed like ncps
   * @param precision the arithmetic of each step (see {@link Precision})
   * @param variant ncps's cell or the CfC paper's (dropout placement and head activation)
   */
  public CfcCell(
      int inputSize,
      int hiddenSize,
      CfcMode mode,
      Activation activation,
      int backboneUnits,
      int backboneLayers,
      double backboneDropout,
      double[] sparsityMask,
      Precision precision,
      CfcVariant variant) {
    this.precision = java.util.Objects.requireNonNull(precision, "precision");
    this.variant = java.util.Objects.requireNonNull(variant, "variant");
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
      if (backboneLayers > 0 && backboneUnits != cat) {
        // ncps multiplies ff1's and ff2's weights (N, U) by the mask (N, S+N): only U = S+N fits.
        throw new IllegalArgumentException(
            "sparsity mask (" + cat + ", " + hiddenSize + ") masks the heads' input, which with a "
                + "backbone is its backbone_units outputs: backbone_units must be " + cat
                + " (input_size + units), got " + backboneUnits);
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
      int index = sequentialIndex(l, backboneDropout, variant);
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
    float32 = precision == Precision.FLOAT32
        ? new CfcFloat32Kernel(inputSize, hiddenSize, mode, activation, this.backboneUnits,
            backboneLayers, backboneDropout, variant, mask, layout, oWTau, oA, oBackW, oBackB,
            headOffsets(), headCount())
        : null;
  }

  /**
   * Index of backbone layer l in ncps's nn.Sequential: [Linear, act] for the first layer, then
   * [Linear, act] or [Linear, act, Dropout] for each later one; in the paper's variant [Linear,
   * act, Dropout] for every layer when there is dropout.
   */
  private static int sequentialIndex(int layer, double dropout, CfcVariant variant) {
    if (dropout > 0 && variant == CfcVariant.PAPER) {
      return 3 * layer;
    }
    if (layer == 0) {
      return 0;
    }
    return dropout > 0 ? 2 + 3 * (layer - 1) : 2 * layer;
  }

  /**
   * Which published cell this one follows.
   *
   * @return ncps's or the CfC paper's
   */
  public CfcVariant variant() {
    return variant;
  }

  /**
   * The arithmetic of each step.
   *
   * @return float64 or float32
   */
  public Precision precision() {
    return precision;
  }

  /**
   * The closed-form variant.
   *
   * @return default, no_gate or pure
   */
  public CfcMode mode() {
    return mode;
  }

  /**
   * The backbone activation.
   *
   * @return the activation of the backbone layers
   */
  public Activation activation() {
    return activation;
  }

  /**
   * Backbone width U (0 without backbone).
   *
   * @return U, or 0 when the cell has no backbone
   */
  public int backboneUnits() {
    return backboneUnits;
  }

  /**
   * Number of backbone layers L.
   *
   * @return L, the number of backbone layers
   */
  public int backboneLayers() {
    return backboneLayers;
  }

  /**
   * Backbone dropout probability (training only).
   *
   * @return the probability in [0, 1) of dropping a unit after backbone layers 2..L in training
   */
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

  /** Number of heads: ff1, and unless pure ff2, time_a, time_b. */
  private int headCount() {
    return mode == CfcMode.PURE ? 1 : 4;
  }

  /**
   * What the CfC's backward needs from one step. [x, h] is rebuilt from the arguments; the
   * nonlinearities are stored rather than recomputed (tanh costs more than the matrix products
   * around it at these sizes).
   */
  private final class CfcTape implements Tape {
    final int batch;
    final double[][][] act; // (L, B, U) backbone act(W_l·z + b_l): the input of layer l + 1 and of the heads
    final double[][][] dAct; // (L, B, U) act' at the same pre-activation
    final double[] ff1; // (B, N) W1·z + b1 (pure mode); empty otherwise
    final double[] f1; // (B, N) tanh(ff1); empty in pure mode
    final double[] f2; // (B, N) tanh(ff2); empty in pure mode
    final double[] gate; // (B, N) σ(t_a·Δt + t_b); empty in pure mode
    // (L, B, U) dropout multipliers: 0 or 1/(1 − p) after backbone layers 1..L−1 (as ncps's
    // nn.Dropout after every layer but the first; every layer in the paper's variant, whose
    // layer 0 then has a row too); null when no dropout is applied.
    double[][][] dropout;

    CfcTape(int batch) {
      this.batch = batch;
      act = new double[backboneLayers][batch][backboneUnits];
      dAct = new double[backboneLayers][batch][backboneUnits];
      boolean pure = mode == CfcMode.PURE;
      ff1 = new double[pure ? batch * hidden : 0];
      f1 = new double[pure ? 0 : batch * hidden];
      f2 = new double[pure ? 0 : batch * hidden];
      gate = new double[pure ? 0 : batch * hidden];
    }

    CfcCell owner() {
      return CfcCell.this;
    }
  }

  /** A tape without dropout (inference semantics, ncps's eval mode). */
  @Override
  public Tape newTape(int batch) {
    if (float32 != null) {
      return float32.newTape(batch);
    }
    return new CfcTape(batch);
  }

  /**
   * A training tape: with {@code backbone_dropout} p &gt; 0, each unit after backbone layers 2..L
   * (every layer in the paper's variant) is kept with probability 1 − p and scaled by 1/(1 − p)
   * (inverted dropout, as PyTorch).
   */
  @Override
  public Tape newTape(int batch, java.util.random.RandomGenerator rng) {
    return newTape(batch, rng, null);
  }

  /** Reuses {@code old} when it is this cell's tape for {@code batch}, with fresh dropout masks. */
  @Override
  public Tape newTape(int batch, java.util.random.RandomGenerator rng, Tape old) {
    if (float32 != null) {
      return float32.newTape(batch, rng, old);
    }
    CfcTape tape = old instanceof CfcTape t && t.owner() == this && t.batch == batch
        ? t : new CfcTape(batch);
    int first = variant.firstDropoutLayer();
    if (rng == null || backboneDropout <= 0 || backboneLayers <= first) {
      tape.dropout = null;
      return tape;
    }
    double keep = 1.0 / (1.0 - backboneDropout);
    if (tape.dropout == null) {
      tape.dropout = new double[backboneLayers][][];
      for (int l = first; l < backboneLayers; l++) {
        tape.dropout[l] = new double[batch][backboneUnits];
      }
    }
    for (int l = first; l < backboneLayers; l++) {
      for (int b = 0; b < batch; b++) {
        for (int u = 0; u < backboneUnits; u++) {
          tape.dropout[l][b][u] = rng.nextDouble() < backboneDropout ? 0.0 : keep;
        }
      }
    }
    return tape;
  }

  /**
   * The weights as rows for {@link Linear#forwardBatch} (transposed; the heads side by side, so
   * that one pass over z computes all of them) and {@link Linear#backwardBatch}, and scratch
   * arrays for a batch.
   */
  private final class CfcWorkspace extends BoundWorkspace {
    final double[][][] wtBack; // per layer (in_l, U), transposed
    final double[][][] wBack; // per layer (U, in_l)
    final double[][] biasBack; // per layer (U)
    final double[][] wtHeads; // (in, H·N) transposed: ff1 | ff2 | time_a | time_b, masked
    final double[][][] wHeads; // per head (N, in), masked
    final double[][] maskRows; // (N, in) rows of the mask of ff1 and ff2, or null
    final double[] biasHeads; // (H·N)
    final double[] row; // scratch for Linear.backwardBatch
    int capacity;
    double[][] xh; // (B, S+N) [x, h]
    double[][][] act; // (L, B, U) backbone outputs when no tape is recorded
    double[][] heads; // (B, H·N) W·z + b of every head
    double[][] dHeads; // (B, H·N) dL/d of every head
    double[][] dz; // (B, U) dL/d(backbone layer output), then of its input
    double[][] dzPrev; // (B, U)
    double[][] dxh; // (B, S+N)

    CfcWorkspace(double[] p, int pOff, int batch) {
      int n = hidden;
      int in = inputs + n;
      row = new double[Math.max(in, backboneUnits)];
      wtBack = new double[backboneLayers][][];
      wBack = new double[backboneLayers][][];
      biasBack = new double[backboneLayers][];
      for (int l = 0; l < backboneLayers; l++) {
        wtBack[l] = new double[in][backboneUnits];
        wBack[l] = new double[backboneUnits][in];
        biasBack[l] = new double[backboneUnits];
        in = backboneUnits;
      }
      int hn = headCount() * n;
      wtHeads = new double[in][hn];
      wHeads = new double[headCount()][n][in];
      biasHeads = new double[hn];
      if (mask != null) {
        maskRows = new double[n][];
        for (int o = 0; o < n; o++) {
          maskRows[o] = java.util.Arrays.copyOfRange(mask, o * in, (o + 1) * in);
        }
      } else {
        maskRows = null;
      }
      bind(p, pOff);
      ensure(batch);
    }

    CfcCell owner() {
      return CfcCell.this;
    }

    @Override
    void derive() {
      int n = hidden;
      int in = inputs + n;
      for (int l = 0; l < backboneLayers; l++) {
        Linear.transpose(wtBack[l], 0, p, pOff + oBackW[l], null, backboneUnits, in);
        Linear.rows(wBack[l], p, pOff + oBackW[l], null, backboneUnits, in);
        System.arraycopy(p, pOff + oBackB[l], biasBack[l], 0, backboneUnits);
        in = backboneUnits;
      }
      int[][] heads = headOffsets();
      for (int k = 0; k < headCount(); k++) {
        double[] m = k < 2 ? mask : null; // ncps masks ff1 and ff2 only
        Linear.transpose(wtHeads, k * n, p, pOff + heads[k][0], m, n, in);
        Linear.rows(wHeads[k], p, pOff + heads[k][0], m, n, in);
        System.arraycopy(p, pOff + heads[k][1], biasHeads, k * n, n);
      }
    }

    @Override
    void ensure(int batch) {
      if (batch <= capacity) {
        return;
      }
      capacity = batch;
      int cat = inputs + hidden;
      int units = Math.max(backboneUnits, 1);
      xh = new double[batch][cat];
      act = new double[backboneLayers][batch][backboneUnits];
      heads = new double[batch][headCount() * hidden];
      dHeads = new double[batch][headCount() * hidden];
      dz = new double[batch][units];
      dzPrev = new double[batch][units];
      dxh = new double[batch][cat];
    }
  }

  /** {weight, bias} offsets of ff1, ff2, time_a, time_b (the first {@link #headCount} exist). */
  private int[][] headOffsets() {
    return new int[][] {{oFf1W, oFf1B}, {oFf2W, oFf2B}, {oTaW, oTaB}, {oTbW, oTbB}};
  }

  @Override
  public Workspace newWorkspace(double[] p, int pOff, int batch) {
    if (float32 != null) {
      return float32.newWorkspace(p, pOff, batch);
    }
    return new CfcWorkspace(p, pOff, batch);
  }

  @Override
  public Workspace newWorkspace(double[] p, int pOff, int batch, Workspace old) {
    if (float32 != null) {
      return float32.newWorkspace(p, pOff, batch, old);
    }
    if (old instanceof CfcWorkspace ws && ws.owner() == this) {
      ws.bind(p, pOff);
      ws.ensure(batch);
      return ws;
    }
    return new CfcWorkspace(p, pOff, batch);
  }

  private CfcWorkspace workspace(Workspace w, double[] p, int pOff, int batch) {
    if (w == null) {
      return new CfcWorkspace(p, pOff, batch);
    }
    CfcWorkspace ws = (CfcWorkspace) w;
    ws.prepare(p, pOff, batch);
    return ws;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Backbone dropout is applied only with a training tape from {@link #newTape(int,
   * java.util.random.RandomGenerator)}.
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
      Tape tape,
      Workspace workspace) {
    if (float32 != null) {
      float32.forward(p, pOff, x, h, dt, batch, hNext, out, tape, workspace);
      return;
    }
    CfcTape tp = (CfcTape) tape;
    checkTape(tp, batch);
    CfcWorkspace ws = workspace(workspace, p, pOff, batch);
    int n = hidden;
    int cat = inputs + n;
    int units = backboneUnits;
    int layers = backboneLayers;
    double[][] xh = ws.xh;
    for (int b = 0; b < batch; b++) {
      System.arraycopy(x, b * inputs, xh[b], 0, inputs);
      System.arraycopy(h, b * n, xh[b], inputs, n);
    }
    // z_l = act(W_l·z_(l−1) + b_l), z_(−1) = [x, h]
    double[][][] act = tp != null ? tp.act : ws.act;
    for (int l = 0; l < layers; l++) {
      Linear.forwardBatch(act[l], l == 0 ? xh : act[l - 1], ws.wtBack[l], ws.biasBack[l], units,
          l == 0 ? cat : units, batch);
      for (int b = 0; b < batch; b++) {
        activation.applyInPlace(act[l][b], 0, units, tp != null ? tp.dAct[l][b] : null, 0);
        if (tp != null && tp.dropout != null && tp.dropout[l] != null) {
          // z_l = mask ⊙ act(pre): the mask scales the value and its derivative alike.
          double[] m = tp.dropout[l][b];
          for (int u = 0; u < units; u++) {
            act[l][b][u] *= m[u];
            tp.dAct[l][b][u] *= m[u];
          }
        }
      }
    }
    // Every head reads z: the last backbone output, or [x, h] without backbone.
    int hn = headCount() * n;
    double[][] heads = ws.heads;
    Linear.forwardBatch(heads, layers > 0 ? act[layers - 1] : xh, ws.wtHeads, ws.biasHeads, hn,
        layers > 0 ? units : cat, batch);
    for (int b = 0; b < batch; b++) {
      double ts = dt[b];
      int o = b * n;
      double[] hb = heads[b]; // ff1 at 0, ff2 at N, t_a at 2N, t_b at 3N
      if (mode == CfcMode.PURE) {
        for (int j = 0; j < n; j++) {
          double ff1 = hb[j];
          double a = p[pOff + oA + j];
          double wTau = p[pOff + oWTau + j];
          hNext[o + j] = -a * Math.exp(-ts * (Math.abs(wTau) + Math.abs(ff1))) * ff1 + a;
        }
        if (tp != null) {
          System.arraycopy(hb, 0, tp.ff1, o, n);
        }
      } else {
        boolean gated = mode == CfcMode.DEFAULT;
        // The heads' row becomes f1 | f2 | gate, each function in one kernel call.
        for (int j = 0; j < n; j++) {
          hb[2 * n + j] = hb[2 * n + j] * ts + hb[3 * n + j];
        }
        if (variant == CfcVariant.PAPER) {
          // lecun_tanh heads: 1.7159·tanh(0.666·ff)
          for (int k = 0; k < 2 * n; k++) {
            hb[k] *= LECUN_INNER;
          }
          KERNEL.tanh(hb, 0, 2 * n);
          for (int k = 0; k < 2 * n; k++) {
            hb[k] *= LECUN_SCALE;
          }
        } else {
          KERNEL.tanh(hb, 0, 2 * n);
        }
        KERNEL.sigmoid(hb, 2 * n, 3 * n);
        for (int j = 0; j < n; j++) {
          double f1 = hb[j];
          double f2 = hb[n + j];
          double gate = hb[2 * n + j];
          hNext[o + j] = gated ? f1 * (1.0 - gate) + gate * f2 : f1 + gate * f2;
          if (tp != null) {
            tp.f1[o + j] = f1;
            tp.f2[o + j] = f2;
            tp.gate[o + j] = gate;
          }
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
      double[] dH,
      Workspace workspace) {
    if (float32 != null) {
      float32.backward(p, pOff, x, h, dt, batch, tape, dHNext, dOut, dP, dX, dH, workspace);
      return;
    }
    CfcTape tp = (CfcTape) tape;
    if (tp == null) {
      throw new IllegalArgumentException("backward needs the tape recorded by forward");
    }
    checkTape(tp, batch);
    CfcWorkspace ws = workspace(workspace, p, pOff, batch);
    int n = hidden;
    int cat = inputs + n;
    int units = backboneUnits;
    int layers = backboneLayers;
    int in = layers > 0 ? units : cat; // width of the heads' input z
    int hn = headCount() * n;
    double[][] xh = ws.xh;
    for (int b = 0; b < batch; b++) {
      System.arraycopy(x, b * inputs, xh[b], 0, inputs);
      System.arraycopy(h, b * n, xh[b], inputs, n);
    }
    double[][] dHeads = ws.dHeads; // (B, H·N): dff1 | dff2 | dt_a | dt_b
    for (int b = 0; b < batch; b++) {
      double ts = dt[b];
      int o = b * n;
      double[] hb = dHeads[b];
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
          hb[j] = -dNew * a * e + dSum * Math.signum(f1);
        }
      } else {
        for (int j = 0; j < n; j++) {
          double dNew = dHNext[o + j] + dOut[o + j];
          double f1 = tp.f1[o + j];
          double f2 = tp.f2[o + j];
          double gate = tp.gate[o + j];
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
          // f1 = tanh(ff1), f2 = tanh(ff2), gate = σ(t_a·Δt + t_b); in the paper's variant
          // f = s·tanh(c·ff), whose slope s·c·(1 − (f/s)²) is read back from f
          if (variant == CfcVariant.PAPER) {
            double t1 = f1 / LECUN_SCALE;
            double t2 = f2 / LECUN_SCALE;
            hb[j] = df1 * (LECUN_SLOPE * (1.0 - t1 * t1));
            hb[n + j] = df2 * (LECUN_SLOPE * (1.0 - t2 * t2));
          } else {
            hb[j] = df1 * (1.0 - f1 * f1);
            hb[n + j] = df2 * (1.0 - f2 * f2);
          }
          double dLogit = dGate * gate * (1.0 - gate);
          hb[2 * n + j] = dLogit * ts;
          hb[3 * n + j] = dLogit;
        }
      }
    }
    // The heads read z: the last backbone output, or [x, h] without backbone.
    double[][] head = layers > 0 ? tp.act[layers - 1] : xh;
    double[][] dHead = layers > 0 ? ws.dz : ws.dxh;
    for (int b = 0; b < batch; b++) {
      java.util.Arrays.fill(dHead[b], 0, in, 0.0);
    }
    int[][] heads = headOffsets();
    for (int k = 0; k < headCount(); k++) {
      Linear.backwardBatch(dHead, dP, pOff + heads[k][0], pOff + heads[k][1], dHeads, k * n, head,
          ws.wHeads[k], k < 2 ? ws.maskRows : null, n, in, batch, ws.row);
    }
    double[][] dz = ws.dz;
    double[][] dzPrev = ws.dzPrev;
    for (int l = layers - 1; l >= 0; l--) {
      // in the forward pass this was: z_l = act(W_l·z_(l−1) + b_l), z_(−1) = [x, h]
      for (int b = 0; b < batch; b++) {
        double[] d = dz[b];
        double[] da = tp.dAct[l][b];
        for (int u = 0; u < units; u++) {
          d[u] *= da[u];
        }
      }
      int inSize = l > 0 ? units : cat;
      double[][] dIn = l > 0 ? dzPrev : ws.dxh;
      for (int b = 0; b < batch; b++) {
        java.util.Arrays.fill(dIn[b], 0, inSize, 0.0);
      }
      Linear.backwardBatch(dIn, dP, pOff + oBackW[l], pOff + oBackB[l], dz, 0,
          l > 0 ? tp.act[l - 1] : xh, ws.wBack[l], null, units, inSize, batch, ws.row);
      double[][] t = dz;
      dz = dzPrev;
      dzPrev = t;
    }
    for (int b = 0; b < batch; b++) {
      System.arraycopy(ws.dxh[b], 0, dX, b * inputs, inputs);
      System.arraycopy(ws.dxh[b], inputs, dH, b * n, n);
    }
  }
}
