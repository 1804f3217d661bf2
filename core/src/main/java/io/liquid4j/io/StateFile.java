package io.liquid4j.io;

import io.liquid4j.model.ModelState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A recurrent state on disk, so that a stream can stop and resume in another process: a
 * safetensors file with tensors {@code h} (B, N) and, for mixed memory, {@code c} (B, N), stored
 * as float64 (bit-exact), and {@code __metadata__} {@code {"format": "liquid4j-state"}}.
 */
public final class StateFile {
  /** Value of the {@code format} metadata key. */
  public static final String FORMAT = "liquid4j-state";

  private StateFile() {}

  /**
   * Writes a state atomically (see {@link AtomicFiles}): a reader sees the old file or the whole
   * new one.
   *
   * @param state the state to save
   * @param path the file to write; missing parent directories are created
   * @param overwrite whether an existing file at {@code path} may be replaced; when false and the
   *     file exists, nothing is written and {@link java.nio.file.FileAlreadyExistsException} is
   *     thrown
   * @throws java.nio.file.FileAlreadyExistsException if the file exists and {@code overwrite} is
   *     false
   * @throws IOException if the file cannot be written; an existing file is then left unchanged
   */
  public static void save(ModelState state, Path path, boolean overwrite) throws IOException {
    int[] shape = {state.batch(), state.stateSize()};
    List<Tensor> tensors = new ArrayList<>();
    tensors.add(new Tensor("h", DType.F64, shape, state.h()));
    if (state.hasMemory()) {
      tensors.add(new Tensor("c", DType.F64, shape, state.c()));
    }
    Safetensors.write(path, tensors, Map.of("format", FORMAT), overwrite);
  }

  /**
   * Reads a state.
   *
   * @param path the state file
   * @return the state: h and, when the file has it, c
   * @throws FileFormatException naming the file when it is not a state file or h and c disagree
   * @throws IOException if the file cannot be read
   */
  public static ModelState load(Path path) throws IOException {
    SafetensorsFile file = Safetensors.read(path);
    if (!FORMAT.equals(file.metadata().get("format"))) {
      throw new FileFormatException(path.toString(),
          "not a liquid4j state file (__metadata__ 'format' should be '" + FORMAT + "')");
    }
    Tensor h = file.require("h");
    Optional<Tensor> c = file.tensor("c");
    for (String name : file.tensors().keySet()) {
      if (!name.equals("h") && !name.equals("c")) {
        throw new FileFormatException(path.toString(),
            "unexpected tensor '" + name + "' (a state file holds h and optionally c)");
      }
    }
    if (h.rank() != 2) {
      throw new FileFormatException(path.toString(),
          "tensor 'h' must have shape (batch, state size), found rank " + h.rank());
    }
    if (c.isPresent() && !java.util.Arrays.equals(c.get().shape(), h.shape())) {
      throw new FileFormatException(path.toString(),
          "tensors 'h' and 'c' must have the same shape, found "
              + java.util.Arrays.toString(h.shape()) + " and "
              + java.util.Arrays.toString(c.get().shape()));
    }
    try {
      return new ModelState(h.dim(0), h.dim(1), h.data(), c.map(Tensor::data).orElse(null));
    } catch (IllegalArgumentException e) {
      throw new FileFormatException(path.toString(), e.getMessage());
    }
  }
}
