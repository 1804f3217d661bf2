package io.liquid4j.io;

import static io.liquid4j.testing.Tensors.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.model.SequenceModel;
import io.liquid4j.model.SequenceOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Import of the files an ncps user hands over (state_dict safetensors + constructor JSON), and the
 * liquid4j model file: outputs match ncps within 1e-5 + 1e-3·|x|, save → load is bit-exact, and
 * broken files fail with a message naming the file and the problem.
 */
class NcpsImportTest {
  @TempDir Path tmp;

  static Stream<Path> cases() {
    return GoldenFiles.cases().stream();
  }

  /** Runs a case's input through a model; returns {outputs, final h}. */
  static SequenceOutput run(SequenceModel model, Path dir) throws IOException {
    NpyArray x = Npy.read(dir.resolve("input.npy"));
    Path tsPath = dir.resolve("timespans.npy");
    double[] ts = Files.exists(tsPath) ? Npy.read(tsPath).data() : null;
    return model.forward(x.data(), x.shape()[0], x.shape()[1], ts, null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void importedModelsReproduceNcps(Path dir) throws IOException {
    SequenceModel model =
        NcpsImport.load(dir.resolve("config.json"), dir.resolve("model.safetensors"));
    SequenceOutput y = run(model, dir);
    NpyArray expected = Npy.read(dir.resolve("expected_output.npy"));
    assertArrayEquals(expected.shape(), y.shape());
    assertClose(dir.getFileName() + " output", expected.data(), y.outputs(), 1e-5, 1e-3);
    assertClose(dir.getFileName() + " final h", Npy.read(dir.resolve("expected_h.npy")).data(),
        y.finalState().h(), 1e-5, 1e-3);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void savedModelsLoadBitIdentical(Path dir) throws IOException {
    SequenceModel model =
        NcpsImport.load(dir.resolve("config.json"), dir.resolve("model.safetensors"));
    Path file = tmp.resolve("m.safetensors");
    ModelFile.save(model, file, false);
    SequenceModel loaded = ModelFile.load(file);
    assertEquals(model.config(), loaded.config());
    assertArrayEquals(model.parameters(), loaded.parameters(), 0.0);
    SequenceOutput a = run(model, dir);
    SequenceOutput b = run(loaded, dir);
    assertArrayEquals(a.outputs(), b.outputs(), 0.0);
    assertArrayEquals(a.finalState().h(), b.finalState().h(), 0.0);
    // The file is a plain safetensors file with ncps's tensor names.
    SafetensorsFile raw = Safetensors.read(file);
    assertEquals(model.layout().entries().size(), raw.tensors().size());
    assertTrue(raw.tensors().keySet().stream().allMatch(k -> k.startsWith("rnn_cell.")
        || k.startsWith("lstm.") || k.startsWith("fc.")));
  }

  static Path golden(String name) {
    return GoldenFiles.root().resolve(name);
  }

  @Test
  void aModelFileIsNotOverwrittenWithoutPermission() throws IOException {
    Path dir = golden("cfc_no_gate");
    SequenceModel model =
        NcpsImport.load(dir.resolve("config.json"), dir.resolve("model.safetensors"));
    Path file = tmp.resolve("m.safetensors");
    ModelFile.save(model, file, false);
    assertThrows(java.nio.file.FileAlreadyExistsException.class,
        () -> ModelFile.save(model, file, false));
    ModelFile.save(model, file, true);
  }

  @Test
  void truncatedOrCorruptedModelFilesAreRejected() throws IOException {
    Path dir = golden("ltc_autoncp16_out1_in2");
    byte[] bytes = ModelFile.toBytes(
        NcpsImport.load(dir.resolve("config.json"), dir.resolve("model.safetensors")));
    for (int cut : new int[] {0, 5, 8, 100, bytes.length / 2, bytes.length - 1}) {
      Path f = tmp.resolve("cut" + cut);
      Files.write(f, Arrays.copyOf(bytes, cut));
      FileFormatException e = assertThrows(FileFormatException.class, () -> ModelFile.load(f));
      assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }
    // A NaN in a parameter: a model that would silently produce NaN is refused.
    SafetensorsFile file = Safetensors.read(bytes, "m");
    List<Tensor> tensors = new ArrayList<>();
    for (Tensor t : file.tensorList()) {
      double[] d = t.data();
      if (t.name().equals("rnn_cell.vleak")) {
        d[3] = Double.NaN;
      }
      tensors.add(new Tensor(t.name(), t.dtype(), t.shape(), d));
    }
    Path nan = tmp.resolve("nan.safetensors");
    Files.write(nan, Safetensors.toBytes(tensors, file.metadata()));
    FileFormatException e = assertThrows(FileFormatException.class, () -> ModelFile.load(nan));
    assertTrue(e.getMessage().contains("rnn_cell.vleak") && e.getMessage().contains("NaN"),
        e.getMessage());
    // A plain state_dict is not a model file, and the message says what to do.
    e = assertThrows(FileFormatException.class,
        () -> ModelFile.load(dir.resolve("model.safetensors")));
    assertTrue(e.getMessage().contains("import-ncps"), e.getMessage());
  }

  /** Writes the golden weights with one tensor changed by {@code edit} (null: removed). */
  Path weightsWith(String name, java.util.function.UnaryOperator<Tensor> edit) throws IOException {
    SafetensorsFile file = Safetensors.read(golden("ltc_autoncp16_out1_in2")
        .resolve("model.safetensors"));
    List<Tensor> tensors = new ArrayList<>();
    for (Tensor t : file.tensorList()) {
      Tensor changed = t.name().equals(name) ? edit.apply(t) : t;
      if (changed != null) {
        tensors.add(changed);
      }
    }
    Path out = tmp.resolve("w" + System.nanoTime() + ".safetensors");
    Files.write(out, Safetensors.toBytes(tensors, file.metadata()));
    return out;
  }

  Path config(String json) throws IOException {
    Path p = tmp.resolve("c" + System.nanoTime() + ".json");
    Files.writeString(p, json, StandardCharsets.UTF_8);
    return p;
  }

  static final String GOOD_CONFIG =
      "{\"model\": \"LTC\", \"input_size\": 2, \"units\": {\"type\": \"AutoNCP\", \"units\": 16,"
          + " \"output_size\": 1}}";

  @Test
  void importErrorsNameTheFileAndTheKey() throws IOException {
    Path weights = golden("ltc_autoncp16_out1_in2").resolve("model.safetensors");
    FileFormatException e;
    e = assertThrows(FileFormatException.class, () -> NcpsImport.load(
        config(GOOD_CONFIG.replace("}}", "}, \"ode_unfold\": 3}")), weights));
    assertTrue(e.getMessage().contains("unknown key 'ode_unfold'"), e.getMessage());

    Path broken = config("{\"model\": \"LTC\",\n  \"input_size\": 2,,\n}");
    e = assertThrows(FileFormatException.class, () -> NcpsImport.load(broken, weights));
    assertTrue(e.getMessage().startsWith(broken.toString()) && e.getMessage().contains("line 2"),
        e.getMessage());

    e = assertThrows(FileFormatException.class, () -> NcpsImport.load(config(GOOD_CONFIG),
        weightsWith("rnn_cell.sigma", t -> null)));
    assertTrue(e.getMessage().contains("missing tensor 'rnn_cell.sigma'"), e.getMessage());

    e = assertThrows(FileFormatException.class, () -> NcpsImport.load(config(GOOD_CONFIG),
        weightsWith("rnn_cell.gleak", t -> new Tensor(t.name(), t.dtype(), new int[] {4, 4},
            t.data()))));
    assertTrue(e.getMessage().contains("'rnn_cell.gleak' has shape [4, 4], expected [16]"),
        e.getMessage());

    e = assertThrows(FileFormatException.class, () -> NcpsImport.load(config(GOOD_CONFIG),
        weightsWith("rnn_cell.cm", t -> t.withName("rnn_cell.capacitance"))));
    assertTrue(e.getMessage().contains("unexpected tensor 'rnn_cell.capacitance'"),
        e.getMessage());

    // Another seed builds another wiring: the sparsity masks in the state_dict disagree.
    e = assertThrows(FileFormatException.class, () -> NcpsImport.load(
        config(GOOD_CONFIG.replace("\"output_size\": 1", "\"output_size\": 1, \"seed\": 5")),
        weights));
    assertTrue(e.getMessage().contains("sparsity_mask") && e.getMessage().contains("wiring"),
        e.getMessage());

    // A different input size than the weights were trained with.
    e = assertThrows(FileFormatException.class, () -> NcpsImport.load(
        config(GOOD_CONFIG.replace("\"input_size\": 2", "\"input_size\": 3")), weights));
    assertTrue(e.getMessage().contains("shape"), e.getMessage());

    e = assertThrows(FileFormatException.class, () -> NcpsImport.load(
        config("[1, 2]"), weights));
    assertTrue(e.getMessage().contains("JSON object"), e.getMessage());

    assertThrows(java.nio.file.NoSuchFileException.class,
        () -> NcpsImport.load(tmp.resolve("absent.json"), weights));
  }
}
