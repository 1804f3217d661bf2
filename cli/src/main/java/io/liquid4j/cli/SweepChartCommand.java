package io.liquid4j.cli;

import io.liquid4j.io.Quoted;
import io.liquid4j.plot.SweepChart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code liquid4j sweep-chart}: draws the table a hyperparameter sweep wrote (the Spark module's
 * {@code Sweep.Result.writeCsv}): one dot per run, coloured by model kind.
 */
@Command(name = "sweep-chart", mixinStandardHelpOptions = true,
    description = {
      "Draw a hyperparameter sweep's table: a figure per run, coloured by model kind.",
      "The table is the CSV file written by the Spark module's Sweep."
    })
final class SweepChartCommand implements Callable<Integer> {
  @Option(names = "--table", required = true, paramLabel = "CSV",
      description = "The sweep's table, with the columns run, model and the figure.")
  Path table;

  @Option(names = "--figure", defaultValue = "validation_loss",
      description = "Column drawn: validation_loss, validation_metric or train_loss"
          + " (default: ${DEFAULT-VALUE}).")
  String figure;

  @Option(names = "--output", required = true, paramLabel = "FILE",
      description = "Picture: PNG, or SVG when the name ends in .svg.")
  Path output;

  @Mixin WriterOptions common;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Outputs.of(common.force).add("--output", output).check();
    if (!List.of("validation_loss", "validation_metric", "train_loss").contains(figure)) {
      throw new IllegalArgumentException("--figure: expected validation_loss, validation_metric"
          + " or train_loss, found '" + figure + "'");
    }
    List<SweepChart.Run> runs = read(table, figure);
    SweepChart.write(runs, figure.replace('_', ' '), output, common.force);
    spec.commandLine().getOut().println(runs.size() + " runs drawn in " + output);
    return 0;
  }

  /** The runs of a sweep table; errors name the file, line and column. */
  static List<SweepChart.Run> read(Path file, String figure) throws IOException {
    if (!Files.exists(file)) {
      throw new IllegalArgumentException("--table " + file + ": no such file");
    }
    if (!Files.isRegularFile(file)) {
      // Reading a directory fails with a bare "Is a directory"; a FIFO or /dev/zero never ends.
      throw new IllegalArgumentException("--table " + file + ": not a regular file ("
          + (Files.isDirectory(file) ? "a directory" : "a device, FIFO or socket")
          + "); expected a CSV file");
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("--table " + file + ": no such file");
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalArgumentException("--table " + file + ": not UTF-8 text");
    }
    if (lines.isEmpty()) {
      throw new IllegalArgumentException(file + ": expected a header line, found an empty file");
    }
    List<String> header = Arrays.asList(lines.get(0).split(",", -1));
    int run = column(file, header, "run");
    int model = column(file, header, "model");
    int value = column(file, header, figure);
    List<SweepChart.Run> runs = new ArrayList<>();
    for (int k = 1; k < lines.size(); k++) {
      if (lines.get(k).isBlank()) {
        continue;
      }
      String[] cells = lines.get(k).split(",", -1);
      if (cells.length != header.size()) {
        throw new IllegalArgumentException(file + ":" + (k + 1) + ": expected " + header.size()
            + " columns, found " + cells.length);
      }
      runs.add(new SweepChart.Run((int) number(file, k, run, cells), cells[model],
          number(file, k, value, cells)));
    }
    if (runs.isEmpty()) {
      throw new IllegalArgumentException(file + ": expected at least one run, found none");
    }
    return runs;
  }

  private static int column(Path file, List<String> header, String name) {
    int c = header.indexOf(name);
    if (c < 0) {
      throw new IllegalArgumentException(file + ":1: expected a column '" + name
          + "' in the header, found " + header);
    }
    return c;
  }

  private static double number(Path file, int line, int column, String[] cells) {
    double value;
    boolean number;
    try {
      value = Double.parseDouble(cells[column]);
      // NaN and Infinity as Java writes them (a diverged run) are kept; digits that overflow a
      // double are not a figure any sweep wrote.
      number = !Double.isInfinite(value) || cells[column].contains("Infinity");
    } catch (NumberFormatException e) {
      value = Double.NaN;
      number = false;
    }
    if (!number) {
      throw new IllegalArgumentException(file + ":" + (line + 1) + ":" + (column + 1)
          + ": expected a number, found " + Quoted.of(cells[column]));
    }
    return value;
  }
}
