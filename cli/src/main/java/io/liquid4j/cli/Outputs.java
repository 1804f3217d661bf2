package io.liquid4j.cli;

import io.liquid4j.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks done on a command's output paths before any work starts, so a long run never ends in a
 * refusal: no two outputs are the same file or one the folder of another, each is absent or a
 * regular file (a link, directory, pipe or device is refused whatever {@code --force} says), an
 * existing file is replaced only with {@code --force}, and the folder it goes to can be written.
 * Commands with several outputs then write them through one {@link AtomicFiles.Publication}, so
 * they appear together or not at all.
 *
 * <pre>{@code
 * Outputs.of(common.force).add("--output", output).add("--final-state", finalState).check();
 * }</pre>
 */
final class Outputs {
  private final boolean force;
  private final List<String> options = new ArrayList<>();
  private final List<Path> paths = new ArrayList<>();
  private final List<Boolean> replaceable = new ArrayList<>();

  private Outputs(boolean force) {
    this.force = force;
  }

  /** Starts the checks for a command run with or without {@code --force}. */
  static Outputs of(boolean force) {
    return new Outputs(force);
  }

  /** Adds an output given by {@code option}; a null path (option not given) is skipped. */
  Outputs add(String option, Path path) {
    return add(option, path, force);
  }

  /**
   * Adds an output given by {@code option} whose existing file may be replaced when {@code
   * mayReplace} (rather than with --force); a null path is skipped.
   */
  Outputs add(String option, Path path, boolean mayReplace) {
    if (path != null) {
      options.add(option);
      paths.add(path);
      replaceable.add(mayReplace);
    }
    return this;
  }

  /**
   * Runs the checks.
   *
   * @throws FileAlreadyExistsException if an output exists and --force was not given (Main reports
   *     it as "PATH already exists (use --force to overwrite)")
   * @throws IllegalArgumentException for every other refusal, naming the option
   */
  void check() throws IOException {
    for (int i = 0; i < paths.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (AtomicFiles.sameTarget(paths.get(j), paths.get(i))) {
          throw new IllegalArgumentException(options.get(j) + " and " + options.get(i)
              + " name the same file (" + paths.get(j)
              + (paths.get(j).equals(paths.get(i)) ? "" : " and " + paths.get(i))
              + "); give each output its own file");
        }
        String folder = folderOf(j, i);
        if (folder != null) {
          throw new IllegalArgumentException(folder + "; give each output its own file");
        }
      }
    }
    for (int i = 0; i < paths.size(); i++) {
      checkOne(options.get(i), paths.get(i), replaceable.get(i));
    }
  }

  /**
   * Says which of outputs {@code j} and {@code i} (j earlier) would have to be the folder of the
   * other, or null. Writing both would create that folder for one and then fail on the other only
   * after the work is done.
   */
  private String folderOf(int j, int i) {
    Path a = paths.get(j);
    Path b = paths.get(i);
    Path absoluteA = a.toAbsolutePath().normalize();
    Path absoluteB = b.toAbsolutePath().normalize();
    if (absoluteB.startsWith(absoluteA)) {
      return options.get(j) + ": " + a + " is also the folder of " + options.get(i) + " " + b;
    }
    if (absoluteA.startsWith(absoluteB)) {
      return options.get(i) + ": " + b + " is also the folder of " + options.get(j) + " " + a;
    }
    return null;
  }

  /**
   * Checks one output path: a regular file or nothing, replaced only when {@code mayReplace}, in a
   * folder that can be written.
   */
  static void checkOne(String option, Path path, boolean mayReplace) throws IOException {
    try {
      AtomicFiles.checkTarget(path, mayReplace);
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (FileSystemException e) {
      throw new IllegalArgumentException(option + ": " + path + " "
          + (e.getReason() == null ? "cannot be examined" : e.getReason())
          + (e.getReason() != null && e.getReason().contains("only a regular file")
              ? ", with or without --force" : ""));
    }
    Path folder = path.toAbsolutePath().getParent();
    while (folder != null && !Files.exists(folder)) {
      folder = folder.getParent();
    }
    if (folder != null && !Files.isDirectory(folder)) {
      throw new IllegalArgumentException(
          option + ": cannot write " + path + ": " + folder + " is not a folder");
    }
    if (folder != null && !Files.isWritable(folder)) {
      throw new IllegalArgumentException(
          option + ": cannot write " + path + ": the folder " + folder + " is not writable");
    }
    if (folder != null && folder.equals(path.toAbsolutePath().getParent())) {
      // Permissions do not tell everything: root passes every access check, yet cannot create a
      // file in /proc or on a read-only mount. Creating (and removing) an empty file is the test
      // that the write at the end of the run will pass. It is named as the temporary files of
      // AtomicFiles (.NAME.HEX.tmp), so that if the process is killed in between, the next run
      // writing that output removes it as a leftover.
      Path probe = folder.resolve("." + path.getFileName() + "."
          + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()) + ".tmp");
      try {
        Files.createFile(probe);
      } catch (IOException | UnsupportedOperationException | SecurityException e) {
        String reason = e instanceof FileSystemException f && f.getReason() != null
            ? f.getReason() : "no file can be created there";
        throw new IllegalArgumentException(option + ": cannot write " + path + ": the folder "
            + folder + " does not accept new files (" + reason + ")");
      }
      Files.deleteIfExists(probe);
    }
  }
}
