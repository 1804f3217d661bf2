/**
 * Recurrent cells written as their equations: {@link io.liquid4j.cell.LtcCell} (liquid
 * time-constant), {@link io.liquid4j.cell.CfcCell} and {@link io.liquid4j.cell.WiredCfcCell}
 * (closed-form continuous-time), {@link io.liquid4j.cell.CtrnnCell}, and the mixed-memory {@link
 * io.liquid4j.cell.LstmCell}.
 *
 * <p>Shape legend used throughout: B batch, S inputs (sensory neurons), N state (neurons), M outputs
 * (motor neurons), U backbone units, K ODE sub-steps. Arrays are flat and row-major; a comment
 * such as {@code (B, N)} gives the shape. Parameters live in one flat {@code double[]} described by
 * a {@link io.liquid4j.cell.ParameterLayout}, with ncps's state_dict names.
 */
package io.liquid4j.cell;
