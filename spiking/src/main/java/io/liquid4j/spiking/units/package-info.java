/**
 * Physical units with Brian2's names: {@link io.liquid4j.spiking.units.Dimension} (exponents of
 * the seven SI base units), {@link io.liquid4j.spiking.units.Unit} (a name, a scale to SI and a
 * dimension), the registry {@link io.liquid4j.spiking.units.Units} ({@code volt}, {@code mV},
 * {@code nS}, {@code pF}, {@code ms}, {@code Hz} ... with every SI prefix) and
 * {@link io.liquid4j.spiking.units.Quantity} (a value in SI base units with its dimension).
 *
 * <p>Units exist only while equations are checked: every value the simulator stores is a double
 * in SI base units, so a membrane potential of −60 mV is −0.06.
 *
 * <pre>{@code
 * Quantity tau = Quantity.parse("10*ms");          // 0.01 second
 * Unit rate = Units.parse("mV/ms");                 // scale 1, dimension volt/second
 * double mv = Quantity.parse("-0.06*volt").in(Units.MV);   // -60.0
 * }</pre>
 */
package io.liquid4j.spiking.units;
