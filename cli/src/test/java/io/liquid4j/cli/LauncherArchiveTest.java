package io.liquid4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code liquid4j} launcher's start-up archives, as a user meets them: for {@code spike} on JDK
 * 25 or later an ahead-of-time cache (JEP 483/514/515), otherwise a dynamic class-data-sharing
 * archive, written beside the jar by a short training run the first time the jar is newer than it,
 * reused while the jar stays the same, written again when the jar changes, turned off by {@code
 * LIQUID4J_AOT=0} (the AOT cache only) and {@code LIQUID4J_CDS=0} (both), and never changing what
 * the command prints or writing into the folder it runs in.
 *
 * <p>The launcher runs as a copy in a temporary root, beside a jar assembled from this test's class
 * path (the classes under test, not a jar a Maven build left behind), so the launcher finds no
 * sources to rebuild from and the test never touches the checkout's {@code cli/target}. Whether
 * the JVM accepts an archive is checked independently of the launcher, by starting the JVM with
 * the archive and {@code -XX:AOTMode=on} or {@code -Xshare:on}, under which an archive the JVM
 * cannot use is a start-up error rather than a silent fallback.
 */
class LauncherArchiveTest {
  private static final String INCUBATOR_WARNING =
      "WARNING: Using incubator modules: jdk.incubator.vector";
  /** A spike run short enough for a test; the archive's training runs the same command kind. */
  private static final List<String> SPIKE =
      List.of("spike", "cuba", "--duration", "0.05", "--seed", "3", "--quiet");

  @TempDir static Path root;
  private static Path jar;
  private static Path target;
  @TempDir Path workingDirectory;

  record Run(int code, String out, String err) {}

  @BeforeAll
  static void launcherBesideAJarOfTheClassesUnderTest() throws IOException {
    Path script = Path.of(System.getProperty("liquid4j.home"), "liquid4j");
    Files.copy(script, root.resolve("liquid4j"));
    target = Files.createDirectories(root.resolve("cli/target"));
    jar = target.resolve("liquid4j.jar");
    writeJar(jar);
  }

  @BeforeEach
  void noArchivesYet() throws IOException {
    for (Path p : archives()) {
      Files.delete(p);
    }
  }

  /**
   * On JDK 25: the first {@code spike} run writes one AOT cache for spike runs and no CDS archive,
   * the JVM accepts that cache for this jar with the Vector API module, the next run leaves it as
   * it is, a newer jar makes the next run write it again (the old one no longer fits the jar, so
   * the new one is checked against the jar too), and no run writes into its working folder or
   * leaves a temporary file beside the jar.
   */
  @Test
  void theAotCacheIsWrittenOnceReusedAndWrittenAgainWhenTheJarChanges() throws Exception {
    Path java = jdk25Java();
    Map<String, String> env = Map.of("LIQUID4J_JAVA", java.toString());
    Run first = launch(env, SPIKE);
    assertEquals(0, first.code(), first.err());
    Path cache = onlyArchive(".aot");
    // spike cuba runs without the Vector API module, which it has no kernel of.
    assertTrue(cache.getFileName().toString().startsWith("liquid4j-spike-jdk"), cache::toString);
    assertJvmAccepts(java, cache, ".aot", false);

    Object key = Files.readAttributes(cache, "unix:ino");
    FileTime written = Files.getLastModifiedTime(cache);
    Run second = launch(env, SPIKE);
    assertEquals(0, second.code(), second.err());
    assertEquals(List.of(cache), archives(), "the second run adds or removes no archive");
    assertEquals(key, Files.readAttributes(cache, "unix:ino"), "the second run reuses the cache");
    assertEquals(written, Files.getLastModifiedTime(cache));

    // A rebuilt jar: newer than the cache, both in the past so the new cache is newer than the jar.
    long now = System.currentTimeMillis();
    Files.setLastModifiedTime(cache, FileTime.fromMillis(now - 60_000));
    Files.setLastModifiedTime(jar, FileTime.fromMillis(now - 30_000));
    Run third = launch(env, SPIKE);
    assertEquals(0, third.code(), third.err());
    assertEquals(List.of(cache), archives());
    assertTrue(Files.getLastModifiedTime(cache).toMillis() > now - 30_000,
        "the run after the jar changed writes the cache again");
    assertJvmAccepts(java, cache, ".aot", false);

    for (Run r : List.of(first, second, third)) {
      assertEquals("", r.err(), "standard error with --quiet");
    }
    assertNoTemporaryFilesBesideTheJar();
    try (Stream<Path> left = Files.list(workingDirectory)) {
      assertEquals(List.of(), left.toList(), "nothing written to the working folder");
    }
  }

