/**
 * The liquid state machine of Maass, Natschläger &amp; Markram (2002): the column's anatomy
 * ({@link io.liquid4j.spiking.lsm.Column}, {@link io.liquid4j.spiking.lsm.SynapseType}), its
 * random draws ({@link io.liquid4j.spiking.lsm.Draws}), the spiking liquid built from them on the
 * simulator ({@link io.liquid4j.spiking.lsm.LiquidStateMachine}), the spike-train measures of the
 * paper ({@link io.liquid4j.spiking.lsm.SpikeTrains}) and its experiments
 * ({@link io.liquid4j.spiking.lsm.LsmExperiments}: separation, template classification).
 *
 * <pre>{@code
 * LiquidStateMachine lsm = LiquidStateMachine.create(Column.paper(new SplittableRandom(1)), 1);
 * double[] input = SpikeTrains.poisson(20, 0.5, 1e-4, new SplittableRandom(2));
 * double[][] trains = lsm.run(input, 0.5, 3);                       // 135 spike trains
 * double[][] state = LiquidStateMachine.liquidState(trains, SpikeTrains.grid(0.5, 1e-3));
 * }</pre>
 */
package io.liquid4j.spiking.lsm;
