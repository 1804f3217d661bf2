package io.liquid4j.examples;

import io.liquid4j.io.ModelFile;
import io.liquid4j.io.NcpsImport;
import io.liquid4j.io.Npy;
import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.ModelState;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.model.SequenceOutput;
import io.liquid4j.model.StreamingSession;
import io.liquid4j.wiring.AutoNcp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

public class QuickStart {
  public static void main(String[] args) throws IOException {
    // An LTC with 16 neurons wired as a Neural Circuit Policy, 2 inputs, 1 output (ncps defaults).
    ModelConfig config = ModelConfig.ltc(2, new AutoNcp(16, 1)).build();
    SequenceModel model = SequenceModel.create(config, 42);      // the seed fixes the weights

    // A batch of B = 3 sequences of L = 8 steps with S = 2 features, flat row-major (B, L, S),
    // and the elapsed time Δt of every step, (B, L); pass null for Δt = 1.
    int batch = 3, length = 8;
    double[] x = new double[batch * length * 2];
    double[] timespans = new double[batch * length];
    for (int i = 0; i < batch * length; i++) {
      x[2 * i] = Math.sin(0.4 * i);
      x[2 * i + 1] = Math.cos(0.3 * i);
      timespans[i] = 0.5 + 0.25 * (i % 3);                        // irregular sampling
    }
    SequenceOutput y = model.forward(x, batch, length, timespans, null);
    double[] outputs = y.outputs();                                // (B, L, 1)
    ModelState last = y.finalState();                              // h (B, N); c with mixed memory
    System.out.println("outputs " + Arrays.toString(y.shape()) + ", last of sequence 0: "
        + outputs[length - 1] + "; final state " + last.h().length + " values");

    // Online inference: one observation at a time, each with its own Δt.
    StreamingSession session = model.newSession();
    double[] out = session.step(new double[] {0.3, -1.2}, 0.25);
    ModelState saved = session.state();
    session.reset();
    session.restore(saved);
    System.out.println("streamed output " + Arrays.toString(out));

    // Save and load (bit-identical). The last argument of save is `overwrite`: true replaces an
    // existing file, false throws FileAlreadyExistsException instead.
    Path dir = Files.createDirectories(Path.of("liquid4j-out", "quick-start"));
    ModelFile.save(model, dir.resolve("model.safetensors"), true);
    SequenceModel same = ModelFile.load(dir.resolve("model.safetensors"));
    System.out.println("loaded parameters equal: "
        + Arrays.equals(same.parameters(), model.parameters()));

    // Import what an ncps user has: the constructor's arguments and the state_dict
    // (examples/ltc-autoncp16 in the repository), and compare with ncps's own outputs.
    Path ncps = Path.of("examples", "ltc-autoncp16");
    SequenceModel fromNcps = NcpsImport.load(ncps.resolve("config.json"),
        ncps.resolve("ncps-state-dict.safetensors"));
    double[] input = Npy.read(ncps.resolve("input.npy")).data();           // (3, 8, 2)
    double[] expected = Npy.read(ncps.resolve("expected_output.npy")).data();
    double[] ours = fromNcps.forward(input, 3, 8, null, null).outputs();
    double largest = 0;
    for (int i = 0; i < ours.length; i++) {
      largest = Math.max(largest, Math.abs(ours[i] - expected[i]));
    }
    System.out.println("largest difference to ncps: " + largest);
  }
}
