package io.liquid4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.data.SequenceDataset;
import io.liquid4j.io.Safetensors;
import io.liquid4j.io.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data fingerprints of Trainer.fit's checkpoints, and checkpoints written without them. */
class CheckpointFingerprintTest {
  @TempDir Path dir;

  /**
   * Checkpoints written before fingerprints were recorded have none: they resume with the model,
   * the hyperparameters and the optimizer checked but not the data (the documented rule).
   */
  @Test
  void aCheckpointWithoutFingerprintsResumesUncheckedData() throws IOException {
    Trainer trainer = new Trainer(TrainerTest.config(1, 2).withEpochs(1), new CrossEntropy());
    SequenceDataset a = TrainerTest.runningSign(24, 1);
    SequenceDataset b = TrainerTest.runningSign(24, 2);
    Path ckpt = dir.resolve("t.ckpt");
    trainer.fit(TrainerTest.ltc(), a, null, null, ckpt, false);
    byte[] written = Files.readAllBytes(ckpt);
    Trainer two = new Trainer(TrainerTest.config(1, 2).withEpochs(2), new CrossEntropy());
    CheckpointMismatchException e = assertThrows(CheckpointMismatchException.class,
        () -> two.fit(TrainerTest.ltc(), b, null, null, ckpt, true));
    assertEquals("training data", e.setting());
    assertTrue(e.getMessage().contains("training data differ from the checkpoint's"),
        e.getMessage());
    assertArrayEquals(written, Files.readAllBytes(ckpt));
    // Settings recorded by a workflow must all match, none missing.
    e = assertThrows(CheckpointMismatchException.class, () -> two.withRunSettings(
        Map.of("windowLength", "8")).fit(TrainerTest.ltc(), a, null, null,
            ckpt, true));
    assertEquals("windowLength", e.setting());
    assertEquals(null, e.then());

    SafetensorsFile file = Safetensors.read(ckpt);
    Map<String, String> meta = new LinkedHashMap<>(file.metadata());
    assertTrue(meta.remove("fingerprint") != null);
    Safetensors.write(ckpt, file.tensorList(), meta, true);
    assertEquals(2, two.fit(TrainerTest.ltc(), b, null, null, ckpt, true)
        .history().size());
  }
}
