package io.liquid4j.cell;

/** The three closed-form variants of the CfC cell. */
public enum CfcMode {
  /** h' = ff1·(1 − σ(t_a·Δt + t_b)) + σ(t_a·Δt + t_b)·ff2. */
  DEFAULT("default"),
  /** h' = ff1 + σ(t_a·Δt + t_b)·ff2. */
  NO_GATE("no_gate"),
  /** h' = −A·exp(−Δt·(|w_τ| + |ff1|))·ff1 + A, the direct solution of the liquid ODE. */
  PURE("pure");

  private final String ncpsName;

  CfcMode(String ncpsName) {
    this.ncpsName = ncpsName;
  }

  /**
   * The name ncps uses.
   *
   * @return {@code "default"}, {@code "no_gate"} or {@code "pure"}
   */
  public String ncpsName() {
    return ncpsName;
  }

  /**
   * Parses "default", "no_gate" or "pure".
   *
   * @param argument the option or config key the name came from, quoted in the error message
   * @param name the ncps name, as {@link #ncpsName()} gives it
   * @return the mode of that name
   * @throws IllegalArgumentException if no mode has that name
   */
  public static CfcMode fromName(String argument, String name) {
    for (CfcMode m : values()) {
      if (m.ncpsName.equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        argument + ": unknown mode " + io.liquid4j.io.Quoted.of(name) + " (expected default, no_gate or pure)");
  }
}
