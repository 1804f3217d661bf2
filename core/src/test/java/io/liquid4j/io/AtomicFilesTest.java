package io.liquid4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

  /** Runs a command; true if it exited 0 (false if it is missing or failed). */
  static boolean runs(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static BasicFileAttributes attributes(Path p) throws IOException {
    return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
  }

  private void assertRefused(Path target, String kind) throws IOException {
    for (boolean overwrite : new boolean[] {false, true}) {
      FileSystemException e =
          assertThrows(
              FileSystemException.class, () -> AtomicFiles.write(target, utf8("x"), overwrite));
      assertFalse(e instanceof FileAlreadyExistsException, e.toString());
      assertEquals(target.toString(), e.getFile());
      assertEquals(
          target + ": " + kind + "; only a regular file is ever replaced", e.getMessage());
      assertThrows(
          FileSystemException.class, () -> AtomicFiles.checkTarget(target, overwrite));
    }
  }

  @Test
  void refusesANamedPipeWhateverTheFlag() throws Exception {
    Path fifo = dir.resolve("p");
    assumeTrue(runs("mkfifo", fifo.toString()), "mkfifo is not available");
    assertRefused(fifo, "is a named pipe (FIFO)");
    assertTrue(attributes(fifo).isOther(), "still a FIFO");
    assertEquals(List.of("p"), listing(dir));
  }

  @Test
  void refusesADeviceWhateverTheFlag() throws Exception {
    // A private copy of /dev/null (char 1,3): the test must never risk the real one.
    Path device = dir.resolve("null");
    assumeTrue(runs("mknod", device.toString(), "c", "1", "3"), "mknod needs root");
    assertRefused(device, "is a character device");
    assertTrue(attributes(device).isOther(), "still a device");
    assertEquals(List.of("null"), listing(dir));
  }

  @Test
  void refusesASymbolicLinkAndLeavesItAndItsTargetAlone() throws Exception {
    Path real = dir.resolve("real.npy");
    Files.writeString(real, "precious");
    Path link = Files.createSymbolicLink(dir.resolve("link.npy"), real);
    assertRefused(link, "is a symbolic link (to " + real + ")");
    assertTrue(Files.isSymbolicLink(link));
    assertEquals(real, Files.readSymbolicLink(link));
    assertEquals("precious", Files.readString(real));
    // A dangling link too: writing through it would create a file elsewhere.
    Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
    assertRefused(dangling, "is a symbolic link (to " + dir.resolve("nowhere") + ")");
    assertFalse(Files.exists(dir.resolve("nowhere")));
    assertEquals(List.of("dangling", "link.npy", "real.npy"), listing(dir));
  }

  @Test
  void refusesADirectoryWhateverTheFlag() throws Exception {
    Path target = Files.createDirectory(dir.resolve("adir"));
    assertRefused(target, "is a directory, not a file");
    assertTrue(Files.isDirectory(target));
  }

  @Test
  void anUnwritableFolderIsReportedUnderTheTargetsName() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("ro"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assumeTrue(!Files.isWritable(folder), "running as root: every folder is writable");
      Path target = folder.resolve("y.npy");
      FileSystemException e =
          assertThrows(
              FileSystemException.class, () -> AtomicFiles.write(target, utf8("x"), true));
      assertEquals(target.toString(), e.getFile());
      assertEquals(target + ": cannot be written: cannot create a file in its folder " + folder
          + " (permission denied)", e.getMessage());
    } finally {
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void aFolderThatIsAFileIsReportedUnderTheTargetsName() throws Exception {
    Path notAFolder = dir.resolve("file");
    Files.writeString(notAFolder, "keep");
    Path target = notAFolder.resolve("y.npy");
    FileSystemException e =
        assertThrows(FileSystemException.class, () -> AtomicFiles.write(target, utf8("x"), true));
    assertEquals(target.toString(), e.getFile());
    assertTrue(e.getMessage().startsWith(target + ": "), e.getMessage());
    assertFalse(e.getMessage().contains(".tmp"), e.getMessage());
    assertEquals("keep", Files.readString(notAFolder));
  }

  @Test
  void publicationPublishesEveryFileTogether() throws Exception {
    Path y = dir.resolve("y.npy");
    Path h = dir.resolve("sub/h.npy");
    try (AtomicFiles.Publication p = new AtomicFiles.Publication(false)) {
      p.write(y, utf8("outputs"));
      p.write(h, out -> out.write(utf8("state")));
      assertFalse(Files.exists(y), "nothing is visible before publish");
      assertFalse(Files.exists(h), "nothing is visible before publish");
      p.publish();
    }
    assertEquals("outputs", Files.readString(y));
    assertEquals("state", Files.readString(h));
    assertEquals(List.of("sub", "y.npy"), listing(dir));
    assertEquals(List.of("h.npy"), listing(dir.resolve("sub")));
  }

  @Test
  void aFailedSecondWritePublishesNeither() throws Exception {
    Path y = dir.resolve("y.npy");
    Path h = dir.resolve("h.npy");
    Files.writeString(y, "old outputs");
    IOException e =
        assertThrows(IOException.class, () -> {
          try (AtomicFiles.Publication p = new AtomicFiles.Publication(true)) {
            p.write(y, utf8("new outputs"));
            p.write(h, out -> {
              out.write(new byte[100_000]);
              throw new IOException("disk full, say");
            });
            p.publish();
          }
        });
    assertEquals("disk full, say", e.getMessage());
    assertEquals("old outputs", Files.readString(y));
    assertEquals(List.of("y.npy"), listing(dir), "no temporary file and no h.npy");
  }

  @Test
  void publishAfterAFailedWriteIsRefused() throws Exception {
    Path y = dir.resolve("y.npy");
    try (AtomicFiles.Publication p = new AtomicFiles.Publication(false)) {
      assertThrows(IOException.class, () -> p.write(y, out -> {
        throw new IOException("nope");
      }));
      assertThrows(IllegalStateException.class, p::publish);
    }
    assertTrue(listing(dir).isEmpty(), listing(dir).toString());
  }

  @Test
  void aTargetThatAppearsBeforePublishingPublishesNothing() throws Exception {
    Path y = dir.resolve("y.npy");
    Path h = dir.resolve("h.npy");
    try (AtomicFiles.Publication p = new AtomicFiles.Publication(false)) {
      p.write(y, utf8("outputs"));
      p.write(h, utf8("state"));
      Files.writeString(h, "someone else's");
      assertThrows(FileAlreadyExistsException.class, p::publish);
    }
    assertFalse(Files.exists(y));
    assertEquals("someone else's", Files.readString(h));
    assertEquals(List.of("h.npy"), listing(dir));
  }

  @Test
  void theSameFileTwiceIsRefusedBeforeWriting() throws Exception {
    Path y = dir.resolve("y.npy");
    Files.createDirectory(dir.resolve("sub"));
    Path sameViaDots = dir.resolve("sub/../y.npy");
    Path link = Files.createSymbolicLink(dir.resolve("alias"), dir);
    for (Path other : List.of(y, sameViaDots, link.resolve("y.npy"))) {
      try (AtomicFiles.Publication p = new AtomicFiles.Publication(true)) {
        p.write(y, utf8("outputs"));
        IllegalArgumentException e =
            assertThrows(IllegalArgumentException.class, () -> p.write(other, utf8("state")));
        assertEquals(other + " is the same file as " + y
            + ", written earlier in this publication; give each output its own file",
            e.getMessage());
      }
      assertEquals(List.of("alias", "sub"), listing(dir));
    }
  }

  @Test
  void leftoverTemporariesOfTheSameTargetAreRemovedOnTheNextWrite() throws Exception {
    Path target = dir.resolve("y.npy");
    Path stale1 = Files.writeString(dir.resolve(".y.npy.1f2e3d4c5b6a7980.tmp"), "killed");
    Path stale2 = Files.writeString(dir.resolve(".y.npy.a.tmp"), "killed too");
    List<String> kept = List.of(
        ".other.npy.1234.tmp", // another target's
        ".y.npy.XYZ.tmp", // not our naming
        ".y.npy.12345678901234567.tmp", // 17 hex digits: not ours
        ".y.npy.ABCD.tmp", // upper case: not ours
        "y.npy.1234.tmp", // no leading dot
        "notes.txt");
    for (String k : kept) {
      Files.writeString(dir.resolve(k), "keep");
    }
    Path linkLike = Files.createSymbolicLink(dir.resolve(".y.npy.beef.tmp"), dir.resolve("notes.txt"));
    Path dirLike = Files.createDirectory(dir.resolve(".y.npy.cafe.tmp"));
    AtomicFiles.write(target, utf8("new"), false);
    assertEquals("new", Files.readString(target));
    assertFalse(Files.exists(stale1));
    assertFalse(Files.exists(stale2));
    for (String k : kept) {
      assertEquals("keep", Files.readString(dir.resolve(k)), k);
    }
    assertTrue(Files.isSymbolicLink(linkLike), "a link is never removed");
    assertTrue(Files.isDirectory(dirLike), "a directory is never removed");
  }

  @Test
  void aTemporaryThatIsBeingWrittenIsNotRemoved() throws Exception {
    Path target = dir.resolve("y.npy");
    // Another writer in this JVM, between writing and publishing.
    try (AtomicFiles.Publication slow = new AtomicFiles.Publication(true)) {
      slow.write(target, utf8("slow"));
      List<String> during = listing(dir);
      assertEquals(1, during.size(), during.toString());
      AtomicFiles.write(target, utf8("fast"), true);
      assertTrue(listing(dir).contains(during.get(0)), "the slow writer's file survives");
      slow.publish();
    }
    assertEquals("slow", Files.readString(target));
    assertEquals(List.of("y.npy"), listing(dir));

    // A temporary file locked by someone (here: a channel outside AtomicFiles) is left alone.
    Path locked = dir.resolve(".y.npy.0123.tmp");
    try (FileChannel channel =
        FileChannel.open(locked, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      FileLock lock = channel.lock();
      AtomicFiles.write(target, utf8("again"), true);
      assertTrue(Files.exists(locked), "a locked temporary file is not removed");
      lock.release();
    }
    // Once nobody holds it, and old or not, the next write removes it.
    Files.setLastModifiedTime(locked, FileTime.fromMillis(System.currentTimeMillis()));
    AtomicFiles.write(target, utf8("last"), true);
    assertEquals(List.of("y.npy"), listing(dir));
  }

  @Test
  void streamsOpenedTogetherArePublishedTogetherOnlyOnceAllAreClosed() throws Exception {
    Path a = dir.resolve("a.npy");
    Path b = dir.resolve("b.npy");
    Files.write(b, utf8("old b"));
    try (AtomicFiles.Publication files = new AtomicFiles.Publication(true)) {
      java.io.OutputStream outA = files.open(a);
      java.io.OutputStream outB = files.open(b);
      for (int i = 0; i < 3; i++) { // interleaved, as a batched prediction writes them
        outA.write(utf8("a" + i));
        outB.write(utf8("b" + i));
      }
      outA.close();
      IllegalStateException e = assertThrows(IllegalStateException.class, files::publish);
      assertTrue(e.getMessage().contains("still open"), e.getMessage());
    }
    // The refused publication was closed: nothing appeared, the old file is intact.
    assertFalse(Files.exists(a));
    assertEquals("old b", Files.readString(b));
    assertEquals(List.of("b.npy"), listing(dir));

    try (AtomicFiles.Publication files = new AtomicFiles.Publication(true)) {
      java.io.OutputStream outA = files.open(a);
      java.io.OutputStream outB = files.open(b);
      outA.write(utf8("new a"));
      outB.write(utf8("new b"));
      outB.close();
      outA.close();
      outA.close(); // closing twice is harmless
      files.publish();
    }
    assertEquals("new a", Files.readString(a));
    assertEquals("new b", Files.readString(b));
    assertEquals(List.of("a.npy", "b.npy"), listing(dir));
  }
}
