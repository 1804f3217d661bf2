/**
 * Wirings: which neuron connects to which, with what sign. A port of ncps's {@code
 * ncps.wirings} that draws the same matrices as ncps for the same arguments, bit for bit.
 *
 * <p>A {@link io.liquid4j.wiring.WiringSpec} is an immutable recipe (FullyConnected,
 * RandomWiring, Ncp, AutoNcp, CustomWiring); {@code build(inputDim)} turns it into a {@link
 * io.liquid4j.wiring.Wiring}, the two polarity matrices a cell uses. A spec can be built any
 * number of times and for several input sizes (ncps's wiring objects are single-use, see ncps
 * issue #75): every build starts a fresh random stream from the spec's seed.
 *
 * <p><b>Neuron ids</b> follow ncps, motor neurons first, so a cell's output is the first M entries
 * of its state:
 *
 * <pre>
 *   id:    0 ........ M-1 | M ........ M+C-1 | M+C ........ N-1
 *   type:  motor          | command          | inter
 *   layer: 2              | 1                | 0
 * </pre>
 *
 * FullyConnected, Random and Custom wirings have one layer with every neuron; neurons below
 * {@code outputDim} are motor neurons and the rest inter neurons. Sensory inputs are not neurons;
 * they index the rows of the sensory matrix.
 *
 * <p><b>Matrices</b> are indexed {@code [source, target]}: the adjacency is (N, N) and the sensory
 * adjacency (S, N), entries −1 (inhibitory), 0 (none) or +1 (excitatory).
 *
 * <p><b>Random streams.</b> NCP and AutoNCP draw from numpy's legacy {@code RandomState}
 * (default seed 22222), FullyConnected and Random from {@code default_rng} (default seed 1111);
 * see {@link io.liquid4j.rng}.
 *
 * <p>Example, the wiring of ncps's {@code AutoNCP(16, 1)} for two inputs:
 *
 * <pre>{@code
 * WiringSpec spec = new AutoNcp(16, 1);        // 9 inter, 6 command, 1 motor neuron
 * Wiring wiring = spec.build(2);
 * wiring.synapseCount();                       // 39
 * wiring.typeOf(0);                            // MOTOR
 * Map<String, Object> config = spec.toConfig(); // {type=AutoNCP, units=16, output_size=1, ...}
 * WiringSpec same = WiringSpecs.fromConfig(config);
 * }</pre>
 */
package io.liquid4j.wiring;
