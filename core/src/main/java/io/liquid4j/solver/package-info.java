/**
 * ODE solvers for one step of a continuous-time cell: explicit Euler, classic RK4 and adaptive
 * Dormand–Prince 5(4). The LTC cell's default, ncps's fused semi-implicit solver, lives in the cell
 * itself because it relies on the LTC's structure (see {@link io.liquid4j.cell.LtcCell}).
 */
package io.liquid4j.solver;
