package io.liquid4j.model;

/**
 * How an LTC's parameters are first drawn ({@code init}).
 *
 * <table>
 *   <caption>The two initialisations</caption>
 *   <tr><th></th><th>ncps</th><th>paper (the LTC paper's {@code ltc_model.py})</th></tr>
 *   <tr><td>cm</td><td>uniform [0.4, 0.6)</td>
 *       <td>0.5/ode_unfolds, so that ncps's cm/(Δt/K) is the paper's cm_t = 0.5 at Δt = 1</td></tr>
 *   <tr><td>gleak</td><td>uniform [0.001, 1)</td><td>1</td></tr>
 *   <tr><td>w, sensory_w</td><td>uniform [0.001, 1)</td><td>uniform [0.01, 1)</td></tr>
 *   <tr><td>erev, sensory_erev</td><td>the wiring's polarities</td><td>±1, equally likely</td></tr>
 * </table>
 *
 * The other parameters (mu, sigma, vleak, the mappings) are ncps's in both, with the same ranges
 * as the paper's. The paper's values are the parameters themselves, kept positive by clipping,
 * so {@link #PAPER} needs {@code implicit_param_constraints} false.
 */
public enum LtcInitialisation {
  /** ncps's initialisation (the default). */
  NCPS("ncps"),
  /** The LTC paper's constants and ranges, drawn after ncps's from a stream fixed by the seed. */
  PAPER("paper");

  private final String configName;

  LtcInitialisation(String configName) {
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
   * Parses "ncps" or "paper".
   *
   * @param argument the option or config key the name came from, quoted in the error message
   * @param name the name, as {@link #configName()} gives it
   * @return the initialisation of that name
   * @throws IllegalArgumentException if none has that name
   */
  public static LtcInitialisation fromName(String argument, String name) {
    for (LtcInitialisation v : values()) {
      if (v.configName.equals(name)) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        argument + ": expected ncps or paper, got " + io.liquid4j.io.Quoted.of(name));
  }
}
