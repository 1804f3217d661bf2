package io.liquid4j.cli;

import io.liquid4j.experiments.OccupancyDemo;
import io.liquid4j.io.AtomicFiles;
import io.liquid4j.plot.TrainingCurves;
import io.liquid4j.train.EpochSummary;
import io.liquid4j.train.TrainingListener;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code liquid4j demo}: an NCP-wired LTC and a CfC learn room occupancy; pictures of the runs. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {
      "Train an NCP-wired LTC and a CfC on UCI Occupancy and compare them with the LTC paper.",
      "The data ships in datasets/. Both models are tested on unseen days, beside the LTC"
          + " paper's figure, and their training curves are drawn."
    })
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--epochs", defaultValue = "10",
      description = "Training epochs of each model (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--output", paramLabel = "DIR",
      description = "Folder for the pictures (default: a new liquid4j-out/demo-<time>).")
  Path output;

  @Option(names = "--datasets", paramLabel = "DIR",
      description = "Folder holding occupancy/ (default: the repository's datasets/).")
  Path datasets;

  @Option(names = "--threads", description = "Worker threads (default: all cores).")
  Integer threads;

  @Option(names = "--quiet", description = "No progress lines.")
  boolean quiet;

  @Mixin WriterOptions common;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (epochs < 1) {
      throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
    }
    if (threads != null && threads < 1) {
      throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
    }
    Path dir = datasets != null ? datasets : Datasets.defaultDir();
    if (!Files.isDirectory(dir.resolve("occupancy"))) {
      throw new IllegalArgumentException("--datasets: no folder " + dir.resolve("occupancy")
          + " (expected the repository's datasets/ folder)");
    }
    Path out = output != null ? output : Path.of("liquid4j-out",
        "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new IllegalArgumentException("--output: expected a folder for the pictures, found "
          + (Files.isRegularFile(out) ? "the file " : "something that is not a folder: ") + out);
    }
    Path loss = out.resolve("training-loss.png");
    Path accuracy = out.resolve("validation-accuracy.png");
    Outputs.of(common.force).add("--output", loss).add("--output", accuracy).check();
    int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    PrintWriter w = spec.commandLine().getOut();
    w.println("Room occupancy from temperature, humidity, light, CO2 and humidity ratio, one"
        + " reading a minute: 16-minute windows of the training days; tested on other days.");
    Map<String, OccupancyDemo.Result> results = new LinkedHashMap<>();
    for (var model : List.of(OccupancyDemo.ltc(), OccupancyDemo.cfc())) {
      TrainingListener progress = EpochPrinter.of(quiet, w, epochs, "accuracy");
      OccupancyDemo.Result r = OccupancyDemo.train(model, dir, seed, epochs, progress, workers);
      if (!quiet) {
        w.printf(Locale.ROOT, "%s: %s, %d parameters, %.1f s%n", r.name(), r.description(),
            r.parameters(), r.training().seconds());
      }
      results.put(r.name(), r);
    }
    w.println();
    w.printf(Locale.ROOT, "%-5s %14s %10s%n", "model", "test accuracy", "epochs");
    for (OccupancyDemo.Result r : results.values()) {
      w.printf(Locale.ROOT, "%-5s %13.2f%% %10d%n", r.name(), 100 * r.test().accuracy(), epochs);
    }
    w.printf(Locale.ROOT, "%-5s %13.2f%% %10d  (LTC paper, Table 3, mean of 5 runs)%n", "paper",
        100 * OccupancyDemo.PAPER_LTC_ACCURACY, 200);
    Map<String, List<EpochSummary>> histories = new LinkedHashMap<>();
    results.forEach((name, r) -> histories.put(name, r.training().history()));
    // Both pictures appear together or neither does (the publication creates the folder).
    try (AtomicFiles.Publication pictures = new AtomicFiles.Publication(common.force)) {
      TrainingCurves.losses(histories, "cross-entropy (nats per step)", loss, pictures);
      TrainingCurves.validationMetric(histories, "accuracy (%)", 100, accuracy, pictures);
      pictures.publish();
    }
    w.println();
    w.println("Pictures in " + out + ": " + loss.getFileName() + ", " + accuracy.getFileName());
    w.flush();
    return 0;
  }
}
