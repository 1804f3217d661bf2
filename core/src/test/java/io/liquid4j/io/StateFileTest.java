package io.liquid4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.ModelState;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.model.StreamingSession;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stream stopped in one process and resumed in another gives the same outputs. */
class StateFileTest {
  @TempDir Path tmp;

  @Test
  void aSessionResumedFromDiskContinuesExactly() throws IOException {
    SequenceModel model =
        SequenceModel.create(ModelConfig.cfc(2, 6).mixedMemory(true).build(), 4);
    StreamingSession live = model.newSession();
    live.step(new double[] {0.1, 0.2}, 0.5);
    live.step(new double[] {-0.3, 1.0}, 1.5);
    Path file = tmp.resolve("state.safetensors");
    StateFile.save(live.state(), file, false);
    assertThrows(FileAlreadyExistsException.class, () -> StateFile.save(live.state(), file, false));

    StreamingSession resumed = model.newSession();
    resumed.restore(StateFile.load(file));
    double[] expected = live.step(new double[] {0.7, -0.7}, 0.2);
    double[] actual = resumed.step(new double[] {0.7, -0.7}, 0.2);
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, 0.0);
  }

  @Test
  void badStateFilesAreRejected() throws IOException {
    Path notState = tmp.resolve("m.safetensors");
    Safetensors.write(notState, List.of(Tensor.f64("h", new int[] {1, 2}, new double[2])),
        Map.of("format", "pt"), false);
    FileFormatException e = assertThrows(FileFormatException.class, () -> StateFile.load(notState));
    assertTrue(e.getMessage().contains("not a liquid4j state file"), e.getMessage());

    Path mismatched = tmp.resolve("s.safetensors");
    Safetensors.write(mismatched, List.of(Tensor.f64("h", new int[] {1, 2}, new double[2]),
        Tensor.f64("c", new int[] {1, 3}, new double[3])), Map.of("format", StateFile.FORMAT),
        false);
    e = assertThrows(FileFormatException.class, () -> StateFile.load(mismatched));
    assertTrue(e.getMessage().contains("same shape"), e.getMessage());

    Path extra = tmp.resolve("x.safetensors");
    Safetensors.write(extra, List.of(Tensor.f64("h", new int[] {1, 2}, new double[2]),
        Tensor.f64("z", new int[] {1}, new double[1])), Map.of("format", StateFile.FORMAT), false);
    e = assertThrows(FileFormatException.class, () -> StateFile.load(extra));
    assertTrue(e.getMessage().contains("unexpected tensor 'z'"), e.getMessage());

    ModelState state = ModelState.zeros(1, 2, false);
    StateFile.save(state, tmp.resolve("ok.safetensors"), false);
    assertEquals(state, StateFile.load(tmp.resolve("ok.safetensors")));
  }
}
