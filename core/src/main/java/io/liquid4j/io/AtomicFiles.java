package io.liquid4j.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that the target is never left half-written, and only ever replaces a regular
 * file.
 *
 * <p>Content goes to a temporary file in the target's directory (named {@code
 * .<name>.<random hex>.tmp}), which is flushed and fsynced ({@link FileChannel#force}) and then moved
 * over the target with {@link StandardCopyOption#ATOMIC_MOVE}. A reader therefore sees either the
 * old file or the complete new one, also after a crash or power loss. If anything fails, the
 * temporary file is deleted and the old target, if any, is untouched. Missing parent directories
 * are created. The new file gets the default permissions for new files (it does not inherit those
 * of a file it replaces).
 *
 * <p><b>Only regular files are replaced.</b> A target that is a symbolic link (wherever it points),
 * a directory, a named pipe, a device or a socket is refused with a {@link FileSystemException}
 * naming it, whatever {@code overwrite} says: renaming over it would silently put a regular file in
 * place of, say, {@code /dev/null}. A regular file is replaced only when {@code overwrite} is true.
 *
 * <p><b>Several files together.</b> A {@link Publication} writes every output of one operation to
 * its temporary file first and renames them only when all were written, so either all appear or
 * none does.
 *
 * <p><b>Leftover temporary files.</b> A process killed while writing leaves its temporary file
 * behind. Every write removes the leftovers of earlier writes to the same target: files in the
 * target's directory named exactly {@code .<name>.<1 to 16 lowercase hex digits>.tmp}, that are
 * regular files (not links), and that no live writer holds. A writer holds an exclusive lock
 * ({@link FileChannel#tryLock()}) on its temporary file from creating it until it has been renamed
 * or deleted; the operating system drops the lock when the process dies, however it dies. A
 * leftover is deleted only while this process holds a lock on it, so a concurrent writer, in this
 * process or another, is never disturbed. Where the file system cannot lock, a leftover is deleted
 * only when it has not been modified for {@value #UNLOCKABLE_STALE_SECONDS} seconds.
 */
public final class AtomicFiles {
  private static final int BUFFER_BYTES = 1 << 16;
  private static final int TEMP_NAME_ATTEMPTS = 16;
  private static final long UNLOCKABLE_STALE_SECONDS = 600;

  /**
   * The temporary files this JVM is writing. The cleaner never opens them: on POSIX systems, closing
   * any channel of a file drops every lock the process holds on it, including the writer's.
   */
  private static final Set<Path> IN_PROGRESS = ConcurrentHashMap.newKeySet();

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
   * @param overwrite whether an existing regular file may be replaced
   * @throws FileAlreadyExistsException if the target exists and {@code overwrite} is false; its
   *     message reads {@code <path> already exists; pass overwrite = true to replace it}
   * @throws FileSystemException if the target is not a regular file (see {@link #checkTarget})
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
   * @param overwrite whether an existing regular file may be replaced
   * @throws FileAlreadyExistsException if the target exists and {@code overwrite} is false; its
   *     message reads {@code <path> already exists; pass overwrite = true to replace it}
   * @throws FileSystemException if the target is not a regular file (see {@link #checkTarget})
   * @throws IOException if the file cannot be written, or as thrown by {@code writer}
   */
  public static void write(Path target, IoWriter writer, boolean overwrite) throws IOException {
    try (Publication publication = new Publication(overwrite)) {
      publication.write(target, writer);
      publication.publish();
    }
  }

  /**
   * Checks that {@code target} may be written: it does not exist, or it is a regular file (not a
   * symbolic link to one) and {@code overwrite} is true. Writing checks this itself; callers use
   * it to refuse before a long computation.
   *
   * @param target the file to be written
   * @param overwrite whether an existing regular file may be replaced
   * @throws FileAlreadyExistsException if the target is a regular file and {@code overwrite} is
   *     false; its message reads {@code <path> already exists; pass overwrite = true to replace it}
   * @throws FileSystemException if the target exists and is not a regular file: its {@link
   *     FileSystemException#getFile() file} is {@code target} and its {@link
   *     FileSystemException#getReason() reason} says what it is, for example {@code is a named pipe
   *     (FIFO); only a regular file is ever replaced}
   * @throws IOException if the target's attributes cannot be read
   */
  public static void checkTarget(Path target, boolean overwrite) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes =
          Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return;
    }
    if (attributes.isRegularFile()) {
      if (!overwrite) {
        throw new TargetExistsException(target);
      }
      return;
    }
    throw new FileSystemException(
        target.toString(), null, kind(target, attributes) + "; only a regular file is ever replaced");
  }

  /** What a non-regular file is, as "is a ...". */
  private static String kind(Path target, BasicFileAttributes attributes) {
    if (attributes.isSymbolicLink()) {
      try {
        return "is a symbolic link (to " + Files.readSymbolicLink(target) + ")";
      } catch (IOException | UnsupportedOperationException e) {
        return "is a symbolic link";
      }
    }
    if (attributes.isDirectory()) {
      return "is a directory, not a file";
    }
    try {
      // The "unix" view is there on Linux and macOS; its mode has the file type in bits 12-15.
      int type = ((Integer) Files.getAttribute(target, "unix:mode", LinkOption.NOFOLLOW_LINKS))
          & 0170000;
      switch (type) {
        case 0010000:
          return "is a named pipe (FIFO)";
        case 0020000:
          return "is a character device";
        case 0060000:
          return "is a block device";
        case 0140000:
          return "is a socket";
        default:
          break;
      }
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException
        | ClassCastException e) {
      // No unix view: the generic description below.
    }
    return "is a special file (a named pipe, device or socket)";
  }

  /**
   * Several files written together: each {@link #write} goes to a temporary file at once, and
   * {@link #publish} renames them all, so either every file appears or none does. Closing without
   * publishing (or after a failed write) deletes the temporary files and leaves every target as it
   * was. Use it in try-with-resources:
   *
   * <pre>{@code
   * try (AtomicFiles.Publication p = new AtomicFiles.Publication(overwrite)) {
   *   p.write(outputs, bytes);
   *   p.write(state, out -> writeState(out));
   *   p.publish();
   * }
   * }</pre>
   *
   * <p>Each target is checked (see {@link AtomicFiles#checkTarget}) before its content is written
   * and again just before the renames. The renames come after every file is written and synced, so
   * a failed or interrupted write publishes nothing; a rename itself fails only if another process
   * puts something at a target in between: then, without {@code overwrite}, the files this
   * publication had already created are removed again, while with {@code overwrite} the files
   * already renamed stay replaced. Not thread-safe; one publication per thread.
   */
  public static final class Publication implements AutoCloseable {
    private final boolean overwrite;
    private final List<Pending> pending = new ArrayList<>();
    private boolean closed;

    /**
     * Starts an empty publication.
     *
     * @param overwrite whether existing regular files may be replaced
     */
    public Publication(boolean overwrite) {
      this.overwrite = overwrite;
    }

    /**
     * Writes {@code content} to a temporary file for {@code target}, published by {@link
     * #publish}.
     *
     * @param target the file to create or replace
     * @param content the complete file content. Not modified.
     * @throws IllegalArgumentException if {@code target} is the same file as an earlier target of
     *     this publication
     * @throws IllegalStateException if the publication was published or closed
     * @throws FileAlreadyExistsException if the target exists and {@code overwrite} is false
     * @throws FileSystemException if the target is not a regular file
     * @throws IOException if the temporary file cannot be written
     */
    public void write(Path target, byte[] content) throws IOException {
      write(target, out -> out.write(content));
    }

    /**
     * Writes whatever {@code writer} produces to a temporary file for {@code target}, published by
     * {@link #publish}. If it fails, the publication can only be closed.
     *
     * @param target the file to create or replace
     * @param writer produces the content
     * @throws IllegalArgumentException if {@code target} is the same file as an earlier target of
     *     this publication
     * @throws IllegalStateException if the publication was published or closed
     * @throws FileAlreadyExistsException if the target exists and {@code overwrite} is false
     * @throws FileSystemException if the target is not a regular file
     * @throws IOException if the temporary file cannot be written, or as thrown by {@code writer}
     */
    public void write(Path target, IoWriter writer) throws IOException {
      OutputStream out = open(target);
      writer.writeTo(new NonClosingOutputStream(out));
      out.close(); // not reached when the writer throws, so nothing half-written is published
    }

    /**
     * Opens a temporary file for {@code target} to be written piece by piece, for instance while
     * other outputs of the same publication are written too. Closing the stream flushes and syncs
     * the content and marks it complete; {@link #publish} refuses while a stream is still open, so
     * a stream abandoned after an error is never published.
     *
     * @param target the file to create or replace
     * @return a buffered stream to the temporary file; close it when the content is complete
     * @throws IllegalArgumentException if {@code target} is the same file as an earlier target of
     *     this publication
     * @throws IllegalStateException if the publication was published or closed
     * @throws FileAlreadyExistsException if the target exists and {@code overwrite} is false
     * @throws FileSystemException if the target is not a regular file
     * @throws IOException if the temporary file cannot be created
     */
    public OutputStream open(Path target) throws IOException {
      if (closed) {
        throw new IllegalStateException("this publication was already published or closed");
      }
      Path absolute = target.toAbsolutePath();
      for (Pending p : pending) {
        if (sameFile(p.absolute, absolute)) {
          throw new IllegalArgumentException(target + " is the same file as " + p.shown
              + ", written earlier in this publication; give each output its own file");
        }
      }
      checkTarget(target, overwrite);
      Path directory = absolute.getParent();
      if (directory != null) {
        try {
          Files.createDirectories(directory);
        } catch (FileSystemException e) {
          throw cannotWrite(target, e, "cannot create its folder " + e.getFile());
        }
      }
      removeStaleTemporaries(absolute);
      Pending p = createLockedTemp(absolute, target);
      pending.add(p);
      BufferedOutputStream buffered =
          new BufferedOutputStream(Channels.newOutputStream(p.channel), BUFFER_BYTES);
      return new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          buffered.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          buffered.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
          buffered.flush();
        }

        @Override
        public void close() throws IOException {
          if (p.written || !p.channel.isOpen()) {
            return;
          }
          buffered.flush();
          // Without this the rename could reach the disk before the data does, and a crash
          // would leave a complete-looking but empty or partial file under the target's name.
          p.channel.force(true);
          p.written = true;
        }
      };
    }

    /**
     * Renames every temporary file over its target. Each target is checked again first.
     *
     * @throws IllegalStateException if a write failed, or the publication was published or closed
     * @throws FileAlreadyExistsException if a target appeared meanwhile and {@code overwrite} is
     *     false; nothing is then published
     * @throws FileSystemException if a target is meanwhile not a regular file; nothing is then
     *     published
     * @throws IOException if a rename fails
     */
    public void publish() throws IOException {
      if (closed) {
        throw new IllegalStateException("this publication was already published or closed");
      }
      for (Pending p : pending) {
        if (!p.written) {
          throw new IllegalStateException("writing " + p.shown
              + " failed or was not finished (its stream is still open); nothing to publish");
        }
      }
      for (Pending p : pending) {
        checkTarget(p.shown, overwrite);
      }
      List<Pending> created = new ArrayList<>();
      try {
        for (Pending p : pending) {
          if (overwrite) {
            // Checked again right before the rename, which would replace whatever is there.
            checkTarget(p.shown, true);
            Files.move(p.temp, p.absolute, StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
          } else {
            publishWithoutReplacing(p.temp, p.absolute, p.shown);
            created.add(p);
          }
          p.published = true;
        }
      } catch (IOException | RuntimeException e) {
        for (Pending p : created) {
          deleteQuietly(p.absolute); // created by this publication a moment ago
        }
        throw e;
      }
      closed = true;
      List<Path> directories = new ArrayList<>();
      for (Pending p : pending) {
        Path directory = p.absolute.getParent();
        if (!directories.contains(directory)) {
          directories.add(directory);
          syncDirectory(directory);
        }
      }
      release();
    }

    /** Deletes the temporary files that were not published and releases their locks. */
    @Override
    public void close() {
      closed = true;
      release();
    }

    private void release() {
      for (Pending p : pending) {
        if (!p.published) {
          deleteQuietly(p.temp);
        }
        try {
          p.channel.close(); // also releases the lock
        } catch (IOException e) {
          // Nothing was lost: the content was synced or is being discarded.
        }
        IN_PROGRESS.remove(p.temp);
      }
      pending.clear();
    }
  }

  /** One file of a publication: its temporary file, open and locked until published or deleted. */
  private static final class Pending {
    final Path shown;
    final Path absolute;
    final Path temp;
    final FileChannel channel;
    boolean written;
    boolean published;

    Pending(Path shown, Path absolute, Path temp, FileChannel channel) {
      this.shown = shown;
      this.absolute = absolute;
      this.temp = temp;
      this.channel = channel;
    }
  }

  /**
   * Whether two paths name the same file once written: equal after making them absolute and
   * resolving their folders' links and {@code ..}, or the same existing file (hard links). Writing
   * both in one {@link Publication} is refused; callers use this to refuse earlier, in their own
   * words.
   *
   * @param a a target path
   * @param b another target path
   * @return whether writing {@code b} would replace what was written to {@code a}
   */
  public static boolean sameTarget(Path a, Path b) {
    return sameFile(a.toAbsolutePath(), b.toAbsolutePath());
  }

  private static boolean sameFile(Path a, Path b) {
    if (identity(a).equals(identity(b))) {
      return true;
    }
    try {
      return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  private static Path identity(Path absolute) {
    Path normal = absolute.normalize();
    Path parent = normal.getParent();
    Path name = normal.getFileName();
    if (parent == null || name == null) {
      return normal;
    }
    try {
      return parent.toRealPath().resolve(name);
    } catch (IOException e) {
      return normal;
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
    if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
      throw new TargetExistsException(shownTarget);
    }
    Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Creates a new temporary file next to the target and takes an exclusive lock on it, so that no
   * cleaner deletes it while it is written (see the class comment).
   */
  private static Pending createLockedTemp(Path absolute, Path shown) throws IOException {
    Path directory = absolute.getParent();
    String name = absolute.getFileName().toString();
    IOException last = null;
    for (int attempt = 0; attempt < TEMP_NAME_ATTEMPTS; attempt++) {
      String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong());
      Path temp =
          directory == null
              ? Path.of(tempName(name, suffix))
              : directory.resolve(tempName(name, suffix));
      IN_PROGRESS.add(temp);
      FileChannel channel = null;
      boolean keep = false;
      try {
        // CREATE_NEW rather than Files.createTempFile: the latter makes the file owner-only
        // (0600), which would then become the permissions of the published file.
        channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileLock lock;
        try {
          lock = channel.tryLock();
        } catch (IOException | UnsupportedOperationException e) {
          lock = null; // no locks here: cleaners fall back to the age rule
          keep = true;
        }
        if (!keep) {
          // A cleaner in another process may have locked and deleted the new file before this
          // lock was taken; the name is then gone (or locked by it) and another name is tried.
          keep = lock != null && Files.exists(temp, LinkOption.NOFOLLOW_LINKS);
        }
        if (keep) {
          return new Pending(shown, absolute, temp, channel);
        }
      } catch (FileAlreadyExistsException e) {
        last = e;
      } catch (FileSystemException e) {
        throw cannotWrite(shown, e, directory == null
            ? "cannot create a file in the working directory"
            : "cannot create a file in its folder " + directory);
      } finally {
        if (!keep) {
          IN_PROGRESS.remove(temp);
          if (channel != null) {
            try {
              channel.close();
            } catch (IOException e) {
              // Only an unused empty temporary file is at stake.
            }
          }
        }
      }
    }
    throw new IOException("could not create a temporary file next to " + shown, last);
  }

  private static String tempName(String name, String hexSuffix) {
    return "." + name + "." + hexSuffix + ".tmp";
  }

  /** Whether {@code fileName} is a temporary file name this class makes for target {@code name}. */
  static boolean isTemporaryName(String fileName, String name) {
    String prefix = "." + name + ".";
    if (!fileName.startsWith(prefix) || !fileName.endsWith(".tmp")) {
      return false;
    }
    String hex = fileName.substring(prefix.length(), fileName.length() - ".tmp".length());
    if (hex.isEmpty() || hex.length() > 16) {
      return false;
    }
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  /**
   * Deletes leftover temporary files of earlier writes to {@code absolute} (see the class comment
   * for the rule). Best effort: a leftover that cannot be examined or deleted stays.
   */
  private static void removeStaleTemporaries(Path absolute) {
    Path directory = absolute.getParent();
    if (directory == null) {
      return;
    }
    String name = absolute.getFileName().toString();
    List<Path> candidates = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        if (isTemporaryName(entry.getFileName().toString(), name)) {
          candidates.add(entry);
        }
      }
    } catch (IOException | RuntimeException e) {
      return;
    }
    for (Path candidate : candidates) {
      removeIfStale(candidate);
    }
  }

  private static void removeIfStale(Path candidate) {
    if (IN_PROGRESS.contains(candidate)) {
      return;
    }
    try {
      BasicFileAttributes attributes =
          Files.readAttributes(candidate, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attributes.isRegularFile()) {
        return;
      }
      try (FileChannel channel = FileChannel.open(candidate, StandardOpenOption.READ)) {
        FileLock lock;
        try {
          // Shared: needs only read access, and fails while a writer holds its exclusive lock.
          lock = channel.tryLock(0, Long.MAX_VALUE, true);
        } catch (OverlappingFileLockException e) {
          return; // held in this JVM
        } catch (IOException | UnsupportedOperationException e) {
          long ageMillis = System.currentTimeMillis() - attributes.lastModifiedTime().toMillis();
          if (ageMillis >= UNLOCKABLE_STALE_SECONDS * 1000) {
            Files.deleteIfExists(candidate);
          }
          return;
        }
        if (lock != null) {
          // Deleted while the lock is held: no writer can have taken the file over meanwhile.
          Files.deleteIfExists(candidate);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Best effort: a leftover that cannot be read or deleted is only wasted space.
    }
  }

  /** An error about writing {@code target} that names it rather than a temporary file. */
  private static FileSystemException cannotWrite(
      Path target, FileSystemException cause, String what) {
    String reason = cause instanceof AccessDeniedException
        ? "permission denied"
        : cause.getReason() != null ? cause.getReason() : cause.getClass().getSimpleName();
    String message = "cannot be written: " + what + " (" + reason + ")";
    FileSystemException e = cause instanceof AccessDeniedException
        ? new AccessDeniedException(target.toString(), null, message)
        : new FileSystemException(target.toString(), null, message);
    e.initCause(cause);
    return e;
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
