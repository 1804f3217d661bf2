package io.liquid4j.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Structural promises of NCP wirings, checked on random valid arguments (one seeded
 * SplittableRandom per case, so a failure names the seed that reproduces it).
 */
class NcpPropertyTest {

  static LongStream seeds() {
    return LongStream.range(0, 60);
  }

  @ParameterizedTest(name = "NCP args from seed {0}")
  @MethodSource("seeds")
  void ncpKeepsItsStructuralPromises(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int inter = r.nextInt(1, 25);
    int command = r.nextInt(1, 25);
    int motor = r.nextInt(1, 12);
    Ncp spec =
        new Ncp(
            inter,
            command,
            motor,
            r.nextInt(0, inter + 1),
            r.nextInt(0, command + 1),
            r.nextInt(0, 2 * command + 1),
            r.nextInt(0, command + 1),
            r.nextLong(0, 1L << 32));
    checkStructure(spec, spec.build(r.nextInt(1, 12)), spec.toString());
  }

  @ParameterizedTest(name = "AutoNCP args from seed {0}")
  @MethodSource("seeds")
  void autoNcpKeepsItsStructuralPromises(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int units = r.nextInt(4, 80);
    int output = r.nextInt(1, units - 2);
    double sparsity = 0.1 + 0.9 * r.nextDouble();
    AutoNcp spec = new AutoNcp(units, output, sparsity, r.nextLong(0, 1L << 32));
    Ncp ncp = spec.toNcp();
    assertEquals(units, ncp.units(), spec.toString());
    assertEquals(output, ncp.motorNeurons(), spec.toString());
    Wiring w = spec.build(r.nextInt(1, 12));
    assertEquals(ncp.build(w.inputDim()), w, "AutoNCP must build exactly its NCP: " + spec);
    checkStructure(ncp, w, spec.toString());
  }

  private static void checkStructure(Ncp spec, Wiring w, String label) {
    int m = spec.motorNeurons();
    int c = spec.commandNeurons();
    int n = spec.units();
    assertEquals(n, w.units(), label);
    assertEquals(m, w.outputDim(), label);
    for (int dst = 0; dst < n; dst++) {
      NeuronType dstType = w.typeOf(dst);
      int sensorySources = 0;
      for (int s = 0; s < w.inputDim(); s++) {
        int p = w.sensorySynapse(s, dst);
        assertPolarity(p, label);
        if (p != 0) {
          sensorySources++;
        }
      }
      int interSources = 0;
      int commandSources = 0;
      for (int src = 0; src < n; src++) {
        int p = w.synapse(src, dst);
        assertPolarity(p, label);
        if (p == 0) {
          continue;
        }
        NeuronType srcType = w.typeOf(src);
        boolean allowed =
            (srcType == NeuronType.INTER && dstType == NeuronType.COMMAND)
                || (srcType == NeuronType.COMMAND && dstType != NeuronType.INTER);
        assertTrue(allowed, label + ": unexpected synapse " + srcType + " " + src + " -> "
            + dstType + " " + dst);
        interSources += srcType == NeuronType.INTER ? 1 : 0;
        commandSources += srcType == NeuronType.COMMAND ? 1 : 0;
      }
      switch (dstType) {
        case INTER -> assertTrue(sensorySources >= 1, label + ": inter " + dst + " unreached");
        case COMMAND -> assertTrue(interSources >= 1, label + ": command " + dst + " unreached");
        case MOTOR ->
            assertTrue(
                commandSources >= spec.motorFanin(),
                label + ": motor " + dst + " has " + commandSources + " command sources");
      }
      if (dstType != NeuronType.INTER) {
        assertEquals(0, sensorySources, label + ": input reaches non-inter neuron " + dst);
      }
    }
    // Every command neuron drives at least one motor neuron, and every input and inter neuron
    // has at least its fanout of targets.
    for (int src = m; src < m + c; src++) {
      int motorTargets = 0;
      for (int dst = 0; dst < m; dst++) {
        motorTargets += w.synapse(src, dst) != 0 ? 1 : 0;
      }
      assertTrue(motorTargets >= 1, label + ": command " + src + " drives no motor neuron");
    }
    for (int s = 0; s < w.inputDim(); s++) {
      int targets = 0;
      for (int dst = 0; dst < n; dst++) {
        targets += w.sensorySynapse(s, dst) != 0 ? 1 : 0;
      }
      assertTrue(targets >= spec.sensoryFanout(), label + ": input " + s + " has " + targets);
    }
    for (int src = m + c; src < n; src++) {
      int targets = 0;
      for (int dst = 0; dst < n; dst++) {
        targets += w.synapse(src, dst) != 0 ? 1 : 0;
      }
      assertTrue(targets >= spec.interFanout(), label + ": inter " + src + " has " + targets);
    }
  }

  private static void assertPolarity(int p, String label) {
    assertTrue(p == -1 || p == 0 || p == 1, label + ": polarity " + p);
  }
}
