package io.liquid4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Files written by ncps 1.0.1 / PyTorch 1.13 users (safetensors.torch.save_file and numpy.save), in
 * src/test/resources/golden/ncps-files: they must all parse, with the shapes ncps gives its
 * parameters and values that match what Python reads from the same files.
 */
class GoldenNcpsFilesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void allElevenCasesArePresent() {
    assertEquals(11, GoldenFiles.cases().size(), GoldenFiles.cases().toString());
  }

  @Test
  void everyModelParsesAsFloat32WithPytorchMetadata() throws Exception {
    for (Path dir : GoldenFiles.cases()) {
      SafetensorsFile model = Safetensors.read(dir.resolve("model.safetensors"));
      assertEquals(Map.of("format", "pt"), model.metadata(), dir.toString());
      assertTrue(model.tensors().size() >= 6, dir.toString());
      for (Tensor t : model.tensors().values()) {
        assertEquals(DType.F32, t.dtype(), t.name());
        assertTrue(
            t.name().startsWith("rnn_cell.")
                || t.name().startsWith("lstm.")
                || t.name().startsWith("fc."),
            t.name());
      }
      // Re-encoding and reading back gives the same tensors (the byte layout differs: our writer
      // puts __metadata__ first, these files have it last).
      byte[] again = Safetensors.toBytes(model.tensorList(), model.metadata());
      assertEquals(model.tensors(), Safetensors.read(again, "again").tensors());
    }
  }

  @Test
  void ltcModelsHaveTheParametersNcpsRegisters() throws Exception {
    int ltcCases = 0;
    for (Path dir : GoldenFiles.cases()) {
      JsonNode config = JSON.readTree(Files.readString(dir.resolve("config.json")));
      if (!config.get("model").asString().equals("LTC")) {
        continue;
      }
      ltcCases++;
      int n = units(config);
      int s = config.get("input_size").intValue();
      SafetensorsFile model = Safetensors.read(dir.resolve("model.safetensors"));
      for (String name : List.of("gleak", "vleak", "cm")) {
        assertArrayEquals(
            new int[] {n}, model.require("rnn_cell." + name).shape(), dir + " " + name);
      }
      for (String name : List.of("sigma", "mu", "w", "erev", "sparsity_mask")) {
        assertArrayEquals(
            new int[] {n, n}, model.require("rnn_cell." + name).shape(), dir + " " + name);
      }
      for (String name :
          List.of(
              "sensory_sigma",
              "sensory_mu",
              "sensory_w",
              "sensory_erev",
              "sensory_sparsity_mask")) {
        assertArrayEquals(
            new int[] {s, n}, model.require("rnn_cell." + name).shape(), dir + " " + name);
      }
      assertArrayEquals(new int[] {s}, model.require("rnn_cell.input_w").shape());
      // ncps registers parameters in this order, and the file keeps it.
      List<String> names = List.copyOf(model.tensors().keySet());
      assertEquals(
          List.of("rnn_cell.gleak", "rnn_cell.vleak", "rnn_cell.cm", "rnn_cell.sigma"),
          names.subList(0, 4));
    }
    assertEquals(5, ltcCases);
  }

  @Test
  void arraysHaveShapesConsistentWithTheirNeighbours() throws Exception {
    for (Path dir : GoldenFiles.cases()) {
      JsonNode config = JSON.readTree(Files.readString(dir.resolve("config.json")));
      NpyArray input = Npy.read(dir.resolve("input.npy"));
      NpyArray output = Npy.read(dir.resolve("expected_output.npy"));
      NpyArray h = Npy.read(dir.resolve("expected_h.npy"));
      String where = dir.getFileName().toString();
      assertEquals("<f4", input.dtype(), where);
      assertEquals(3, input.rank(), where); // (B, L, S)
      int b = input.dim(0);
      int l = input.dim(1);
      assertEquals(config.get("input_size").intValue(), input.dim(2), where);
      int m = outputSize(config);
      boolean sequences =
          !config.has("return_sequences") || config.get("return_sequences").booleanValue();
      assertArrayEquals(sequences ? new int[] {b, l, m} : new int[] {b, m}, output.shape(), where);
      assertArrayEquals(new int[] {b, units(config)}, h.shape(), where);
      Path timespans = dir.resolve("timespans.npy");
      if (Files.exists(timespans)) {
        int[] shape = Npy.read(timespans).shape();
        assertTrue(shape.length == 3 ? shape[2] == 1 : shape.length == 2, where);
        assertEquals(b, shape[0], where);
        assertEquals(l, shape[1], where);
      }
    }
  }

  /**
   * Values read in Python (numpy 2.4.6: np.frombuffer on the safetensors buffer, np.load for .npy)
   * from the same files when this test was written; they also equal the corresponding entries of
   * shared/golden/ncps/&lt;case&gt;.json. Printed with numpy's shortest float32 repr, so the float
   * literals below are exactly the stored values.
   */
  static Stream<Arguments> pythonValues() {
    return Stream.of(
        Arguments.of(
            "cfc_default_backbone16x2_irregular",
            "rnn_cell.backbone.0.weight",
            new float[] {0.34967282f, 0.0061103264f, -0.39441764f},
            "rnn_cell.time_b.bias",
            0.12232658f,
            new float[] {-1.2113045f, 0.6303586f, -1.4713039f},
            new float[] {-0.60112834f, -0.7185948f, 0.7706921f}),
        Arguments.of(
            "cfc_no_gate",
            "rnn_cell.backbone.0.weight",
            new float[] {-0.26158103f, 0.41153562f, -0.02636662f},
            "rnn_cell.time_b.bias",
            -0.119893946f,
            new float[] {-0.8201345f, 0.39563116f, 0.8989085f},
            new float[] {0.49779767f, -0.24684608f, -0.73736227f}),
        Arguments.of(
            "cfc_proj2_mixed_memory",
            "rnn_cell.backbone.0.weight",
            new float[] {0.10975494f, -0.30900052f, 0.2320933f},
            "fc.bias",
            0.26545343f,
            new float[] {-0.817334f, -0.5555685f, -0.82668954f},
            new float[] {0.32425532f, -0.30250826f, 0.3766737f}),
        Arguments.of(
            "cfc_pure_irregular",
            "rnn_cell.w_tau",
            new float[] {0.39934877f, -0.1392422f, 0.6749809f},
            "rnn_cell.ff1.bias",
            0.113701575f,
            new float[] {-1.1892017f, 1.3932348f, 2.105898f},
            new float[] {0.5213358f, 0.22884737f, -0.046600774f}),
        Arguments.of(
            "cfc_random_wiring_last_output",
            "rnn_cell.layer_0.sparsity_mask",
            new float[] {1.0f, 1.0f, 1.0f},
            "rnn_cell.layer_0.time_b.bias",
            -0.00647156f,
            new float[] {-0.13201289f, -0.12543763f, 0.3443124f},
            new float[] {0.3021819f, -0.0087731965f, -0.022585765f}),
        Arguments.of(
            "cfc_wired_autoncp20_out3",
            "rnn_cell.layer_0.sparsity_mask",
            new float[] {0.0f, 0.0f, 1.0f},
            "rnn_cell.layer_2.time_b.bias",
            0.33101588f,
            new float[] {-1.0673947f, -0.71724534f, 1.0897193f},
            new float[] {-0.26829636f, -0.10267018f, 0.18449745f}),
        Arguments.of(
            "ltc_autoncp12_out2_mixed_memory",
            "rnn_cell.gleak",
            new float[] {0.005259257f, 0.1064638f, 0.28655663f},
            "lstm.recurrent_map.weight",
            0.053721145f,
            new float[] {-0.9414165f, 1.2632468f, -0.18376939f},
            new float[] {0.06716492f, -0.24777736f, -0.1958812f}),
        Arguments.of(
            "ltc_autoncp16_out1_in2",
            "rnn_cell.gleak",
            new float[] {0.75787395f, 0.28003156f, 0.40366617f},
            "rnn_cell.output_b",
            0.0f,
            new float[] {-1.0408012f, 0.91660416f, -1.3041904f},
            new float[] {0.11344071f, 0.11151617f, 0.11766501f}),
        Arguments.of(
            "ltc_fc6_clip_constraints",
            "rnn_cell.gleak",
            new float[] {0.560079f, 0.5595333f, 0.09236538f},
            "rnn_cell.output_b",
            0.0f,
            new float[] {1.8423299f, 0.51888716f, -1.7119213f},
            new float[] {0.26363635f, 0.66236013f, 0.9694941f}),
        Arguments.of(
            "ltc_fullyconnected8_in3_irregular",
            "rnn_cell.gleak",
            new float[] {0.61508036f, 0.38163182f, 0.6374772f},
            "rnn_cell.output_b",
            0.0f,
            new float[] {-0.076644294f, 0.35988152f, -0.7820168f},
            new float[] {0.8445953f, 0.013165301f, 0.036194865f}),
        Arguments.of(
            "ltc_ncp_explicit_unfolds3_linear_maps",
            "rnn_cell.gleak",
            new float[] {0.45862654f, 0.4833737f, 0.3131858f},
            "rnn_cell.output_w",
            1.0f,
            new float[] {-0.51079756f, 1.0282718f, -0.3531516f},
            new float[] {-0.2661064f, -0.022162067f, -0.29971418f}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythonValues")
  void valuesMatchWhatPythonReads(
      String name,
      String firstTensor,
      float[] firstValues,
      String lastTensor,
      float lastValue,
      float[] firstInputs,
      float[] lastOutputs)
      throws Exception {
    Path dir = GoldenFiles.root().resolve(name);
    SafetensorsFile model = Safetensors.read(dir.resolve("model.safetensors"));
    List<String> names = List.copyOf(model.tensors().keySet());
    assertEquals(firstTensor, names.get(0));
    assertEquals(lastTensor, names.get(names.size() - 1));
    Tensor first = model.require(firstTensor);
    for (int i = 0; i < firstValues.length; i++) {
      assertEquals((double) firstValues[i], first.get(i), firstTensor + "[" + i + "]");
    }
    Tensor last = model.require(lastTensor);
    assertEquals((double) lastValue, last.get(last.size() - 1), lastTensor + "[-1]");

    NpyArray input = Npy.read(dir.resolve("input.npy"));
    for (int i = 0; i < firstInputs.length; i++) {
      assertEquals((double) firstInputs[i], input.get(i), "input[" + i + "]");
    }
    NpyArray output = Npy.read(dir.resolve("expected_output.npy"));
    for (int i = 0; i < lastOutputs.length; i++) {
      int at = output.size() - lastOutputs.length + i;
      assertEquals((double) lastOutputs[i], output.get(at), "expected_output[" + at + "]");
    }
  }

  /** ncps's state size: "units" is a number or a wiring object with its own "units". */
  private static int units(JsonNode config) {
    JsonNode units = config.get("units");
    if (units.isObject()) {
      if (units.has("units")) {
        return units.get("units").intValue();
      }
      return units.get("inter_neurons").intValue()
          + units.get("command_neurons").intValue()
          + units.get("motor_neurons").intValue();
    }
    return units.intValue();
  }

  /** Output features: proj_size if set, else the wiring's motor neurons, else all units. */
  private static int outputSize(JsonNode config) {
    if (config.has("proj_size")) {
      return config.get("proj_size").intValue();
    }
    JsonNode units = config.get("units");
    if (units.isObject()) {
      for (String key : List.of("output_size", "output_dim", "motor_neurons")) {
        if (units.has(key)) {
          return units.get(key).intValue();
        }
      }
    }
    return units(config);
  }
}
