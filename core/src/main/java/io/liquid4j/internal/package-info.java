/**
 * Helpers shared by several packages of liquid4j's core: argument checks that read the same
 * everywhere ({@link io.liquid4j.internal.ArgumentChecks}) and running tasks on a pool of worker
 * threads ({@link io.liquid4j.internal.Parallel}).
 *
 * <p><b>Not part of liquid4j's API.</b> The classes are public only because Java has no other way
 * to share them between packages without modules; they may change or disappear in any release.
 * Use them through the public types that call them.
 */
package io.liquid4j.internal;
