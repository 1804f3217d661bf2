package io.liquid4j.spiking.equations;

/** Implemented by the classes {@link CodeGenerationTest} compiles (public for Janino). */
public interface CompiledFunctions {
  double apply(int which, double x, double y, RandomSource random);
}
