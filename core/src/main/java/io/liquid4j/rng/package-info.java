/**
 * Bit-exact Java replicas of the numpy random streams that ncps uses to draw its wirings.
 *
 * <p>ncps draws every synapse with numpy, and two different numpy generators are involved:
 *
 * <table>
 *   <caption>Which wiring uses which numpy stream</caption>
 *   <tr><th>numpy call</th><th>Java class</th><th>used by</th></tr>
 *   <tr><td>{@code np.random.RandomState(seed)} (legacy MT19937)</td>
 *       <td>{@link io.liquid4j.rng.NumpyRandomState}</td><td>NCP, AutoNCP</td></tr>
 *   <tr><td>{@code np.random.default_rng(seed)} (SeedSequence + PCG64)</td>
 *       <td>{@link io.liquid4j.rng.NumpyGenerator}</td><td>FullyConnected, Random</td></tr>
 * </table>
 *
 * <p>Only the sampling primitives ncps needs are replicated ({@code choice} with and without
 * replacement, bounded integers, uniform doubles), and each one consumes exactly the raw words
 * numpy consumes, so a stream stays in step with numpy after any sequence of calls. The classes are
 * not thread-safe and not meant as general-purpose generators: use {@link
 * java.util.random.RandomGenerator} for that.
 *
 * <p>Example: the first draw of {@code np.random.RandomState(22222).choice([-1, 1])}:
 *
 * <pre>{@code
 * int polarity = new NumpyRandomState(22222).choice(new int[] {-1, 1});
 * }</pre>
 */
package io.liquid4j.rng;
