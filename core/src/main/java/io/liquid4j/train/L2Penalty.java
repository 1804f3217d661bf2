package io.liquid4j.train;

import io.liquid4j.cell.ParameterLayout;
import io.liquid4j.internal.ArgumentChecks;

/**
 * The L2 penalty λ·Σw² on a model's weight matrices, as Keras's {@code
 * kernel_regularizer=tf.keras.regularizers.L2(λ)}: the trainer adds it to each batch's loss and
 * 2λw to the gradient before clipping ({@link TrainerConfig.Builder#l2}). Stateless.
 *
 * <p>Which parameters are weight matrices is decided by the names of the model's {@link
 * ParameterLayout}: a trainable entry is penalised when the last dot-separated part of its name
 * ends in {@code weight} (the CfC's {@code backbone.0.weight}, {@code ff1.weight}, {@code
 * time_a.weight}, the LSTM's {@code input_map.weight} and {@code recurrent_map.weight}, the
 * CT-RNN's {@code weight}, a projection's {@code fc.weight}) or is the LTC's synaptic weight
 * matrix {@code w} or {@code sensory_w}. Biases, time constants ({@code w_tau}, {@code tau}),
 * the LTC's {@code sigma}, {@code mu}, {@code erev}, {@code cm}, {@code gleak}, {@code vleak} and
 * the input and output mappings ({@code input_w}, {@code output_w}, which are per-feature scales,
 * not matrices) are not. Frozen entries never are. That is {@link Scope#WEIGHT_MATRICES}, the
 * default; {@link Scope#CFC_KERNELS} narrows it to where the CfC paper's code puts its
 * regularizers.
 */
public final class L2Penalty {
  private L2Penalty() {}

  /** Which weight matrices the penalty covers. */
  public enum Scope {
    /** Every weight matrix, as the class comment says ({@link #isPenalised}). */
    WEIGHT_MATRICES,
    /**
     * Only the CfC cell's Dense kernels: {@code backbone.<i>.weight}, {@code ff1.weight}, {@code
     * ff2.weight}, {@code time_a.weight} and {@code time_b.weight}, which are the layers that the
     * CfC paper's {@code tf_cfc.py} gives {@code kernel_regularizer=L2(weight_decay)}. Its mixed
     * cell's LSTM kernels, the read-out {@code Dense} of {@code train_xor.py} and its {@code
     * LTCCell} have none.
     */
    CFC_KERNELS;

    /**
     * Whether the penalty covers a parameter of this name.
     *
     * @param name a full layout name such as {@code rnn_cell.ff1.weight}
     * @return true when the parameter is penalised in this scope
     */
    public boolean includes(String name) {
      if (this == WEIGHT_MATRICES) {
        return isPenalised(name);
      }
      String[] parts = name.split("\\.");
      int n = parts.length;
      if (n < 2 || !parts[n - 1].equals("weight")) {
        return false;
      }
      String layer = parts[n - 2];
      return layer.equals("ff1") || layer.equals("ff2") || layer.equals("time_a")
          || layer.equals("time_b") || (n >= 3 && parts[n - 3].equals("backbone"));
    }
  }

  /**
   * Whether the penalty applies to a parameter of this name in the default scope, {@link
   * Scope#WEIGHT_MATRICES} (see the class comment for the rule).
   *
   * @param name a full layout name such as {@code rnn_cell.ff1.weight}
   * @return true for a weight matrix
   */
  public static boolean isPenalised(String name) {
    String leaf = name.substring(name.lastIndexOf('.') + 1);
    return leaf.endsWith("weight") || leaf.equals("w") || leaf.equals("sensory_w");
  }

  /**
   * The index ranges [start, end) of the penalised entries, as flat pairs {start0, end0, …}.
   *
   * @param layout the model's parameter layout
   * @param scope which weight matrices count
   * @return the ranges, in layout order
   */
  static int[] ranges(ParameterLayout layout, Scope scope) {
    int[] out = new int[2 * layout.entries().size()];
    int n = 0;
    for (ParameterLayout.Entry e : layout.entries()) {
      if (e.trainable() && e.size() > 0 && scope.includes(e.name())) {
        out[n++] = e.offset();
        out[n++] = e.offset() + e.size();
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  /**
   * λ·Σw² over the penalised entries.
   *
   * @param params (layout size) the parameters. Not modified.
   * @param layout the layout of {@code params}
   * @param lambda λ, ≥ 0
   * @return the penalty
   * @throws IllegalArgumentException for a null layout or params of another length
   */
  public static double value(double[] params, ParameterLayout layout, double lambda) {
    return value(params, layout, lambda, Scope.WEIGHT_MATRICES);
  }

  /**
   * λ·Σw² over the entries {@code scope} penalises.
   *
   * @param params (layout size) the parameters. Not modified.
   * @param layout the layout of {@code params}
   * @param lambda λ, ≥ 0
   * @param scope which weight matrices count
   * @return the penalty
   * @throws IllegalArgumentException for a null layout or params of another length
   */
  public static double value(double[] params, ParameterLayout layout, double lambda,
      Scope scope) {
    check(params, layout);
    return value(params, ranges(layout, scope), lambda);
  }

  /**
   * Adds the penalty's gradient 2λw to {@code grads} on the penalised entries and returns the
   * penalty λ·Σw².
   *
   * @param params (layout size) the parameters. Not modified.
   * @param grads (layout size) the loss gradient. Modified (penalised entries).
   * @param layout the layout of both arrays
   * @param lambda λ, ≥ 0
   * @return the penalty λ·Σw²
   * @throws IllegalArgumentException for a null layout or arrays of another length
   */
  public static double addGradient(
      double[] params, double[] grads, ParameterLayout layout, double lambda) {
    return addGradient(params, grads, layout, lambda, Scope.WEIGHT_MATRICES);
  }

  /**
   * As {@link #addGradient(double[], double[], ParameterLayout, double)}, on the entries {@code
   * scope} penalises.
   *
   * @param params (layout size) the parameters. Not modified.
   * @param grads (layout size) the loss gradient. Modified (penalised entries).
   * @param layout the layout of both arrays
   * @param lambda λ, ≥ 0
   * @param scope which weight matrices count
   * @return the penalty λ·Σw²
   * @throws IllegalArgumentException for a null layout or arrays of another length
   */
  public static double addGradient(
      double[] params, double[] grads, ParameterLayout layout, double lambda, Scope scope) {
    check(params, layout);
    ArgumentChecks.length("grads", grads, layout.size(), "the parameter layout");
    int[] ranges = ranges(layout, scope);
    double penalty = value(params, ranges, lambda);
    double twoLambda = 2 * lambda;
    for (int r = 0; r < ranges.length; r += 2) {
      for (int i = ranges[r]; i < ranges[r + 1]; i++) {
        grads[i] += twoLambda * params[i];
      }
    }
    return penalty;
  }

  private static double value(double[] params, int[] ranges, double lambda) {
    double sumSquares = 0;
    for (int r = 0; r < ranges.length; r += 2) {
      for (int i = ranges[r]; i < ranges[r + 1]; i++) {
        sumSquares += params[i] * params[i];
      }
    }
    return lambda * sumSquares;
  }

  private static void check(double[] params, ParameterLayout layout) {
    if (layout == null) {
      throw new IllegalArgumentException("layout must not be null");
    }
    ArgumentChecks.length("params", params, layout.size(), "the parameter layout");
  }
}
