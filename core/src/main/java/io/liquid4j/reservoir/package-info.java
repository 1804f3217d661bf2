/**
 * Reservoir computing: echo state networks and readouts, after ReservoirPy 0.4.
 *
 * <p>A {@link io.liquid4j.reservoir.Reservoir} is a fixed random recurrent layer (W sparse and
 * rescaled to a spectral radius, W_in, bias, optional output feedback, per-unit leak rates); a
 * {@link io.liquid4j.reservoir.ReservoirSession} runs it and keeps its state. Readouts map states
 * to outputs: {@link io.liquid4j.reservoir.Ridge} offline (ReservoirPy's centred ridge), {@link
 * io.liquid4j.reservoir.Rls} (FORCE) and {@link io.liquid4j.reservoir.Lms} online, one step at a
 * time. Readouts take states from any liquid: a reservoir, a trained model's neurons ({@link
 * io.liquid4j.reservoir.ModelLiquid}) or a spiking liquid. {@link
 * io.liquid4j.reservoir.ClosedLoop} generates by feeding predictions back; {@link
 * io.liquid4j.reservoir.MemoryCapacity} measures short-term memory; tasks and metrics are in
 * {@code io.liquid4j.reservoir.task}.
 *
 * <pre>{@code
 * double[] series = Series.minMaxScale(MackeyGlass.generate(10_000, 42), -1, 1);
 * ForecastPairs pairs = Series.toForecasting(series, 10);
 * Reservoir reservoir = Reservoir.builder(1000).leak(0.3).spectralRadius(1.25)
 *     .inputConnectivity(0.2).seed(1234).build(1);
 * ReservoirSession session = reservoir.newSession();
 * double[] train = session.run(pairs.inputs(), 8000);
 * Readout readout = new Ridge(1000, 1, 1e-8).add(train, pairs.targets(), 8000, 100).fit();
 * }</pre>
 */
package io.liquid4j.reservoir;
