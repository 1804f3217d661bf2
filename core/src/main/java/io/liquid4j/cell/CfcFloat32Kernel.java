package io.liquid4j.cell;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * {@link CfcCell}'s step in float32 ({@link Precision#FLOAT32}): the equations, the operations and
 * their order of CfcCell's float64 code, in float arithmetic. The float64 code stays the reference
 * (ncps parity, finite differences); this one is tested against it.
 *
 * <p>The workspace rounds the float64 master parameters to float once per bind (the weights
 * transposed and as rows, heads side by side, masked, as the float64 workspace holds them); the
 * tape holds float activations; x, h, Δt and the incoming gradients are rounded to float on entry.
 * A backward step sums its parameter gradients in a float buffer (each entry one float sum over
 * the batch) and adds them into the float64 dP at the end, so a training run's sums over steps
 * and sequences stay in float64. dX and dH are the float results, written as doubles.
 *
 * <p>Backbone dropout masks are drawn as in float64 (the same {@code rng.nextDouble()} draws in
 * the same order), so a float32 and a float64 cell given equally seeded generators drop the same
 * units.
 */
final class CfcFloat32Kernel {
  private static final MatmulKernel MATMUL = Kernels.matmul();
  private static final ElementKernel ELEMENTS = Kernels.elements();

