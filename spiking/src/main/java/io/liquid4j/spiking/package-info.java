/**
 * A Brian2-style spiking simulator: models are equations with physical units in strings,
 * checked when a group is built and compiled to Java loops with Janino.
 *
 * <ul>
 *   <li>{@link io.liquid4j.spiking.NeuronGroup} — neurons defined by equations, a threshold, a
 *       reset and a refractory period; {@link io.liquid4j.spiking.Subgroup} a contiguous slice,
 *       and {@link io.liquid4j.spiking.Group} what both offer (set, get, monitor).</li>
 *   <li>{@link io.liquid4j.spiking.Synapses} — connections with their own model (parameters,
 *       clock- and event-driven equations, summed variables), on_pre/on_post statements,
 *       connection rules (conditions, probabilities with pre/post variables) and delays.</li>
 *   <li>Inputs: {@link io.liquid4j.spiking.PoissonGroup}, {@link
 *       io.liquid4j.spiking.PoissonInput}, {@link io.liquid4j.spiking.SpikeGeneratorGroup}, and
 *       {@link io.liquid4j.spiking.TimedArray} values callable in equations ({@code stim(t)});
 *       anything that spikes is a {@link io.liquid4j.spiking.SpikeSource}.</li>
 *   <li>{@link io.liquid4j.spiking.Network} — runs objects on one clock in Brian2's schedule,
 *       continues runs, stores and restores everything bit for bit, seeds every random
 *       stream.</li>
 *   <li>{@link io.liquid4j.spiking.SpikeMonitor}, {@link io.liquid4j.spiking.StateMonitor},
 *       {@link io.liquid4j.spiking.PopulationRateMonitor} — recordings.</li>
 *   <li>{@link io.liquid4j.spiking.RandomStream} — the seeded random numbers behind
 *       {@code rand()}, {@code randn()} and white noise.</li>
 * </ul>
 *
 * <p>Brian2's order within a time step is kept exactly: monitors record at the start; summed
 * synaptic variables are set; the state updates compute {@code not_refractory} and then
 * integrate (groups, then clock-driven synaptic equations); thresholds detect spikes
 * ({@code condition and not_refractory}, setting {@code lastspike = t}), spike generators and
 * Poisson groups emit, and spike monitors record; synapses queue the step's spikes and deliver
 * those due (on_pre, then on_post), PoissonInput adds its draws; resets run. All values are SI
 * doubles.
 *
 * <pre>{@code
 * Network net = new Network();
 * NeuronGroup g = NeuronGroup.builder(100, """
 *         dv/dt = (v0 - v) / tau : 1 (unless refractory)
 *         v0 : 1
 *         """)
 *     .threshold("v > 1").reset("v = 0").refractory("5*ms").method("exact")
 *     .constant("tau", "10*ms")
 *     .build();
 * g.set("v0", "3*i/(N-1)");
 * SpikeMonitor spikes = new SpikeMonitor(g);
 * StateMonitor trace = new StateMonitor(g, "v", 0, 50, 99);
 * net.add(g, spikes, trace);
 * net.run("1*second");
 * spikes.count()[99];     // 111, as Brian2 2.5.1; spikes.total() is 5273
 * }</pre>
 *
 * <p>Inside the package a group exposes its variables' arrays by name ({@code array},
 * {@code booleanArray}), their descriptions ({@code variableInfo}) and scope, and every spike
 * source the spikes of the current step (a {@code SpikeBuffer}); a network object contributes
 * work to the schedule's slots through {@link io.liquid4j.spiking.NetworkObject}. Generated code
 * (neuron groups, synapses, connect calls) is compiled with Janino.
 */
package io.liquid4j.spiking;
