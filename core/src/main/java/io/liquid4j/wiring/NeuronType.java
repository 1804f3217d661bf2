package io.liquid4j.wiring;

/** The role of a neuron in a Neural Circuit Policy. */
public enum NeuronType {
  /** Receives sensory input (NCP layer 0). */
  INTER,
  /** Integrates inter neurons and may be recurrent (NCP layer 1). */
  COMMAND,
  /** Output neuron; motor neurons are ids 0..M-1. */
  MOTOR;

  /**
   * The lower-case name ncps uses ("inter", "command", "motor").
   *
   * @return {@code "inter"}, {@code "command"} or {@code "motor"}
   */
  public String ncpsName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
