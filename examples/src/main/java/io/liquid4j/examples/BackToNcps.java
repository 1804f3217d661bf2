package io.liquid4j.examples;

import io.liquid4j.io.DType;
import io.liquid4j.io.NcpsExport;
import io.liquid4j.io.NcpsImport;
import io.liquid4j.io.Safetensors;
import io.liquid4j.model.SequenceModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A model handed back to an ncps user: the shipped ncps model (examples/ltc-autoncp16) is
 * exported as ncps's state_dict and constructor arguments, and importing the export gives the
 * same parameters bit for bit, under the tensor names ncps wrote.
 */
public class BackToNcps {
  public static void main(String[] args) throws IOException {
    Path ncps = Path.of("examples", "ltc-autoncp16");
    Path out = Files.createDirectories(Path.of("liquid4j-out", "back-to-ncps"));
    Path model = ncps.resolve("model.safetensors");       // a liquid4j model file

    NcpsExport.Result r = NcpsExport.write(model, out.resolve("for-ncps"),
        DType.F32, false);                 // false: refuse to replace existing files
    r.warnings().forEach(System.err::println);

    SequenceModel original = NcpsImport.load(ncps.resolve("config.json"),
        ncps.resolve("ncps-state-dict.safetensors"));
    SequenceModel back = NcpsImport.load(r.config(), r.weights());
    System.out.println("wrote " + r.weights().getFileName() + " and " + r.config().getFileName());
    System.out.println("parameters equal after the round trip: "
        + Arrays.equals(original.parameters(), back.parameters()));
    System.out.println("tensor names as ncps wrote them: " + Safetensors.read(r.weights())
        .tensors().keySet().equals(Safetensors.read(ncps.resolve("ncps-state-dict.safetensors"))
            .tensors().keySet()));
  }
}
