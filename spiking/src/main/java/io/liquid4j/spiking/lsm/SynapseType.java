package io.liquid4j.spiking.lsm;

/**
 * The four kinds of connection in Maass, Natschläger &amp; Markram (2002), Appendix B, with the
 * paper's parameters: connection scale C of the probability C·exp(−(D/λ)²), the means of the
 * dynamic synapse's U (use), D and F (depression and facilitation time constants), the mean
 * amplitude A (Gamma distributed, SD = mean), and the transmission delay.
 */
public enum SynapseType {
  /** Excitatory onto excitatory. */
  EE(0.3, 0.5, 1.1, 0.05, 30e-9, 1.5e-3),
  /** Excitatory onto inhibitory. */
  EI(0.2, 0.05, 0.125, 1.2, 60e-9, 0.8e-3),
  /** Inhibitory onto excitatory. */
  IE(0.4, 0.25, 0.7, 0.02, -19e-9, 0.8e-3),
  /** Inhibitory onto inhibitory. */
  II(0.1, 0.32, 0.144, 0.06, -19e-9, 0.8e-3);

  private final double connection;
  private final double use;
  private final double depression;
  private final double facilitation;
  private final double amplitude;
  private final double delay;

  SynapseType(double connection, double use, double depression, double facilitation,
      double amplitude, double delay) {
    this.connection = connection;
    this.use = use;
    this.depression = depression;
    this.facilitation = facilitation;
    this.amplitude = amplitude;
    this.delay = delay;
  }

  /**
   * The type of a connection from a neuron of one kind to one of another.
   *
   * @param preExcitatory whether the presynaptic neuron is excitatory
   * @param postExcitatory whether the postsynaptic neuron is excitatory
   * @return EE, EI, IE or II
   */
  public static SynapseType of(boolean preExcitatory, boolean postExcitatory) {
    if (preExcitatory) {
      return postExcitatory ? EE : EI;
    }
    return postExcitatory ? IE : II;
  }

  /**
   * C in P = C·exp(−(D/λ)²).
   *
   * @return C, in [0, 1]
   */
  public double connection() {
    return connection;
  }

  /**
   * Mean of U.
   *
   * @return the mean of U, in [0, 1]
   */
  public double use() {
    return use;
  }

  /**
   * Mean of the depression time constant D, in seconds.
   *
   * @return the mean of D, in seconds
   */
  public double depression() {
    return depression;
  }

  /**
   * Mean of the facilitation time constant F, in seconds.
   *
   * @return the mean of F, in seconds
   */
  public double facilitation() {
    return facilitation;
  }

  /**
   * Mean amplitude A, in amperes (negative for inhibitory synapses).
   *
   * @return the mean of A, in amperes
   */
  public double amplitude() {
    return amplitude;
  }

  /**
   * Transmission delay, in seconds.
   *
   * @return the delay, in seconds
   */
  public double delay() {
    return delay;
  }

  /**
   * Whether the presynaptic neuron is excitatory.
   *
   * @return true for EE and EI
   */
  public boolean excitatory() {
    return this == EE || this == EI;
  }
}
