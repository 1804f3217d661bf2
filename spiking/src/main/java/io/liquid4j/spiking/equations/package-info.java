/**
 * Brian2's model language and what the simulator makes of it: parsing ({@link
 * io.liquid4j.spiking.equations.Equations}, {@link io.liquid4j.spiking.equations.Expressions},
 * {@link io.liquid4j.spiking.equations.Statements} into {@link
 * io.liquid4j.spiking.equations.Expr} trees), checking dimensions and types ({@link
 * io.liquid4j.spiking.equations.TypeChecker} against a {@link
 * io.liquid4j.spiking.equations.Scope}), integration ({@link
 * io.liquid4j.spiking.equations.StateUpdaters}: exact, exponential_euler, euler, rk2, rk4, heun),
 * and Java code generation ({@link io.liquid4j.spiking.equations.JavaTranslator} with a pluggable
 * resolver, {@link io.liquid4j.spiking.equations.LoopInvariants}, {@link
 * io.liquid4j.spiking.equations.KernelCompiler} on Janino). The {@link
 * io.liquid4j.spiking.equations.Evaluator} interprets the same trees, for what runs once.
 *
 * <p>Nothing here knows about neuron groups: a group (and later Synapses) supplies a scope that
 * says what each name is and a resolver that says where it lives in generated code.
 *
 * <pre>{@code
 * Equations eqs = Equations.parse("dv/dt = (v0 - v)/tau : 1 (unless refractory)\nv0 : 1");
 * StateUpdate step = StateUpdaters.generate("exact", eqs, scope, true);
 * // _inf_v = v0
 * // _new_v = _inf_v + (v - _inf_v)*exp(-dt/tau)
 * // v = where(not_refractory, _new_v, v)
 * String java = JavaTranslator.asDouble(step.statements().get(1).value(), resolver);
 * }</pre>
 *
 * <p>Errors a user can cause are {@link java.lang.IllegalArgumentException}s whose message
 * names the text (which equation, threshold or reset), its line and column, and the problem.
 */
package io.liquid4j.spiking.equations;