  // ncps's lecun_tanh 1.7159·tanh(0.666·x), its slope 1.7159·0.666 rounded once.
  private static final float LECUN_SCALE = 1.7159f;
  private static final float LECUN_INNER = 0.666f;
  private static final float LECUN_SLOPE = (float) (1.7159 * 0.666);
  private static final double INV_SQRT2 = 1.0 / Math.sqrt(2.0);
  private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);

  private final int inputs; // S
  private final int hidden; // N
  private final CfcMode mode;
  private final Activation activation;
  private final int units; // U (0 without backbone)
  private final int layers; // L
  private final double dropout;
  private final CfcVariant variant;
  private final double[] mask; // (N, S+N) or null
  private final ParameterLayout layout;
  private final int oWTau;
  private final int oA;
  private final int[] oBackW;
  private final int[] oBackB;
  private final int[][] heads; // {weight, bias} offsets of ff1, ff2, time_a, time_b
  private final int[][] bufferedRanges; // [from, to) of the entries summed in the grad buffer
  private final int headCount;

  /**
   * The float32 step of a CfC cell with this structure and these parameter offsets (relative to
   * pOff).
   *
   * @param mask (N, S+N) 0/1 mask of ff1 and ff2 as the cell stores it, or null
   * @param heads {weight, bias} offsets of ff1, ff2, time_a, time_b; the first headCount exist
   */
  CfcFloat32Kernel(int inputs, int hidden, CfcMode mode, Activation activation,
      int units, int layers, double dropout, CfcVariant variant, double[] mask,
      ParameterLayout layout, int oWTau, int oA, int[] oBackW, int[] oBackB, int[][] heads,
      int headCount) {
    this.inputs = inputs;
    this.hidden = hidden;
    this.mode = mode;
    this.activation = activation;
    this.units = units;
    this.layers = layers;
    this.dropout = dropout;
    this.variant = variant;
    this.mask = mask;
    this.layout = layout;
    this.oWTau = oWTau;
    this.oA = oA;
    this.oBackW = oBackW;
    this.oBackB = oBackB;
    this.heads = heads;
    this.headCount = headCount;
    // The trainable entries whose float sums wait in the workspace's grad buffer: all but the
    // weight matrices, which backwardBatch adds straight into dP.
    java.util.Set<Integer> direct = new java.util.HashSet<>();
    for (int l = 0; l < layers; l++) {
      direct.add(oBackW[l]);
    }
    for (int k = 0; k < headCount; k++) {
      direct.add(heads[k][0]);
    }
    java.util.List<int[]> ranges = new java.util.ArrayList<>();
    for (ParameterLayout.Entry e : layout.entries()) {
      if (e.trainable() && !direct.contains(e.offset())) {
        ranges.add(new int[] {e.offset(), e.offset() + e.size()});
      }
    }
    bufferedRanges = ranges.toArray(new int[0][]);
  }


  // ---------------------------------------------------------------------------------------------
  // Tape

  /** What the backward needs from one step, in float: CfcCell's tape, field for field. */
  final class Tape32 implements Cell.Tape {
    final int batch;
    final float[][][] act; // (L, B, U) backbone outputs: the input of layer l + 1 and of the heads
    final float[][][] dAct; // (L, B, U) act' at the same pre-activation (times the dropout mask)
    final float[] ff1; // (B, N) W1·z + b1 (pure mode); empty otherwise
    final float[] f1; // (B, N) tanh(ff1); empty in pure mode
    final float[] f2; // (B, N) tanh(ff2); empty in pure mode
    final float[] gate; // (B, N) σ(t_a·Δt + t_b); empty in pure mode
    float[][][] dropout; // (L, B, U) 0 or 1/(1 − p) after the variant's layers; null without

    Tape32(int batch) {
      this.batch = batch;
      act = new float[layers][batch][units];
      dAct = new float[layers][batch][units];
      boolean pure = mode == CfcMode.PURE;
      ff1 = new float[pure ? batch * hidden : 0];
      f1 = new float[pure ? 0 : batch * hidden];
      f2 = new float[pure ? 0 : batch * hidden];
      gate = new float[pure ? 0 : batch * hidden];
    }

    CfcFloat32Kernel owner() {
      return CfcFloat32Kernel.this;
    }
  }

  /** A tape without dropout. */
  Cell.Tape newTape(int batch) {
    return new Tape32(batch);
  }

  /**
   * A training tape, reusing {@code old} when it is this kernel's tape for {@code batch}. The
   * masks come from the same draws, in the same order (layer, sample, unit), as CfcCell's float64
   * tape; the kept units' multiplier is 1/(1 − p) rounded to float.
   */
  Cell.Tape newTape(int batch, RandomGenerator rng, Cell.Tape old) {
    Tape32 tape = old instanceof Tape32 t && t.owner() == this && t.batch == batch
        ? t : new Tape32(batch);
    int first = variant.firstDropoutLayer();
    if (rng == null || dropout <= 0 || layers <= first) {
      tape.dropout = null;
      return tape;
    }
    float keep = (float) (1.0 / (1.0 - dropout));
    if (tape.dropout == null) {
      tape.dropout = new float[layers][][];
      for (int l = first; l < layers; l++) {
        tape.dropout[l] = new float[batch][units];
      }
    }
    for (int l = first; l < layers; l++) {
      for (int b = 0; b < batch; b++) {
        for (int u = 0; u < units; u++) {
          tape.dropout[l][b][u] = rng.nextDouble() < dropout ? 0.0f : keep;
        }
      }
    }
    return tape;
  }

  // ---------------------------------------------------------------------------------------------
  // Workspace

  /**
   * The weights rounded to float once per bind, laid out as CfcCell's float64 workspace lays
   * them out (transposed for the forward products, heads side by side; rows for the input
   * gradients; masked), the float gradient buffer of a backward step, and float scratch.
   */
  final class Workspace32 extends BoundWorkspace {
    final float[][][] wtBack; // per layer (in_l, U), transposed
    final float[][][] wBack; // per layer (U, in_l)
    final float[][] biasBack; // per layer (U)
    final float[][] wtHeads; // (in, H·N) transposed: ff1 | ff2 | time_a | time_b, masked
    final float[][][] wHeads; // per head (N, in), masked
    final float[][] maskRows; // (N, in) rows of the mask of ff1 and ff2, or null
    final float[] biasHeads; // (H·N)
    final float[] wTau; // (N) pure mode's w_tau; empty otherwise
    final float[] amp; // (N) pure mode's A; empty otherwise
    final float[] grad; // (layout size) one backward step's parameter gradients
    final float[] row; // scratch of the weight gradient
    int capacity;
    float[][] xh; // (B, S+N) [x, h]
    float[][][] act; // (L, B, U) backbone outputs when no tape is recorded
    float[][] headOut; // (B, H·N) W·z + b of every head
    float[][] dHeads; // (B, H·N) dL/d of every head
    float[][] dz; // (B, U) dL/d(backbone layer output), then of its input
    float[][] dzPrev; // (B, U)
    float[][] dxh; // (B, S+N)

    Workspace32(double[] p, int pOff, int batch) {
      int n = hidden;
      int in = inputs + n;
      row = new float[Math.max(in, units)];
      wtBack = new float[layers][][];
      wBack = new float[layers][][];
      biasBack = new float[layers][];
      for (int l = 0; l < layers; l++) {
        wtBack[l] = new float[in][units];
        wBack[l] = new float[units][in];
        biasBack[l] = new float[units];
        in = units;
      }
      int hn = headCount * n;
      wtHeads = new float[in][hn];
      wHeads = new float[headCount][n][in];
      biasHeads = new float[hn];
      boolean pure = mode == CfcMode.PURE;
      wTau = new float[pure ? n : 0];
      amp = new float[pure ? n : 0];
      grad = new float[layout.size()];
      if (mask != null) {
        maskRows = new float[n][in];
        for (int o = 0; o < n; o++) {
          for (int i = 0; i < in; i++) {
            maskRows[o][i] = (float) mask[o * in + i];
          }
        }
      } else {
        maskRows = null;
      }
      bind(p, pOff);
      ensure(batch);
    }

    CfcFloat32Kernel owner() {
      return CfcFloat32Kernel.this;
    }

    @Override
    void derive() {
      int n = hidden;
      int in = inputs + n;
      for (int l = 0; l < layers; l++) {
        transpose(wtBack[l], 0, p, pOff + oBackW[l], null, units, in);
        rows(wBack[l], p, pOff + oBackW[l], null, units, in);
        round(biasBack[l], 0, p, pOff + oBackB[l], units);
        in = units;
      }
      for (int k = 0; k < headCount; k++) {
        double[] m = k < 2 ? mask : null; // ncps masks ff1 and ff2 only
        transpose(wtHeads, k * n, p, pOff + heads[k][0], m, n, in);
        rows(wHeads[k], p, pOff + heads[k][0], m, n, in);
        round(biasHeads, k * n, p, pOff + heads[k][1], n);
      }
      if (mode == CfcMode.PURE) {
        round(wTau, 0, p, pOff + oWTau, n);
        round(amp, 0, p, pOff + oA, n);
      }
    }

    @Override
    void ensure(int batch) {
      if (batch <= capacity) {
        return;
      }
      capacity = batch;
      int cat = inputs + hidden;
      int width = Math.max(units, 1);
      xh = new float[batch][cat];
      act = new float[layers][batch][units];
      headOut = new float[batch][headCount * hidden];
      dHeads = new float[batch][headCount * hidden];
      dz = new float[batch][width];
      dzPrev = new float[batch][width];
      dxh = new float[batch][cat];
    }
  }

  /** A workspace for the parameters at {@code p[pOff...]}. */
  Cell.Workspace newWorkspace(double[] p, int pOff, int batch) {
    return new Workspace32(p, pOff, batch);
  }

  /** {@code old} rebound when it is this kernel's workspace, else a new one. */
  Cell.Workspace newWorkspace(double[] p, int pOff, int batch, Cell.Workspace old) {
    if (old instanceof Workspace32 ws && ws.owner() == this) {
      ws.bind(p, pOff);
      ws.ensure(batch);
      return ws;
    }
    return new Workspace32(p, pOff, batch);
  }

  private Workspace32 workspace(Cell.Workspace w, double[] p, int pOff, int batch) {
    if (w == null) {
      return new Workspace32(p, pOff, batch);
    }
    if (!(w instanceof Workspace32 ws) || ws.owner() != this) {
      throw new IllegalArgumentException("workspace was made by another cell or precision");
    }
    ws.prepare(p, pOff, batch);
    return ws;
  }

  private Tape32 tape(Cell.Tape t, int batch) {
    if (t == null) {
      return null;
    }
    if (!(t instanceof Tape32 tp) || tp.owner() != this) {
      throw new IllegalArgumentException("tape was made by another cell or precision");
    }
    if (tp.batch != batch) {
      throw new IllegalArgumentException(
          "tape was made for batches of " + tp.batch + " samples, got " + batch);
    }
    return tp;
  }

  // ---------------------------------------------------------------------------------------------
  // Step

  /** {@link CfcCell#forward} in float32; the arguments as there. */
  void forward(double[] p, int pOff, double[] x, double[] h, double[] dt, int batch,
      double[] hNext, double[] out, Cell.Tape tape, Cell.Workspace workspace) {
    Tape32 tp = tape(tape, batch);
    Workspace32 ws = workspace(workspace, p, pOff, batch);
    int n = hidden;
    int cat = inputs + n;
    float[][] xh = ws.xh;
    roundInputs(xh, x, h, batch);
    // z_l = act(W_l·z_(l−1) + b_l), z_(−1) = [x, h]
    float[][][] act = tp != null ? tp.act : ws.act;
    for (int l = 0; l < layers; l++) {
      forwardBatch(act[l], l == 0 ? xh : act[l - 1], ws.wtBack[l], ws.biasBack[l], units,
          l == 0 ? cat : units, batch);
      for (int b = 0; b < batch; b++) {
        activate(activation, act[l][b], 0, units, tp != null ? tp.dAct[l][b] : null, 0);
        if (tp != null && tp.dropout != null && tp.dropout[l] != null) {
          // z_l = mask ⊙ act(pre): the mask scales the value and its derivative alike.
          float[] m = tp.dropout[l][b];
          for (int u = 0; u < units; u++) {
            act[l][b][u] *= m[u];
            tp.dAct[l][b][u] *= m[u];
          }
        }
      }
    }
    // Every head reads z: the last backbone output, or [x, h] without backbone.
    int hn = headCount * n;
    float[][] headOut = ws.headOut;
    forwardBatch(headOut, layers > 0 ? act[layers - 1] : xh, ws.wtHeads, ws.biasHeads, hn,
        layers > 0 ? units : cat, batch);
    for (int b = 0; b < batch; b++) {
      float ts = (float) dt[b];
      int o = b * n;
      float[] hb = headOut[b]; // ff1 at 0, ff2 at N, t_a at 2N, t_b at 3N
      if (mode == CfcMode.PURE) {
        for (int j = 0; j < n; j++) {
          float ff1 = hb[j];
          float a = ws.amp[j];
          float e = exp(-ts * (Math.abs(ws.wTau[j]) + Math.abs(ff1)));
          hNext[o + j] = -a * e * ff1 + a;
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
          ELEMENTS.tanh(hb, 0, 2 * n);
          for (int k = 0; k < 2 * n; k++) {
            hb[k] *= LECUN_SCALE;
          }
        } else {
          ELEMENTS.tanh(hb, 0, 2 * n);
        }
        ELEMENTS.sigmoid(hb, 2 * n, 3 * n);
        for (int j = 0; j < n; j++) {
          float f1 = hb[j];
          float f2 = hb[n + j];
          float gate = hb[2 * n + j];
          hNext[o + j] = gated ? f1 * (1.0f - gate) + gate * f2 : f1 + gate * f2;
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

  /** {@link CfcCell#backward} in float32; the arguments as there. */
  void backward(double[] p, int pOff, double[] x, double[] h, double[] dt, int batch,
      Cell.Tape tape, double[] dHNext, double[] dOut, double[] dP, double[] dX, double[] dH,
      Cell.Workspace workspace) {
    if (tape == null) {
      throw new IllegalArgumentException("backward needs the tape recorded by forward");
    }
    Tape32 tp = tape(tape, batch);
    Workspace32 ws = workspace(workspace, p, pOff, batch);
    int n = hidden;
    int cat = inputs + n;
    int in = layers > 0 ? units : cat; // width of the heads' input z
    float[] grad = ws.grad;
    for (int[] r : bufferedRanges) {
      Arrays.fill(grad, r[0], r[1], 0.0f);
    }
    float[][] xh = ws.xh;
    roundInputs(xh, x, h, batch);
    float[][] dHeads = ws.dHeads; // (B, H·N): dff1 | dff2 | dt_a | dt_b
    for (int b = 0; b < batch; b++) {
      float ts = (float) dt[b];
      int o = b * n;
      float[] hb = dHeads[b];
      if (mode == CfcMode.PURE) {
        for (int j = 0; j < n; j++) {
          float dNew = (float) dHNext[o + j] + (float) dOut[o + j];
          float a = ws.amp[j];
          float wTau = ws.wTau[j];
          float f1 = tp.ff1[o + j];
          float e = exp(-ts * (Math.abs(wTau) + Math.abs(f1)));
          // in the forward pass this was: h' = −A·e·ff1 + A,  e = exp(−Δt·(|w_tau| + |ff1|))
          grad[oA + j] += dNew * (1.0f - e * f1);
          float dE = -dNew * a * f1;
          float dSum = -ts * e * dE; // dL/d(|w_tau| + |ff1|); d|x|/dx = sign(x), 0 at 0
          grad[oWTau + j] += dSum * Math.signum(wTau);
          hb[j] = -dNew * a * e + dSum * Math.signum(f1);
        }
      } else {
        for (int j = 0; j < n; j++) {
          float dNew = (float) dHNext[o + j] + (float) dOut[o + j];
          float f1 = tp.f1[o + j];
          float f2 = tp.f2[o + j];
          float gate = tp.gate[o + j];
          float df1;
          float df2;
          float dGate;
          if (mode == CfcMode.DEFAULT) {
            // in the forward pass this was: h' = f1·(1 − gate) + gate·f2
            df1 = dNew * (1.0f - gate);
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
            float t1 = f1 / LECUN_SCALE;
            float t2 = f2 / LECUN_SCALE;
            hb[j] = df1 * (LECUN_SLOPE * (1.0f - t1 * t1));
            hb[n + j] = df2 * (LECUN_SLOPE * (1.0f - t2 * t2));
          } else {
            hb[j] = df1 * (1.0f - f1 * f1);
            hb[n + j] = df2 * (1.0f - f2 * f2);
          }
          float dLogit = dGate * gate * (1.0f - gate);
          hb[2 * n + j] = dLogit * ts;
          hb[3 * n + j] = dLogit;
        }
      }
    }
    // The heads read z: the last backbone output, or [x, h] without backbone.
    float[][] head = layers > 0 ? tp.act[layers - 1] : xh;
    float[][] dHead = layers > 0 ? ws.dz : ws.dxh;
    for (int b = 0; b < batch; b++) {
      Arrays.fill(dHead[b], 0, in, 0.0f);
    }
    for (int k = 0; k < headCount; k++) {
      backwardBatch(dHead, grad, dP, pOff, heads[k][0], heads[k][1], dHeads, k * n, head, ws.wHeads[k],
          k < 2 ? ws.maskRows : null, n, in, batch, ws.row);
    }
    float[][] dz = ws.dz;
    float[][] dzPrev = ws.dzPrev;
    for (int l = layers - 1; l >= 0; l--) {
      // in the forward pass this was: z_l = act(W_l·z_(l−1) + b_l), z_(−1) = [x, h]
      for (int b = 0; b < batch; b++) {
        float[] d = dz[b];
        float[] da = tp.dAct[l][b];
        for (int u = 0; u < units; u++) {
          d[u] *= da[u];
        }
      }
      int inSize = l > 0 ? units : cat;
      float[][] dIn = l > 0 ? dzPrev : ws.dxh;
      for (int b = 0; b < batch; b++) {
        Arrays.fill(dIn[b], 0, inSize, 0.0f);
      }
      backwardBatch(dIn, grad, dP, pOff, oBackW[l], oBackB[l], dz, 0, l > 0 ? tp.act[l - 1] : xh,
          ws.wBack[l], null, units, inSize, batch, ws.row);
      float[][] t = dz;
      dz = dzPrev;
      dzPrev = t;
    }
    for (int b = 0; b < batch; b++) {
      float[] d = ws.dxh[b];
      for (int i = 0; i < inputs; i++) {
        dX[b * inputs + i] = d[i];
      }
      for (int j = 0; j < n; j++) {
        dH[b * n + j] = d[inputs + j];
      }
    }
    // The buffered float sums join the float64 totals; frozen entries (the mask) get nothing.
    for (int[] r : bufferedRanges) {
      for (int i = r[0]; i < r[1]; i++) {
        dP[pOff + i] += grad[i];
      }
    }
  }

  /** xh[b] = [x_b, h_b] rounded to float. */
  private void roundInputs(float[][] xh, double[] x, double[] h, int batch) {
    int n = hidden;
    for (int b = 0; b < batch; b++) {
      float[] row = xh[b];
      for (int i = 0; i < inputs; i++) {
        row[i] = (float) x[b * inputs + i];
      }
      for (int j = 0; j < n; j++) {
        row[inputs + j] = (float) h[b * n + j];
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Float forms of the backbone activations and of exp

  /**
   * e^x in float: {@link Math#exp} of the float argument, rounded once to float (within half an
   * ulp of the exact float result but for the rare double-rounding tie).
   */
  static float exp(float x) {
    return (float) Math.exp(x);
  }

  /**
   * {@link Activation#applyInPlace} in float: v ← act(v) on {@code v[off, off + n)} and, when d
   * is not null, d[dOff + k] = act'(v_k), by the same formulas:
   *
   * <pre>
   * tanh, lecun_tanh: t = tanh(c·x) through the element kernel, act = s·t, act' = s·c·(1 − t²)
   * relu:             act = x for x &gt; 0 else 0, act' = 1 for x &gt; 0 else 0
   * silu:             s = σ(x), act = x·s, act' = s·(1 + x·(1 − s))
   * gelu:             Φ = (1 + erf(x/√2))/2, act = x·Φ, act' = Φ + x·φ(x)
   * </pre>
   *
   * The transcendental parts (σ, erf, φ) are the float64 functions of the float argument rounded
   * to float; the arithmetic around them is float.
   *
   * @param v values. Modified.
   * @param d derivatives, or null. Modified.
   */
  static void activate(Activation activation, float[] v, int off, int n, float[] d, int dOff) {
    switch (activation) {
      case TANH:
      case LECUN_TANH:
        {
          boolean lecun = activation == Activation.LECUN_TANH;
          if (lecun) {
            for (int k = off; k < off + n; k++) {
              v[k] = LECUN_INNER * v[k];
            }
          }
          ELEMENTS.tanh(v, off, off + n);
          float scale = lecun ? LECUN_SCALE : 1.0f;
          float slope = lecun ? LECUN_SLOPE : 1.0f;
          for (int k = 0; k < n; k++) {
            float t = v[off + k];
            v[off + k] = scale * t;
            if (d != null) {
              d[dOff + k] = slope * (1.0f - t * t);
            }
          }
          return;
        }
      case RELU:
        for (int k = 0; k < n; k++) {
          float x = v[off + k];
          v[off + k] = x > 0 ? x : 0.0f;
          if (d != null) {
            d[dOff + k] = x > 0 ? 1.0f : 0.0f;
          }
        }
        return;
      case SILU:
        for (int k = 0; k < n; k++) {
          float x = v[off + k];
          float s = MathFunctions.sigmoid(x);
          v[off + k] = x * s;
          if (d != null) {
            d[dOff + k] = s * (1.0f + x * (1.0f - s));
          }
        }
        return;
      case GELU:
        for (int k = 0; k < n; k++) {
          float x = v[off + k];
          float cdf = 0.5f * (1.0f + (float) MathFunctions.erf(x * INV_SQRT2));
          v[off + k] = x * cdf;
          if (d != null) {
            float pdf = (float) (Math.exp(-0.5 * x * x) * INV_SQRT_2PI);
            d[dOff + k] = cdf + x * pdf;
          }
        }
        return;
      default:
        throw new AssertionError(activation);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Dense layers over a batch in float: Linear's batched kernels, with float arrays.

  /** {@link Linear#rows} into float: w[o][i] = (float) (W[o, i]·mask[o, i]). */
  private static void rows(float[][] w, double[] p, int wOff, double[] mask, int out, int in) {
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        double v = p[wOff + o * in + i];
        w[o][i] = (float) (mask == null ? v : v * mask[o * in + i]);
      }
    }
  }

  /** {@link Linear#transpose} into float: wt[i][col + o] = (float) (W[o, i]·mask[o, i]). */
  private static void transpose(float[][] wt, int col, double[] p, int wOff, double[] mask,
      int out, int in) {
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        double v = p[wOff + o * in + i];
        wt[i][col + o] = (float) (mask == null ? v : v * mask[o * in + i]);
      }
    }
  }

  /** dst[dOff + k] = (float) p[pOff + k] for k &lt; n. */
  private static void round(float[] dst, int dOff, double[] p, int pOff, int n) {
    for (int k = 0; k < n; k++) {
      dst[dOff + k] = (float) p[pOff + k];
    }
  }

  /**
   * {@link Linear#forwardBatch} in float: y[b][o] = Σ_i x[b][i]·wt[i][o] + bias[o], each sum one
   * chain of float fused multiply-adds from 0, then the bias added.
   */
  private static void forwardBatch(float[][] y, float[][] x, float[][] wt, float[] bias, int out,
      int in, int batch) {
    MATMUL.multiplyAdd(y, true, x, 0, wt, out, in, batch);
    for (int b = 0; b < batch; b++) {
      float[] yb = y[b];
      for (int o = 0; o < out; o++) {
        yb[o] += bias[o];
      }
    }
  }

  /**
   * {@link Linear#backwardBatch} in float: db += Σ_b dy_b into the float buffer g, the weight's
   * float sum Σ_b (dy_b ⊗ x_b)⊙mask added to the float64 dP (samples in increasing b), dx_b +=
   * (W⊙mask)ᵀ·dy_b.
   *
   * @param dx (batch, ≥ in) ADDED to. Modified.
   * @param g the step's buffered float gradients; bias at g[bOff...]; ADDED to. Modified.
   * @param dP the float64 gradient totals; weight at dP[pOff + wOff...]; ADDED to. Modified.
   * @param row scratch of at least {@code in} values. Modified.
   */
  private static void backwardBatch(float[][] dx, float[] g, double[] dP, int pOff, int wOff,
      int bOff, float[][] dy, int col, float[][] x, float[][] w, float[][] mask, int out, int in,
      int batch, float[] row) {
    for (int o = 0; o < out; o++) {
      float s = g[bOff + o];
      for (int b = 0; b < batch; b++) {
        s += dy[b][col + o];
      }
      g[bOff + o] = s;
    }
    // The weights' float sums go straight into the float64 totals (the biases wait in g).
    MATMUL.weightGradientMixed(dP, pOff + wOff, dy, col, x, mask, out, in, batch, row);
    MATMUL.multiplyAdd(dx, false, dy, col, w, in, out, batch);
  }
}
