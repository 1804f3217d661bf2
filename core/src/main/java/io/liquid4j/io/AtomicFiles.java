package io.liquid4j.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that the target is never left half-written.
 *
 * <p>Content goes to a temporary file in the target's directory (named {@code
 * .<name>.<random>.tmp}), which is flushed and fsynced ({@link FileChannel#force}) and then moved
 * over the target with {@link StandardCopyOption#ATOMIC_MOVE}. A reader therefore sees either the
 * old file or the complete new one, also after a crash or power loss. If anything fails, the
 * temporary file is deleted and the old target, if any, is untouched. Missing parent directories
 * are created. The new file gets the default permissions for new files (it does not inherit those
 * of a file it replaces).
 */
public final class AtomicFiles {
  private static final int BUFFER_BYTES = 1 << 16;
  private static final int TEMP_NAME_ATTEMPTS = 16;

  private AtomicFiles() {}

  /**
   * Produces a file's content by writing to a stream. The stream is buffered; the writer must not
   * close it (closing is harmless, it only flushes).
   */
  @FunctionalInterface
  public interface IoWriter {
    /**
     * Writes the whole content.
     *
     * @param out the stream to write to. Modified.
     * @throws IOException if writing fails; the target is then left as it was
     */
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Atomically writes {@code content} to {@code target}.
   *
   * @param target the file to create or replace
   * @param content the complete file content. Not modified.
   * @param overwrite whether an existing target may be replaced
   * @throws FileAlreadyExistsException if the target exists and {@code overwrite} is false; its
   *     message reads {@code <path> already exists; pass overwrite = true to replace it}
   * @throws IOException if the file cannot be written; the target is then left as it was
   */
  public static void write(Path target, byte[] content, boolean overwrite) throws IOException {
    write(target, out -> out.write(content), overwrite);
  }

  /**
   * Atomically writes whatever {@code writer} produces to {@code target}, streaming, so large files
   * need not be built in memory first.
   *
   * @param target the file to create or replace
   * @param writer produces the content; if it throws, the target is left as it was
   * @param overwrite whether an existing target may be replaced
   * @throws FileAlreadyExistsException if the target exists and {@code overwrite} is false; its
   *     message reads {@code <path> already exists; pass overwrite = true to replace it}
   * @throws IOException if the file cannot be written, or as thrown by {@code writer}
   */
  public static void write(Path target, IoWriter writer, boolean overwrite) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path directory = absolute.getParent();
    if (Files.isDirectory(absolute)) {
      throw new FileSystemException(target.toString(), null, "is a directory, not a file");
    }
    // Checked before writing so that a refused write costs nothing; checked again at the end
    // (atomically, see publishWithoutReplacing) because the file may appear in between.
    if (!overwrite && Files.exists(absolute)) {
      throw new TargetExistsException(target);
    }
    if (directory != null) {
      Files.createDirectories(directory);
    }
    Path temp = createTempFile(absolute);
    boolean published = false;
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        BufferedOutputStream buffered =
            new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES);
        writer.writeTo(new NonClosingOutputStream(buffered));
        buffered.flush();
        // Without this the rename could reach the disk before the data does, and a crash would
        // leave a complete-looking but empty or partial file under the target's name.
        channel.force(true);
      }
      if (overwrite) {
        Files.move(
            temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        publishWithoutReplacing(temp, absolute, target);
      }
      published = true;
      syncDirectory(directory);
    } finally {
      if (!published) {
        deleteQuietly(temp);
      }
    }
  }

  /**
   * Moves {@code temp} to {@code absolute} unless something exists there. On Linux an atomic move
   * (rename) silently replaces an existing file, so a hard link is used instead: creating a link
   * fails if the name is taken, with no window between checking and creating.
   */
  private static void publishWithoutReplacing(Path temp, Path absolute, Path shownTarget)
      throws IOException {
    boolean linked = false;
    try {
      Files.createLink(absolute, temp);
      linked = true;
    } catch (FileAlreadyExistsException e) {
      throw new TargetExistsException(shownTarget);
    } catch (UnsupportedOperationException | IOException e) {
      // The file system has no hard links (FAT, some network shares); fall back to check-then-move,
      // which is only racy against another process creating the same file at the same moment.
    }
    if (linked) {
      // The target is complete and published; the temp name is just a second link to it.
      deleteQuietly(temp);
      return;
    }
    if (Files.exists(absolute)) {
      throw new TargetExistsException(shownTarget);
    }
    Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
  }

  private static Path createTempFile(Path absolute) throws IOException {
    Path directory = absolute.getParent();
    String name = absolute.getFileName().toString();
    IOException last = null;
    for (int attempt = 0; attempt < TEMP_NAME_ATTEMPTS; attempt++) {
      String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong());
      Path temp =
          directory == null
              ? Path.of("." + name + "." + suffix + ".tmp")
              : directory.resolve("." + name + "." + suffix + ".tmp");
      try {
        // CREATE_NEW rather than Files.createTempFile: the latter makes the file owner-only
        // (0600), which would then become the permissions of the published file.
        FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        return temp;
      } catch (FileAlreadyExistsException e) {
        last = e;
      }
    }
    throw new IOException("could not create a temporary file next to " + absolute, last);
  }

  /** Makes the rename itself durable. Not every platform can open a directory (Windows cannot). */
  private static void syncDirectory(Path directory) {
    if (directory == null) {
      return;
    }
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Best effort: the file content is already synced; only the rename's durability is at stake.
    }
  }

  private static void deleteQuietly(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      // The original failure is the one worth reporting; a leftover hidden temp file is harmless.
    }
  }

  /**
   * Passes writes through; close only flushes, so a writer closing the stream cannot skip fsync.
   */
  private static final class NonClosingOutputStream extends FilterOutputStream {
    NonClosingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len); // FilterOutputStream would write byte by byte
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }

  /**
   * FileAlreadyExistsException whose message names the path once and the argument that allows
   * replacing it; {@link #getFile()} is the target as given.
   */
  private static final class TargetExistsException extends FileAlreadyExistsException {
    TargetExistsException(Path target) {
      super(target.toString(), null, "already exists; pass overwrite = true to replace it");
    }

    @Override
    public String getMessage() {
      return getFile() + " already exists; pass overwrite = true to replace it";
    }
  }
}