  /**
   * On JDK 25 with the Vector API module resolved: a {@code spike} command that keeps the module
   * ({@code spike lsm}) gets an AOT cache of its own name, which the JVM accepts with the module,
   * and prints what it prints without the cache, with nothing from the JVM but the incubator line
   * the launcher drops; {@code reservoir} gets a CDS archive, also accepted with the module.
   */
  @Test
  void theVectorApiModuleRunsWithTheArchivesOfItsOwnName() throws Exception {
    Path java = jdk25Java();
    List<String> lsmHelp = List.of("spike", "lsm", "--help");
    Run cached = launch(Map.of("LIQUID4J_JAVA", java.toString()), lsmHelp);
    assertEquals(0, cached.code(), cached.err());
    Path cache = onlyArchive(".aot");
    assertTrue(cache.getFileName().toString().startsWith("liquid4j-spike-vector-jdk"),
        cache::toString);
    assertJvmAccepts(java, cache, ".aot", true);
    Run plain = launch(Map.of("LIQUID4J_JAVA", java.toString(), "LIQUID4J_CDS", "0"), lsmHelp);
    assertEquals(0, plain.code(), plain.err());
    assertEquals("", cached.err());
    assertEquals("", plain.err());
    assertEquals(plain.out(), cached.out());
    assertTrue(cached.out().startsWith("Usage: liquid4j spike lsm"), cached.out());

    Files.delete(cache);
    List<String> reservoir = List.of("reservoir", "--units", "10", "--train", "100", "--test",
        "20", "--length", "300", "--warmup", "10", "--quiet");
    Run r = launch(Map.of("LIQUID4J_JAVA", java.toString()), reservoir);
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    Path archive = onlyArchive(".jsa");
    assertTrue(archive.getFileName().toString().startsWith("liquid4j-reservoir-vector-jdk"),
        archive::toString);
    assertJvmAccepts(java, archive, ".jsa", true);
  }

  /**
   * On JDK 25, {@code LIQUID4J_AOT=0} writes the CDS archive instead of the AOT cache, and {@code
   * LIQUID4J_CDS=0} writes neither.
   */
  @Test
  void aotOffKeepsToTheCdsArchiveAndCdsOffToNone() throws Exception {
    Path java = jdk25Java();
    Run off = launch(Map.of("LIQUID4J_JAVA", java.toString(), "LIQUID4J_CDS", "0"), SPIKE);
    assertEquals(0, off.code(), off.err());
    assertEquals(List.of(), archives(), "LIQUID4J_CDS=0 writes no archive");

    Run cdsOnly = launch(Map.of("LIQUID4J_JAVA", java.toString(), "LIQUID4J_AOT", "0"), SPIKE);
    assertEquals(0, cdsOnly.code(), cdsOnly.err());
    Path archive = onlyArchive(".jsa");
    assertJvmAccepts(java, archive, ".jsa", false);
    assertNoTemporaryFilesBesideTheJar();
  }

