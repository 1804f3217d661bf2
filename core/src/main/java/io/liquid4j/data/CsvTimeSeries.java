package io.liquid4j.data;

import io.liquid4j.io.FileFormatException;
import io.liquid4j.io.Quoted;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one time series from a CSV file (one row per time step, a header row naming the columns)
 * and cuts it into fixed-length windows: a {@link SequenceDataset} ready for training.
 *
 * <pre>{@code
 * // Occupancy: 5 sensor columns, the 0/1 Occupancy column per step, Δt in minutes from "date"
 * CsvTimeSeries.Options options = CsvTimeSeries.Options
 *     .classification(List.of("Temperature", "Humidity", "Light", "CO2", "HumidityRatio"),
 *         "Occupancy", 16)
 *     .withStride(8)
 *     .withTimestamps("date", Duration.ofMinutes(1));
 * SequenceDataset data = CsvTimeSeries.read(Path.of("datatraining.txt"), options);
 * }</pre>
 *
 * <p><b>Windows.</b> Window w covers rows [w·stride, w·stride + L); only full windows are made,
 * (rows − L) / stride + 1 of them; a file with fewer than L data rows is an error.
 *
 * <p><b>Targets.</b> Per step (every row of a window has its target) or last step (the target of a
 * window's last row). For classification, labels become class indices by these rules, in order:
 *
 * <ol>
 *   <li>with {@link Options#withClassNames explicit class names}, a label's index in that list (a
 *       label not in the list is an error), the way to keep the mapping fixed across files;
 *   <li>when every label is a non-negative integer ({@code 0}, {@code 1}, {@code 1.0}), the number
 *       itself: labels 0/1 stay 0/1, and the classes are 0..max (numbers above 65,535 are taken as
 *       text, not as class indices);
 *   <li>otherwise the distinct labels {@link ClassOrder#SORTED sorted} (the default: the same label
 *       set gives the same mapping whatever the row order, so training and test files agree) or in
 *       {@link ClassOrder#FIRST_APPEARANCE order of first appearance}.
 * </ol>
 *
 * <p>Labels are compared after trimming spaces.
 *
 * <p><b>Elapsed time.</b> With a timestamp column, Δt of step k &gt; 0 of a window is the time
 * between its row and the previous row, in the chosen unit. The timestamps must increase strictly
 * down the file. They are either all date-times, {@code yyyy-MM-dd HH:mm:ss} or {@code
 * yyyy-MM-ddTHH:mm:ss} (fractions of a second and a zone offset such as {@code Z} or {@code +01:00}
 * allowed; without an offset the wall-clock time is taken as it is, with no daylight-saving
 * adjustment), or all plain numbers, whose differences are used as they are (the unit only converts
 * date-times). The first step of a window has no previous row inside the window; it gets {@link
 * Options#withFirstStepTimespan a configured value} or, by default, the median Δt of the whole file
 * (numpy's median: the mean of the two middle gaps for an even count; 1 unit when the file has a
 * single row). Using one value for every window, rather than the gap to the row before the window,
 * keeps a window's inputs independent of where it was cut.
 *
 * <p><b>Errors.</b> Problems in the file are {@link FileFormatException}s naming the file, the line
 * and the column: a missing column (with the list of columns there are), a cell that is not a
 * number ({@code line 17, column 'CO2': expected a number, found 'abc'}), a row with the wrong
 * number of fields, timestamps out of order ({@code line 40: timestamp 2015-02-04 17:51:00 is not
 * after the previous one 2015-02-04 17:52:00}), an empty file, fewer rows than one window.
 *
 * <p>The methods are static and keep no state; safe to call from any thread.
 */
public final class CsvTimeSeries {
  private CsvTimeSeries() {}

  /** How class indices are assigned to text labels when no class names are given. */
  public enum ClassOrder {
    /** Distinct labels in ascending {@link String#compareTo} order get 0, 1, …. */
    SORTED,
    /** Labels get 0, 1, … in the order they first appear down the file. */
    FIRST_APPEARANCE
  }

  /**
   * What to read from the file and how to cut it. Start from {@link #classification} or {@link
   * #regression} and adjust with the {@code with…} methods. Immutable and safe to share between
   * threads: the lists are unmodifiable copies, and every {@code with…} method returns new options.
   *
   * @param featureColumns the input columns, by header name, in the order the model sees them
   * @param targetColumn the target column, by header name
   * @param task classification or regression
   * @param windowLength L, rows per sequence, ≥ 1
   * @param stride rows between window starts, ≥ 1
   * @param perStepTargets a target for every step (true) or only for a window's last step
   * @param timestampColumn the column Δt is computed from, or null for no timespans (Δt = 1)
   * @param timeUnit the unit Δt is expressed in for date-time stamps, positive
   * @param firstStepTimespan Δt of each window's first step, &gt; 0; NaN for the file's median gap
   * @param classOrder how text labels are numbered when no class names are given
   * @param classNames the class labels in index order, or null to derive them (classification only)
   */
  public record Options(
      List<String> featureColumns,
      String targetColumn,
      TaskKind task,
      int windowLength,
      int stride,
      boolean perStepTargets,
      String timestampColumn,
      Duration timeUnit,
      double firstStepTimespan,
      ClassOrder classOrder,
      List<String> classNames) {

    /**
     * Checks every option; lists are copied.
     *
     * @param featureColumns the input columns, by header name, in the order the model sees them;
     *     at least one, none twice; copied
     * @param targetColumn the target column, by header name
     * @param task classification or regression
     * @param windowLength L, rows per sequence, ≥ 1
     * @param stride rows between window starts, ≥ 1
     * @param perStepTargets a target for every step (true) or only for a window's last step
     * @param timestampColumn the column Δt is computed from, or null for no timespans (Δt = 1)
     * @param timeUnit the unit Δt is expressed in for date-time stamps, positive
     * @param firstStepTimespan Δt of each window's first step, finite and &gt; 0; NaN for the
     *     file's median gap
     * @param classOrder how text labels are numbered when no class names are given
     * @param classNames the class labels in index order, none twice after trimming; or null to
     *     derive them (classification only); copied
     * @throws NullPointerException if a required argument (all but {@code timestampColumn} and
     *     {@code classNames}) or a list entry is null
     * @throws IllegalArgumentException naming the option whose value is out of range, empty or
     *     repeated, or class names given for regression
     */
    public Options {
      Objects.requireNonNull(featureColumns, "featureColumns");
      if (featureColumns.isEmpty()) {
        throw new IllegalArgumentException("featureColumns must name at least one column");
      }
      Set<String> seen = new HashSet<>();
      for (String c : featureColumns) {
        Objects.requireNonNull(c, "featureColumns entry");
        if (!seen.add(c)) {
          throw new IllegalArgumentException("featureColumns lists '" + c + "' twice");
        }
      }
      featureColumns = List.copyOf(featureColumns);
      Objects.requireNonNull(targetColumn, "targetColumn");
      Objects.requireNonNull(task, "task");
      if (windowLength < 1) {
        throw new IllegalArgumentException("windowLength must be >= 1, got " + windowLength);
      }
      if (stride < 1) {
        throw new IllegalArgumentException("stride must be >= 1, got " + stride);
      }
      Objects.requireNonNull(timeUnit, "timeUnit");
      if (timeUnit.isNegative() || timeUnit.isZero()) {
        throw new IllegalArgumentException("timeUnit must be positive, got " + timeUnit);
      }
      if (!Double.isNaN(firstStepTimespan)
          && !(firstStepTimespan > 0 && Double.isFinite(firstStepTimespan))) {
        throw new IllegalArgumentException(
            "firstStepTimespan must be finite and > 0 (or NaN for the median), got "
                + firstStepTimespan);
      }
      Objects.requireNonNull(classOrder, "classOrder");
      if (classNames != null) {
        if (task != TaskKind.CLASSIFICATION) {
          throw new IllegalArgumentException("classNames apply to classification only");
        }
        if (classNames.isEmpty()) {
          throw new IllegalArgumentException("classNames must not be empty");
        }
        Set<String> names = new HashSet<>();
        for (String c : classNames) {
          Objects.requireNonNull(c, "classNames entry");
          if (!names.add(c.strip())) {
            throw new IllegalArgumentException("classNames lists '" + c + "' twice");
          }
        }
        classNames = List.copyOf(classNames);
      }
    }

    /**
     * Classification with per-step targets, non-overlapping windows (stride = L), no timespans,
     * sorted class order.
     *
     * @param featureColumns input columns by name
     * @param targetColumn the label column
     * @param windowLength L
     * @return the options
     */
    public static Options classification(
        List<String> featureColumns, String targetColumn, int windowLength) {
      return new Options(
          featureColumns,
          targetColumn,
          TaskKind.CLASSIFICATION,
          windowLength,
          windowLength,
          true,
          null,
          Duration.ofSeconds(1),
          Double.NaN,
          ClassOrder.SORTED,
          null);
    }

    /**
     * Regression of one numeric column with per-step targets, non-overlapping windows (stride = L),
     * no timespans.
     *
     * @param featureColumns input columns by name
     * @param targetColumn the numeric target column
     * @param windowLength L
     * @return the options
     */
    public static Options regression(
        List<String> featureColumns, String targetColumn, int windowLength) {
      return new Options(
          featureColumns,
          targetColumn,
          TaskKind.REGRESSION,
          windowLength,
          windowLength,
          true,
          null,
          Duration.ofSeconds(1),
          Double.NaN,
          ClassOrder.SORTED,
          null);
    }

    /**
     * These options with another stride.
     *
     * @param stride rows between window starts, ≥ 1 (1 = every possible window)
     * @return new options
     * @throws IllegalArgumentException if {@code stride} &lt; 1
     */
    public Options withStride(int stride) {
      return new Options(
          featureColumns,
          targetColumn,
          task,
          windowLength,
          stride,
          perStepTargets,
          timestampColumn,
          timeUnit,
          firstStepTimespan,
          classOrder,
          classNames);
    }

    /**
     * These options with per-step or last-step targets.
     *
     * @param perStep a target for every step (true) or only for a window's last step (false)
     * @return new options
     */
    public Options withPerStepTargets(boolean perStep) {
      return new Options(
          featureColumns,
          targetColumn,
          task,
          windowLength,
          stride,
          perStep,
          timestampColumn,
          timeUnit,
          firstStepTimespan,
          classOrder,
          classNames);
    }

    /**
     * These options with Δt in seconds from the given timestamp column.
     *
     * @param column the timestamp column, by header name
     * @return new options
     */
    public Options withTimestamps(String column) {
      return withTimestamps(column, Duration.ofSeconds(1));
    }

    /**
     * These options with Δt from the given timestamp column, in {@code unit}s.
     *
     * @param column the timestamp column, by header name
     * @param unit the unit Δt of date-time stamps is expressed in, positive (plain-number stamps
     *     are used as they are)
     * @return new options
     * @throws IllegalArgumentException if {@code unit} is zero or negative
     */
    public Options withTimestamps(String column, Duration unit) {
      Objects.requireNonNull(column, "column");
      return new Options(
          featureColumns,
          targetColumn,
          task,
          windowLength,
          stride,
          perStepTargets,
          column,
          unit,
          firstStepTimespan,
          classOrder,
          classNames);
    }

    /**
     * These options with a fixed Δt for the first step of every window.
     *
     * @param timespan the first step's Δt, finite and &gt; 0; or NaN for the file's median gap
     * @return new options
     * @throws IllegalArgumentException if {@code timespan} is neither NaN nor finite and &gt; 0
     */
    public Options withFirstStepTimespan(double timespan) {
      return new Options(
          featureColumns,
          targetColumn,
          task,
          windowLength,
          stride,
          perStepTargets,
          timestampColumn,
          timeUnit,
          timespan,
          classOrder,
          classNames);
    }

    /**
     * These options with another order for numbering text labels.
     *
     * @param order how text labels are numbered when no class names are given
     * @return new options
     */
    public Options withClassOrder(ClassOrder order) {
      return new Options(
          featureColumns,
          targetColumn,
          task,
          windowLength,
          stride,
          perStepTargets,
          timestampColumn,
          timeUnit,
          firstStepTimespan,
          order,
          classNames);
    }

    /**
     * These options with the class labels fixed, in index order.
     *
     * @param names the class labels, label i for class i, none twice after trimming
     * @return new options
     * @throws IllegalArgumentException if the task is regression, or the list is empty or repeats
     *     a label
     */
    public Options withClassNames(List<String> names) {
      Objects.requireNonNull(names, "names");
      return new Options(
          featureColumns,
          targetColumn,
          task,
          windowLength,
          stride,
          perStepTargets,
          timestampColumn,
          timeUnit,
          firstStepTimespan,
          classOrder,
          names);
    }
  }

  /**
   * Reads and windows a CSV file.
   *
   * @param file the CSV file, with a header row
   * @param options what to read and how to cut it
   * @return the windows as sequences
   * @throws FileFormatException if the file is malformed or does not fit the options
   * @throws IOException if the file cannot be read
   */
  public static SequenceDataset read(Path file, Options options) throws IOException {
    Objects.requireNonNull(options, "options");
    return read(CsvTable.read(file), options);
  }

  /**
   * Windows a table that has already been read.
   *
   * @param table the rows, with a header
   * @param options what to read and how to cut it
   * @return the windows as sequences
   * @throws FileFormatException if the table does not fit the options
   */
  public static SequenceDataset read(CsvTable table, Options options) throws FileFormatException {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(options, "options");
    int targetIdx = table.columnIndex(options.targetColumn());
    Cut cut = cutInputs(table, options);
    int len = options.windowLength();
    int s = options.featureColumns().size();
    int[] starts = cut.starts();
    int n = starts.length;

    List<String> targetNames;
    double[] y; // (rows)
    if (options.task() == TaskKind.CLASSIFICATION) {
      Labels labels = classIndices(table, targetIdx, options);
      y = labels.ids;
      targetNames = labels.names;
    } else {
      y = table.numbers(targetIdx);
      targetNames = List.of(options.targetColumn());
    }

    double[] targets;
    if (options.perStepTargets()) {
      targets = Windows.cut(y, 1, starts, len);
    } else {
      targets = new double[n];
      for (int w = 0; w < n; w++) {
        targets[w] = y[starts[w] + len - 1];
      }
    }

    SequenceDataset data =
        options.task() == TaskKind.CLASSIFICATION
            ? SequenceDataset.classification(
                cut.inputs(), n, len, s, targets, options.perStepTargets(), targetNames.size())
            : SequenceDataset.regression(
                cut.inputs(), n, len, s, targets, options.perStepTargets(), 1);
    data = data.withFeatureNames(options.featureColumns()).withTargetNames(targetNames);
    if (cut.timespans() != null) {
      data = data.withTimespans(cut.timespans());
    }
    return data;
  }

  /**
   * Reads and windows only the inputs of a CSV file (feature columns and, when the options name
   * one, the timestamp column), exactly as {@link #read(Path, Options)} cuts them: for data to
   * predict from, which need not have the target column.
   *
   * @param file the CSV file, with a header row
   * @param options what to read and how to cut it; the target options are not used
   * @return the windows' inputs and timespans
   * @throws FileFormatException if the file is malformed or does not fit the options
   * @throws IOException if the file cannot be read
   */
  public static SequenceInputs readInputs(Path file, Options options) throws IOException {
    Objects.requireNonNull(options, "options");
    return readInputs(CsvTable.read(file), options);
  }

  /**
   * Windows the inputs of a table that has already been read; see {@link #readInputs(Path,
   * Options)}.
   *
   * @param table the rows, with a header
   * @param options what to read and how to cut it; the target options are not used
   * @return the windows' inputs and timespans
   * @throws FileFormatException if the table does not fit the options
   */
  public static SequenceInputs readInputs(CsvTable table, Options options)
      throws FileFormatException {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(options, "options");
    Cut cut = cutInputs(table, options);
    return SequenceInputs.of(
            cut.inputs(),
            cut.starts().length,
            options.windowLength(),
            options.featureColumns().size())
        .withTimespans(cut.timespans())
        .withFeatureNames(options.featureColumns());
  }

  /** The windows' start rows, inputs (n, L, S) and timespans (n, L) or null. */
  private record Cut(int[] starts, double[] inputs, double[] timespans) {}

  private static Cut cutInputs(CsvTable table, Options options) throws FileFormatException {
    String source = table.source();
    int s = options.featureColumns().size();
    int[] featureIdx = new int[s];
    for (int f = 0; f < s; f++) {
      featureIdx[f] = table.columnIndex(options.featureColumns().get(f));
    }
    int timeIdx =
        options.timestampColumn() == null ? -1 : table.columnIndex(options.timestampColumn());

    int rows = table.rowCount();
    int len = options.windowLength();
    if (rows == 0) {
      throw new FileFormatException(source, "no data rows after the header");
    }
    if (rows < len) {
      throw new FileFormatException(
          source, "the file has " + rows + " data rows, fewer than one window of " + len);
    }

    // Row-major, so that the first bad cell reported is the earliest one in the file.
    double[] x = new double[rows * s]; // (rows, S)
    for (int r = 0; r < rows; r++) {
      for (int f = 0; f < s; f++) {
        x[r * s + f] = table.number(r, featureIdx[f]);
      }
    }
    int[] starts = Windows.starts(rows, len, options.stride());
    double[] inputs = Windows.cut(x, s, starts, len);
    double[] timespans = timeIdx >= 0 ? timespans(table, timeIdx, options, starts) : null;
    return new Cut(starts, inputs, timespans);
  }

  // ------------------------------------------------------------------------------- class labels

  private record Labels(double[] ids, List<String> names) {}

  private static Labels classIndices(CsvTable table, int column, Options options)
      throws FileFormatException {
    int rows = table.rowCount();
    String[] raw = table.strings(column);
    String[] label = new String[rows];
    for (int r = 0; r < rows; r++) {
      label[r] = raw[r].strip();
    }
    double[] ids = new double[rows];

    if (options.classNames() != null) {
      Map<String, Integer> index = new HashMap<>();
      List<String> names = new ArrayList<>();
      for (String c : options.classNames()) {
        index.put(c.strip(), names.size());
        names.add(c.strip());
      }
      for (int r = 0; r < rows; r++) {
        Integer id = index.get(label[r]);
        if (id == null) {
          throw new FileFormatException(
              table.source(),
              "line "
                  + table.lineNumber(r)
                  + ", "
                  + table.describeColumn(column)
                  + ": class "
                  + Quoted.of(label[r])
                  + " is not one of "
                  + CsvTable.quotedList(names));
        }
        ids[r] = id;
      }
      return new Labels(ids, names);
    }

    if (allClassNumbers(label)) {
      int max = 0;
      for (int r = 0; r < rows; r++) {
        ids[r] = Double.parseDouble(label[r]);
        max = Math.max(max, (int) ids[r]);
      }
      List<String> names = new ArrayList<>();
      for (int k = 0; k <= max; k++) {
        names.add(Integer.toString(k));
      }
      return new Labels(ids, names);
    }

    Set<String> distinct =
        options.classOrder() == ClassOrder.SORTED ? new TreeSet<>() : new LinkedHashSet<>();
    distinct.addAll(Arrays.asList(label));
    List<String> names = new ArrayList<>(distinct);
    Map<String, Integer> index = new HashMap<>();
    for (int k = 0; k < names.size(); k++) {
      index.put(names.get(k), k);
    }
    for (int r = 0; r < rows; r++) {
      ids[r] = index.get(label[r]);
    }
    return new Labels(ids, names);
  }

  // Class numbers larger than this are almost certainly not class indices (a year, an id); such
  // labels are treated as text instead of allocating millions of empty classes.
  private static final int MAX_NUMERIC_CLASS = 65_535;

  private static boolean allClassNumbers(String[] labels) {
    for (String l : labels) {
      if (!CsvTable.isDecimal(l)) {
        return false;
      }
      double v = Double.parseDouble(l);
      if (!(v >= 0 && v <= MAX_NUMERIC_CLASS && v == Math.rint(v))) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------------------------- timespans

  /** A point in time: whole seconds plus nanoseconds for date-times, or a plain number. */
  private record Stamp(long seconds, int nanos, double number) {}

  private static double[] timespans(CsvTable table, int column, Options options, int[] starts)
      throws FileFormatException {
    int rows = table.rowCount();
    String[] text = table.strings(column);
    boolean numeric = CsvTable.isDecimal(text[0].strip());
    Stamp[] stamps = new Stamp[rows];
    for (int r = 0; r < rows; r++) {
      stamps[r] = parseStamp(table, r, column, text[r].strip(), numeric);
    }

    double unitSeconds = options.timeUnit().toNanos() / 1e9;
    double[] gaps = new double[Math.max(rows - 1, 0)]; // gaps[r - 1] = time(r) − time(r − 1)
    for (int r = 1; r < rows; r++) {
      double gap;
      if (numeric) {
        gap = stamps[r].number() - stamps[r - 1].number();
      } else {
        long ds = stamps[r].seconds() - stamps[r - 1].seconds();
        int dn = stamps[r].nanos() - stamps[r - 1].nanos();
        gap = (ds + dn / 1e9) / unitSeconds;
      }
      if (!(gap > 0)) {
        throw new FileFormatException(
            table.source(),
            "line "
                + table.lineNumber(r)
                + ": timestamp "
                + text[r].strip()
                + " is not after the previous one "
                + text[r - 1].strip());
      }
      gaps[r - 1] = gap;
    }

    double first = options.firstStepTimespan();
    if (Double.isNaN(first)) {
      first = median(gaps);
    }
    int len = options.windowLength();
    double[] out = new double[starts.length * len]; // (n, L)
    for (int w = 0; w < starts.length; w++) {
      out[w * len] = first;
      for (int k = 1; k < len; k++) {
        out[w * len + k] = gaps[starts[w] + k - 1];
      }
    }
    return out;
  }

  private static Stamp parseStamp(CsvTable table, int row, int column, String text, boolean numeric)
      throws FileFormatException {
    if (numeric) {
      if (CsvTable.isDecimal(text)) {
        double v = Double.parseDouble(text);
        if (Double.isFinite(v)) {
          return new Stamp(0, 0, v);
        }
      }
      throw new FileFormatException(
          table.source(),
          "line "
              + table.lineNumber(row)
              + ", "
              + table.describeColumn(column)
              + ": expected a number (the first timestamp is one), found "
              + Quoted.of(text));
    }
    // Both "2015-02-04 17:51:00" and "2015-02-04T17:51:00" are accepted; java.time wants the T.
    String iso =
        text.length() > 10 && text.charAt(10) == ' '
            ? text.substring(0, 10) + 'T' + text.substring(11)
            : text;
    try {
      LocalDateTime t = LocalDateTime.parse(iso);
      return new Stamp(t.toEpochSecond(ZoneOffset.UTC), t.getNano(), 0);
    } catch (DateTimeParseException notLocal) {
      try {
        OffsetDateTime t = OffsetDateTime.parse(iso);
        return new Stamp(t.toEpochSecond(), t.getNano(), 0);
      } catch (DateTimeParseException notOffset) {
        throw new FileFormatException(
            table.source(),
            "line "
                + table.lineNumber(row)
                + ", "
                + table.describeColumn(column)
                + ": expected a timestamp like 2015-02-04 17:51:00, found "
                + Quoted.of(text));
      }
    }
  }

  private static double median(double[] values) {
    if (values.length == 0) {
      return 1.0;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
