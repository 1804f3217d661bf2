/**
 * Kernels on the incubating Java Vector API. Put this module on the class path and start the JVM
 * with {@code --add-modules jdk.incubator.vector} (the {@code liquid4j} launcher does both); core's
 * {@link io.liquid4j.cell.Kernels} then uses them in place of its scalar loops.
 */
package io.liquid4j.vector;
