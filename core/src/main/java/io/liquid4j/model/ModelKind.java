package io.liquid4j.model;

/** The kinds of sequence model. */
public enum ModelKind {
  /** Liquid time-constant network (ncps {@code LTC}). */
  LTC("LTC"),
  /** Closed-form continuous-time network (ncps {@code CfC}). */
  CFC("CfC"),
  /** Continuous-time RNN baseline. */
  CTRNN("CTRNN"),
  /** Discrete-time LSTM baseline (ignores Δt). */
  LSTM("LSTM");

  private final String configName;

  ModelKind(String configName) {
    this.configName = configName;
  }

  /**
   * The name in configs.
   *
   * @return "LTC", "CfC", "CTRNN" or "LSTM"
   */
  public String configName() {
    return configName;
  }

  /**
   * Parses a config name, ignoring case.
   *
   * @param argument the key or argument the name came from, named in the error message
   * @param name "LTC", "CfC", "CTRNN" or "LSTM", in any case
   * @return the kind of that name
   * @throws IllegalArgumentException if no kind has that name
   */
  public static ModelKind fromName(String argument, String name) {
    for (ModelKind k : values()) {
      if (k.configName.equalsIgnoreCase(name)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        argument + ": unknown model " + io.liquid4j.io.Quoted.of(name) + " (expected LTC, CfC, CTRNN or LSTM)");
  }
}
