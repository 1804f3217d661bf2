package io.liquid4j.spiking;

import io.liquid4j.spiking.equations.Functions;
import io.liquid4j.spiking.equations.UserFunction;
import io.liquid4j.spiking.units.Dimension;
import io.liquid4j.spiking.units.Quantity;
import io.liquid4j.spiking.units.Unit;
import io.liquid4j.spiking.units.Units;
import java.util.List;

/**
 * Values sampled every {@code dt}, callable from equations as a function of time, as Brian2's
 * {@code TimedArray}: {@code stim(t)} is the value of the interval holding t (the first value
 * before the start, the last after the end). A two-dimensional array, one column per neuron, is
 * called as {@code stim(t, i)}. Values are immutable SI doubles.
 *
 * <pre>{@code
 * TimedArray stim = TimedArray.of(new double[] {0, 0.5, 1, 0.5}, "nA", "25*ms");
 * NeuronGroup g = NeuronGroup.builder(1, "dv/dt = (R*stim(t) - v)/tau : volt")
 *     .function("stim", stim).constant("R", "10*Mohm").constant("tau", "10*ms").build();
 * stim.at(0.03);      // 5e-10 (amp)
 * }</pre>
 *
 * <p>Like Brian2, a time is turned into an index by {@code timestep(t, dt)} (a time within a
 * thousandth of a step below a boundary counts as on it), so that the values change exactly at
 * multiples of dt when dt is a multiple of the simulation's step.
 */
public final class TimedArray {
  private final double[] values;
  private final int rows;
  private final int columns;
  private final Dimension dimension;
  private final double dt;
  private final boolean twoDimensional;

  private TimedArray(double[] values, int rows, int columns, Dimension dimension, double dt,
      boolean twoDimensional) {
    if (rows < 1 || columns < 1) {
      throw new IllegalArgumentException("timed array: expected at least one value, found none");
    }
    if (!(dt > 0) || Double.isInfinite(dt)) {
      throw new IllegalArgumentException("timed array: expected a positive dt, found " + dt
          + " second");
    }
    this.values = values;
    this.rows = rows;
    this.columns = columns;
    this.dimension = dimension;
    this.dt = dt;
    this.twoDimensional = twoDimensional;
  }

  /**
   * One value per time step, in SI units of {@code dimension}.
   *
   * @param values one value per step, SI. Copied.
   * @param dimension the values' dimension
   * @param dt the time between values
   */
  public TimedArray(double[] values, Dimension dimension, Quantity dt) {
    this(values == null ? new double[0] : values.clone(), values == null ? 0 : values.length, 1,
        dimension, checkDt(dt), false);
  }

  /**
   * {@code values} in {@code unit} ("nA", "1" for none), one every {@code dt} ("1*ms").
   *
   * @param values one value per step, in {@code unit}
   * @param unit the values' unit
   * @param dt a time expression
   * @return a new array
   */
  public static TimedArray of(double[] values, String unit, String dt) {
    Unit u = unit(unit);
    double[] si = values == null ? null : new double[values.length];
    for (int k = 0; si != null && k < si.length; k++) {
      si[k] = values[k] * u.scale();
    }
    return new TimedArray(si, u.dimension(), Quantity.parse(dt));
  }

  /**
   * {@code values[step][neuron]} in {@code unit}, one row every {@code dt}: called as
   * {@code stim(t, i)}.
   *
   * @param values one row per step, one column per neuron, in {@code unit}
   * @param unit the values' unit
   * @param dt a time expression
   * @return a new array
   */
  public static TimedArray of(double[][] values, String unit, String dt) {
    Unit u = unit(unit);
    if (values == null || values.length == 0 || values[0].length == 0) {
      throw new IllegalArgumentException("timed array: expected at least one value, found none");
    }
    int columns = values[0].length;
    double[] si = new double[values.length * columns];
    for (int r = 0; r < values.length; r++) {
      if (values[r].length != columns) {
        throw new IllegalArgumentException("timed array: expected rows of " + columns
            + " values, found " + values[r].length + " in row " + r);
      }
      for (int c = 0; c < columns; c++) {
        si[r * columns + c] = values[r][c] * u.scale();
      }
    }
    return new TimedArray(si, values.length, columns, u.dimension(), checkDt(Quantity.parse(dt)),
        true);
  }

  private static Unit unit(String unit) {
    return unit == null || unit.equals("1") ? Units.ONE : Units.parse(unit);
  }

  private static double checkDt(Quantity dt) {
    if (!dt.dimension().equals(Dimension.TIME)) {
      throw new IllegalArgumentException("timed array: expected dt in second, found " + dt);
    }
    return dt.value();
  }

  /**
   * The value at time {@code t} (seconds) of a one-dimensional array.
   *
   * @param t the time, in seconds
   * @return the value of the step holding {@code t} (the first or last step outside the array), SI
   */
  public double at(double t) {
    return values[row(t) * columns];
  }

  /**
   * The value at time {@code t} for column {@code i} of a two-dimensional array.
   *
   * @param t the time, in seconds
   * @param i the column, in [0, {@link #columns()}), truncated to an integer
   * @return the value of the step holding {@code t} (the first or last step outside the array) in
   *     column {@code i}, SI
   * @throws IndexOutOfBoundsException if the column is outside the array
   */
  public double at(double t, double i) {
    int c = (int) i;
    if (c < 0 || c >= columns) {
      throw new IndexOutOfBoundsException("timed array: column " + c + " of " + columns);
    }
    return values[row(t) * columns + c];
  }

  private int row(double t) {
    long step = Functions.timestep(t, dt);
    return (int) Math.max(0, Math.min(rows - 1, step));
  }

  /**
   * The dimension of the values.
   *
   * @return the dimension
   */
  public Dimension dimension() {
    return dimension;
  }

  /**
   * The time between values.
   *
   * @return dt
   */
  public Quantity dt() {
    return new Quantity(dt, Dimension.TIME);
  }

  /**
   * The number of time steps (rows).
   *
   * @return the number of rows
   */
  public int length() {
    return rows;
  }

  /**
   * 1 for an array called as {@code f(t)}, the number of columns for {@code f(t, i)}.
   *
   * @return the number of columns
   */
  public int columns() {
    return columns;
  }

  /** True if called as {@code f(t, i)}. */
  boolean twoDimensional() {
    return twoDimensional;
  }

  UserFunction signature(String name) {
    return twoDimensional()
        ? new UserFunction(name, List.of(Dimension.TIME, Dimension.DIMENSIONLESS), dimension)
        : new UserFunction(name, List.of(Dimension.TIME), dimension);
  }

  @Override
  public String toString() {
    return "TimedArray (" + rows + (columns > 1 ? " × " + columns : "") + " values in "
        + dimension + ", dt " + dt + " second)";
  }
}
