package io.liquid4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liquid4j.model.ModelConfig;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.wiring.AutoNcp;
import org.junit.jupiter.api.Test;

/** A model shipped as bytes (to another machine, say) comes back bit-exactly. */
class ModelFileBytesTest {
  @Test
  void bytesRoundTripGivesTheSameModel() throws Exception {
    SequenceModel model = SequenceModel.create(ModelConfig.ltc(3, new AutoNcp(12, 2)).build(), 5);
    SequenceModel copy = ModelFile.fromBytes(ModelFile.toBytes(model), "bytes");
    assertEquals(model.config().toMap(), copy.config().toMap());
    assertArrayEquals(model.parameters(), copy.parameters(), 0);
  }

  @Test
  void badBytesAreReportedUnderTheGivenName() {
    FileFormatException e = assertThrows(FileFormatException.class,
        () -> ModelFile.fromBytes(new byte[3], "broadcast model"));
    assertTrue(e.getMessage().contains("broadcast model"), e.getMessage());
  }
}