  /**
   * The JVM running this test (JDK 17 in the build): the first {@code reservoir} run writes the CDS
   * archive for non-spike commands (on every JDK), the JVM maps it, and the next run reuses it. With the Vector API off the archive has its own name, since the
   * module options must match.
   */
  @Test
  void theCdsArchiveIsWrittenOnceAndReusedOnThisJdk() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Map<String, String> env = Map.of("LIQUID4J_JAVA", java.toString(), "LIQUID4J_VECTOR", "0");
    List<String> reservoir = List.of("reservoir", "--units", "10", "--train", "100", "--test",
        "20", "--length", "300", "--warmup", "10", "--quiet");
    Run first = launch(env, reservoir);
    assertEquals(0, first.code(), first.err());
    Path archive = onlyArchive(".jsa");
    assertTrue(archive.getFileName().toString().startsWith("liquid4j-reservoir-jdk"),
        archive::toString);
    assertJvmAccepts(java, archive, ".jsa", false);
    Object key = Files.readAttributes(archive, "unix:ino");
    Run second = launch(env, reservoir);
    assertEquals(0, second.code(), second.err());
    assertEquals(key, Files.readAttributes(archive, "unix:ino"));
    assertEquals(stripTimes(first.out()), stripTimes(second.out()));
  }

  /**
   * What a command prints is the same with the archive as without it ({@code LIQUID4J_CDS=0}):
   * standard output but for the measured times, standard error (nothing, with --quiet), the exit
   * code, and a bad option's one-line error.
   */
  @Test
  void theCacheChangesNothingTheCommandPrints() throws Exception {
    Path java = jdk25Java();
    Run plain = launch(Map.of("LIQUID4J_JAVA", java.toString(), "LIQUID4J_CDS", "0"), SPIKE);
    Run cached = launch(Map.of("LIQUID4J_JAVA", java.toString()), SPIKE);
    assertEquals(1, archives().size(), "the cached run wrote its cache");
    assertEquals(plain.code(), cached.code());
    assertEquals(stripTimes(plain.out()), stripTimes(cached.out()));
    assertTrue(cached.out().contains("spikes"), cached.out());
    assertEquals(plain.err(), cached.err());

    List<String> bad = List.of("spike", "cuba", "--duration", "-1");
    Run badPlain = launch(Map.of("LIQUID4J_JAVA", java.toString(), "LIQUID4J_CDS", "0"), bad);
    Run badCached = launch(Map.of("LIQUID4J_JAVA", java.toString()), bad);
    assertEquals(2, badCached.code(), badCached.err());
    assertEquals(badPlain.code(), badCached.code());
    assertEquals(badPlain.out(), badCached.out());
    assertEquals(badPlain.err(), badCached.err());
    assertEquals(1, badCached.err().lines().count(), badCached.err());
  }

  /** A LIQUID4J_JAVA that is no executable file: a one-line error naming it, exit 2. */
  @Test
  void aJavaThatIsNotThereIsAOneLineError() throws Exception {
    Path missing = workingDirectory.resolve("no-jdk/bin/java");
    Run r = launch(Map.of("LIQUID4J_JAVA", missing.toString()), List.of("--version"));
    assertEquals(2, r.code(), r.err());
    assertEquals("", r.out());
    List<String> lines = r.err().lines().toList();
    assertEquals(1, lines.size(), r.err());
    assertTrue(lines.get(0).startsWith("liquid4j: error: LIQUID4J_JAVA=" + missing + ": "),
        lines.get(0));
  }

  private Run launch(Map<String, String> env, List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", root.resolve("liquid4j").toString()));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(workingDirectory.toFile());
    for (String name : List.of("LIQUID4J_CLASSPATH", "LIQUID4J_JAVA_OPTS", "LIQUID4J_VECTOR",
        "LIQUID4J_CDS", "LIQUID4J_AOT", "LIQUID4J_JAVA", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS",
        "JDK_AOT_VM_OPTIONS")) {
      pb.environment().remove(name);
    }
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    String out = read(p.getInputStream());
    int code = p.waitFor();
    return new Run(code, out, err.join());
  }

  /**
   * Starts the JVM with the archive where it must be used ({@code -XX:AOTMode=on}, {@code
   * -Xshare:on}): a JVM that cannot map it exits with an error instead of running without it.
   */
  private static void assertJvmAccepts(Path java, Path archive, String kind, boolean vector)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(java.toString()));
    if (vector) {
      command.addAll(List.of("--add-modules", "jdk.incubator.vector"));
    }
    if (kind.equals(".aot")) {
      command.addAll(List.of("-XX:AOTCache=" + archive, "-XX:AOTMode=on"));
    } else {
      command.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:on"));
    }
    command.addAll(List.of("-jar", jar.toString(), "--version"));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = read(p.getInputStream());
    assertEquals(0, p.waitFor(), "the JVM maps " + archive + ": " + out);
    // JDK 25 logs at error level that the JDK's own base archive was dumped without the Vector
    // API module, and maps the archives all the same: only the exit status tells.
    List<String> printed = out.lines()
        .filter(l -> !l.equals(INCUBATOR_WARNING) && !l.matches("\\[[^\\]]*\\]\\[\\w+ *\\]\\[.*"))
        .toList();
    assertEquals(List.of("liquid4j (development build)"), printed, out);
  }

  private static List<Path> archives() throws IOException {
    try (Stream<Path> files = Files.list(target)) {
      return files.filter(p -> !p.equals(jar)).sorted().toList();
    }
  }

  private static Path onlyArchive(String extension) throws IOException {
    List<Path> all = archives();
    assertEquals(1, all.size(), "one archive beside the jar: " + all);
    assertTrue(all.get(0).toString().endsWith(extension), all.get(0)::toString);
    return all.get(0);
  }

  private static void assertNoTemporaryFilesBesideTheJar() throws IOException {
    for (Path p : archives()) {
      String name = p.getFileName().toString();
      assertTrue(name.endsWith(".aot") || name.endsWith(".jsa"), "left beside the jar: " + name);
    }
  }

  /** Standard output with the measured durations (which differ run to run) blanked out. */
  private static String stripTimes(String out) {
    return out.replaceAll("\\d+\\.\\d+ s\\b", "_ s");
  }

  /**
   * A JDK 25 or later: the one running this test, or else the newest such JDK under
   * /usr/lib/jvm (where Debian and the Temurin packages put them); the test is skipped without.
   */
  private static Path jdk25Java() throws IOException {
    if (Runtime.version().feature() >= 25) {
      return Path.of(System.getProperty("java.home"), "bin", "java");
    }
    Optional<Path> found = Optional.empty();
    int best = 0;
    Path jvms = Path.of("/usr/lib/jvm");
    if (Files.isDirectory(jvms)) {
      try (Stream<Path> homes = Files.list(jvms)) {
        for (Path home : homes.sorted().toList()) {
          int feature = featureVersion(home.resolve("release"));
          Path java = home.resolve("bin/java");
          if (feature >= 25 && feature > best && Files.isExecutable(java)) {
            best = feature;
            found = Optional.of(java);
          }
        }
      }
    }
    assumeTrue(found.isPresent(), "no JDK 25 or later here");
    return found.get();
  }

  private static int featureVersion(Path release) throws IOException {
    if (!Files.isRegularFile(release)) {
      return 0;
    }
    for (String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
      if (line.startsWith("JAVA_VERSION=")) {
        String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
        String digits = v.split("[^0-9]", 2)[0];
        return digits.isEmpty() ? 0 : Integer.parseInt(digits);
      }
    }
    return 0;
  }

  /**
   * One jar of every class-path entry, as the shade plugin builds liquid4j.jar: the first copy of
   * each entry wins, service files are concatenated, signatures and module descriptors dropped.
   */
  private static void writeJar(Path out) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    Map<String, StringBuilder> services = new LinkedHashMap<>();
    for (String element : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path entry = Path.of(element);
      if (Files.isDirectory(entry)) {
        try (Stream<Path> files = Files.walk(entry)) {
          for (Path f : files.filter(Files::isRegularFile).toList()) {
            String name = entry.relativize(f).toString().replace(java.io.File.separatorChar, '/');
            add(entries, services, name, Files.readAllBytes(f));
          }
        }
      } else if (Files.isRegularFile(entry) && element.endsWith(".jar")) {
        try (JarFile j = new JarFile(entry.toFile())) {
          for (JarEntry e : java.util.Collections.list(j.entries())) {
            if (!e.isDirectory()) {
              try (InputStream in = j.getInputStream(e)) {
                add(entries, services, e.getName(), in.readAllBytes());
              }
            }
          }
        }
      }
    }
    Manifest manifest = new Manifest();
    Attributes main = manifest.getMainAttributes();
    main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    main.put(Attributes.Name.MAIN_CLASS, "io.liquid4j.cli.Main");
    main.putValue("Enable-Native-Access", "ALL-UNNAMED");
    Path partial = out.resolveSibling(out.getFileName() + ".part");
    Set<String> directories = new HashSet<>();
    try (OutputStream file = Files.newOutputStream(partial);
        JarOutputStream jarOut = new JarOutputStream(file, manifest)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        put(jarOut, directories, e.getKey(), e.getValue());
      }
      for (Map.Entry<String, StringBuilder> e : services.entrySet()) {
        put(jarOut, directories, e.getKey(), e.getValue().toString().getBytes(StandardCharsets.UTF_8));
      }
    }
    Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void add(Map<String, byte[]> entries, Map<String, StringBuilder> services,
      String name, byte[] bytes) {
    String upper = name.toUpperCase(java.util.Locale.ROOT);
    if (upper.equals("META-INF/MANIFEST.MF") || upper.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)")
        || name.endsWith("module-info.class")) {
      return;
    }
    if (name.startsWith("META-INF/services/")) {
      services.computeIfAbsent(name, n -> new StringBuilder())
          .append(new String(bytes, StandardCharsets.UTF_8)).append('\n');
      return;
    }
    entries.putIfAbsent(name, bytes);
  }

  private static void put(JarOutputStream out, Set<String> directories, String name, byte[] bytes)
      throws IOException {
    for (int slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) {
      String dir = name.substring(0, slash + 1);
      if (directories.add(dir)) {
        out.putNextEntry(new ZipEntry(dir));
        out.closeEntry();
      }
    }
    out.putNextEntry(new ZipEntry(name));
    out.write(bytes);
    out.closeEntry();
  }

  private static String read(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
