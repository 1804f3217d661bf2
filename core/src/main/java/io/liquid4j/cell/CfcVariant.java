package io.liquid4j.cell;

/**
 * Which published CfC a backbone CfC follows, where the two codes differ.
 *
 * <table>
 *   <caption>What the variant switches</caption>
 *   <tr><th></th><th>ncps ({@code CfCCell}, PyTorch)</th>
 *       <th>paper (raminmh/CfC {@code tf_cfc.py}, Keras)</th></tr>
 *   <tr><td>backbone dropout</td><td>after backbone layers 2..L only</td>
 *       <td>after every backbone layer</td></tr>
 *   <tr><td>ff1, ff2 heads</td><td>tanh</td><td>lecun_tanh, 1.7159·tanh(0.666·x)</td></tr>
 * </table>
 *
 * The pure mode's ff1 has no activation in either. The paper's t_interp = σ(−t_a·Δt + t_b) is
 * ncps's σ(t_a·Δt + t_b) with time_a's weights negated; both draw those weights from a
 * distribution symmetric about 0, so the two are the same model and liquid4j keeps ncps's sign.
 */
public enum CfcVariant {
  /** ncps's CfC: dropout after backbone layers 2..L, tanh heads. */
  NCPS("ncps"),
  /** The CfC paper's Keras CfC: dropout after every backbone layer, lecun_tanh heads. */
  PAPER("paper");

  private final String configName;

  CfcVariant(String configName) {
    this.configName = configName;
  }

  /**
   * The name in a config or model specification.
   *
   * @return {@code "ncps"} or {@code "paper"}
   */
  public String configName() {
    return configName;
  }

  /**
   * Index of the first backbone layer followed by dropout (when the rate is above 0).
   *
   * @return 1 for ncps (layers 2..L), 0 for the paper (every layer)
   */
  public int firstDropoutLayer() {
    return this == NCPS ? 1 : 0;
  }

  /**
   * Parses "ncps" or "paper".
   *
   * @param argument the option or config key the name came from, quoted in the error message
   * @param name the name, as {@link #configName()} gives it
   * @return the variant of that name
   * @throws IllegalArgumentException if no variant has that name
   */
  public static CfcVariant fromName(String argument, String name) {
    for (CfcVariant v : values()) {
      if (v.configName.equals(name)) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        argument + ": expected ncps or paper, got " + io.liquid4j.io.Quoted.of(name));
  }
}
