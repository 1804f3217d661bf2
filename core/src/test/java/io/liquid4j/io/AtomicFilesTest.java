package io.liquid4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private List<String> listing(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void writesNewFileAndCreatesParents() throws Exception {
    Path target = dir.resolve("a/b/c/out.bin");
    AtomicFiles.write(target, utf8("hello"), false);
    assertEquals("hello", Files.readString(target));
    assertEquals(List.of("out.bin"), listing(target.getParent()));
  }

  @Test
  void refusesToOverwriteWithoutTheFlag() throws Exception {
    Path target = dir.resolve("model.safetensors");
    AtomicFiles.write(target, utf8("old"), false);
    FileAlreadyExistsException e =
        assertThrows(
            FileAlreadyExistsException.class, () -> AtomicFiles.write(target, utf8("new"), false));
    assertEquals(target + " already exists; pass overwrite = true to replace it", e.getMessage());
    assertEquals(target.toString(), e.getFile());
    assertEquals("old", Files.readString(target));
    assertEquals(List.of("model.safetensors"), listing(dir));
  }

  @Test
  void overwritesWithTheFlag() throws Exception {
    Path target = dir.resolve("out.txt");
    AtomicFiles.write(target, utf8("old content that is longer"), false);
    AtomicFiles.write(target, utf8("new"), true);
    assertEquals("new", Files.readString(target));
    assertEquals(List.of("out.txt"), listing(dir));
  }

  @Test
  void streamingWriterMayCloseTheStream() throws Exception {
    Path target = dir.resolve("streamed.bin");
    byte[] big = new byte[300_000]; // larger than the internal buffer
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    AtomicFiles.write(
        target,
        out -> {
          out.write(big, 0, 1000);
          out.write(big, 1000, big.length - 1000);
          out.close();
        },
        false);
    assertArrayEquals(big, Files.readAllBytes(target));
  }

  @Test
  void failedWriterLeavesOldFileIntactAndNoTempFiles() throws Exception {
    Path target = dir.resolve("weights.bin");
    AtomicFiles.write(target, utf8("precious"), false);
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                AtomicFiles.write(
                    target,
                    out -> {
                      out.write(new byte[200_000]); // enough to reach the disk before failing
                      throw new IOException("disk full, say");
                    },
                    true));
    assertEquals("disk full, say", e.getMessage());
    assertEquals("precious", Files.readString(target));
    assertEquals(List.of("weights.bin"), listing(dir));

    // Unchecked failures are cleaned up the same way.
    assertThrows(
        IllegalStateException.class,
        () ->
            AtomicFiles.write(
                target,
                out -> {
                  out.write(utf8("partial"));
                  throw new IllegalStateException("bug in the writer");
                },
                true));
    assertEquals("precious", Files.readString(target));
    assertEquals(List.of("weights.bin"), listing(dir));
  }

  @Test
  void failedWriterCreatesNothingWhenThereWasNoFile() throws Exception {
    Path target = dir.resolve("new.bin");
    assertThrows(
        IOException.class,
        () ->
            AtomicFiles.write(
                target,
                out -> {
                  throw new IOException("nope");
                },
                false));
    assertTrue(listing(dir).isEmpty(), listing(dir).toString());
  }

  @Test
  void refusesADirectoryTarget() throws Exception {
    Path target = Files.createDirectory(dir.resolve("adir"));
    IOException e =
        assertThrows(IOException.class, () -> AtomicFiles.write(target, utf8("x"), true));
    assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
  }

  @Test
  void relativeTargetsWork() throws Exception {
    // A bare file name has no parent directory; it resolves against the working directory.
    Path relative =
        Path.of("target", "atomic-files-test-" + ProcessHandle.current().pid() + ".txt");
    try {
      AtomicFiles.write(relative, utf8("rel"), true);
      assertEquals("rel", Files.readString(relative));
    } finally {
      Files.deleteIfExists(relative);
    }
  }
}
