/**
 * Benchmark tasks for reservoir computing: the series generators and scores that ReservoirPy's
 * {@code datasets} and {@code observables} modules provide, in plain Java over {@code double[]}.
 *
 * <ul>
 *   <li>{@link io.liquid4j.reservoir.task.MackeyGlass}: the Mackey–Glass delay equation, stepped
 *       exactly as ReservoirPy's {@code mackey_glass} (same seed, same series).
 *   <li>{@link io.liquid4j.reservoir.task.Narma}: NARMA-10 and NARMA of any order, returning the
 *       inputs and outputs as a {@link io.liquid4j.reservoir.task.NarmaSeries}.
 *   <li>{@link io.liquid4j.reservoir.task.Lorenz}: the Lorenz attractor, fixed-step RK4.
 *   <li>{@link io.liquid4j.reservoir.task.Series}: min–max rescaling, forecasting pairs ({@link
 *       io.liquid4j.reservoir.task.ForecastPairs}), columns of row-major arrays.
 *   <li>{@link io.liquid4j.reservoir.task.Metrics}: MSE, RMSE, NRMSE (by range or by standard
 *       deviation) and R², pooled or per output.
 * </ul>
 *
 * <p>Seeds are those of numpy's {@code np.random.default_rng(seed)}, reproduced by {@link
 * io.liquid4j.rng.NumpyGenerator}, so a seed here draws the same numbers as in the Python
 * reference. Multi-dimensional series are row-major T×d {@code double[]} arrays.
 *
 * <p>Example, the one-step-ahead Mackey–Glass task of ReservoirPy's tutorial:
 *
 * <pre>{@code
 * double[] mg = Series.minMaxScale(MackeyGlass.generate(2510, 5555), -1, 1);
 * ForecastPairs pairs = Series.toForecasting(mg, 1);
 * // ... train a reservoir on pairs.inputs() -> pairs.targets(), then
 * double score = Metrics.nrmse(yTest, yPredicted);
 * }</pre>
 */
package io.liquid4j.reservoir.task;
