package io.liquid4j.examples;

import io.liquid4j.wiring.AutoNcp;
import io.liquid4j.wiring.Wiring;
import java.util.Arrays;

public class Wirings {
  public static void main(String[] args) {
    Wiring w = new AutoNcp(16, 1).build(2);     // the matrices of ncps's AutoNCP(16, 1), 2 inputs
    int synapses = w.synapseCount();            // 39
    int polarity = w.synapse(7, 2);             // -1, 0 or +1, as ncps's adjacency_matrix[7, 2]
    int[] inter = w.neuronsOfLayer(0);          // inter neurons; layer 1 command, layer 2 motor
    System.out.println(synapses + " synapses; 7 -> 2: " + polarity
        + "; inter neurons " + Arrays.toString(inter));
  }
}
