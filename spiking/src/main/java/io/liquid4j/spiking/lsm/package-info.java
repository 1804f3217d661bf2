/**
 * The liquid state machine of Maass, Natschläger &amp; Markram (2002): the column's anatomy
 * ({@link io.liquid4j.spiking.lsm.Column}, {@link io.liquid4j.spiking.lsm.SynapseType}), its
 * random draws ({@link io.liquid4j.spiking.lsm.Draws}) and the spike-train measures of the
 * paper's experiments ({@link io.liquid4j.spiking.lsm.SpikeTrains}).
 */
package io.liquid4j.spiking.lsm;
