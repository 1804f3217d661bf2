package io.liquid4j.model;

import static io.liquid4j.model.SequenceModelTest.assertMessage;

import io.liquid4j.wiring.NeuronType;
import io.liquid4j.wiring.Wiring;
import org.junit.jupiter.api.Test;

/** Bad arguments to the public value types: Wiring, ModelState, parameters of a model. */
class ValueTypesTest {
  static final NeuronType[] TWO = {NeuronType.MOTOR, NeuronType.INTER};

  @Test
  void wiringRejectsInconsistentMatrices() {
    int[][] layers = {{0, 1}};
    assertMessage(() -> new Wiring(null, 0, 1, 1, new byte[0], new byte[0], layers, TWO),
        "units", "0");
    assertMessage(() -> new Wiring(null, 2, 0, 1, new byte[4], new byte[0], layers, TWO),
        "input size", "0");
    assertMessage(() -> new Wiring(null, 2, 1, 3, new byte[4], new byte[2], layers, TWO),
        "output size", "1..2", "3");
    assertMessage(() -> new Wiring(null, 2, 1, 1, new byte[3], new byte[2], layers, TWO),
        "adjacency", "2x2", "3");
    assertMessage(() -> new Wiring(null, 2, 1, 1, new byte[4], new byte[3], layers, TWO),
        "sensory adjacency", "1x2", "3");
    assertMessage(() -> new Wiring(null, 2, 1, 1, new byte[] {0, 2, 0, 0}, new byte[2], layers,
        TWO), "adjacency [0, 1]", "2");
    assertMessage(() -> new Wiring(null, 2, 1, 1, new byte[4], new byte[2], new int[][] {{0}},
        TWO), "neuron 1", "no layer");
    assertMessage(() -> new Wiring(null, 2, 1, 1, new byte[4], new byte[2],
        new int[][] {{0, 1}, {1}}, TWO), "layer 1", "neuron 1");
    Wiring ok = new Wiring(null, 2, 1, 1, new byte[4], new byte[2], layers, TWO);
    assertMessage(() -> ok.neuronsOfLayer(1), "layer", "0..0", "1");
    assertMessage(() -> ok.typeOf(2), "neuron", "0..1", "2");
  }

  @Test
  void modelStateChecksShapes() {
    assertMessage(() -> new ModelState(0, 3, new double[0], null), "state shape", "(0, 3)");
    assertMessage(() -> new ModelState(2, 3, new double[5], null), "state h", "(2, 3)", "5");
    assertMessage(() -> new ModelState(2, 3, null, null), "state h", "none");
    assertMessage(() -> new ModelState(2, 3, new double[6], new double[2]), "memory c",
        "(2, 3)", "2");
    assertMessage(() -> ModelState.zeros(2, 3, false).sample(2), "sample", "0..1", "2");
  }

  @Test
  void parametersMustFitTheLayoutAndBeFinite() {
    ModelConfig config = ModelConfig.cfc(2, 3).backbone(4, 1, 0).build();
    SequenceModel model = SequenceModel.create(config, 1);
    assertMessage(() -> SequenceModel.withParameters(config, new double[3]), "parameters",
        String.valueOf(model.layout().size()), "3");
    double[] p = model.parameters();
    p[p.length - 1] = Double.POSITIVE_INFINITY;
    assertMessage(() -> model.withParameters(p), "rnn_cell.time_b.bias", "Infinity");
    assertMessage(() -> model.parameter("rnn_cell.ff3.weight"), "ff3");
  }
}
