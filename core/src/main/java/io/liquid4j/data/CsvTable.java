package io.liquid4j.data;

import io.liquid4j.io.FileFormatException;
import io.liquid4j.io.Quoted;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A comma-separated file read whole into memory as strings: the header's column names and the data
 * rows, each remembered with the line it starts on so that every later complaint can name it.
 *
 * <p>The dialect is RFC 4180 with the usual tolerances:
 *
 * <ul>
 *   <li>fields are separated by commas; a field may be quoted with {@code "}, and inside quotes a
 *       comma, a line break or a doubled quote {@code ""} is part of the value;
 *   <li>lines end with CRLF, LF or a lone CR; blank lines are skipped; a UTF-8 byte-order mark is
 *       ignored; the text must be UTF-8 (ASCII is);
 *   <li>every data row has as many fields as the header, except for one case copied from pandas:
 *       when the first data row has exactly one field more than the header, the first field of each
 *       row is an unnamed row index and is dropped (the UCI Occupancy files are written that way: 7
 *       names, 8 fields per row).
 * </ul>
 *
 * <p>Every content problem is a {@link FileFormatException} whose one-line message names the file,
 * the line and, where there is one, the column, for example {@code data.csv: line 17, column 'CO2':
 * expected a number, found 'abc'}.
 *
 * <p>Immutable and safe to share between threads: nothing changes a table after reading, and
 * accessors return strings, unmodifiable lists or new arrays.
 */
public final class CsvTable {
  private final String source; // file name for messages
  private final boolean hasHeader;
  private final List<String> columns;
  private final List<String[]> rows; // each row has columns.size() fields
  private final int[] lines; // 1-based line on which each data row starts

  private CsvTable(
      String source, boolean hasHeader, List<String> columns, List<String[]> rows, int[] lines) {
    this.source = source;
    this.hasHeader = hasHeader;
    this.columns = List.copyOf(columns);
    this.rows = rows;
    this.lines = lines;
  }

  /**
   * Reads a file whose first non-blank line is a header of column names.
   *
   * @param file the CSV file
   * @return the table
   * @throws FileFormatException if the file is not a regular file, is empty, not UTF-8 or malformed
   * @throws IOException if the file cannot be read
   */
  public static CsvTable read(Path file) throws IOException {
    return read(file, true);
  }

  /**
   * Reads a file that has no header row (UCI's {@code eighthr.data}, for one); the columns are
   * named "1", "2", … and messages call them "column 1", "column 2", ….
   *
   * @param file the CSV file
   * @return the table
   * @throws FileFormatException if the file is not a regular file, is empty, not UTF-8 or malformed
   * @throws IOException if the file cannot be read
   */
  public static CsvTable readWithoutHeader(Path file) throws IOException {
    return read(file, false);
  }

  private static CsvTable read(Path file, boolean hasHeader) throws IOException {
    Objects.requireNonNull(file, "file");
    String source = file.toString();
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      // readAllBytes would say only "Is a directory", or never end on a FIFO or /dev/zero.
      throw new FileFormatException(source, "not a regular file ("
          + (Files.isDirectory(file) ? "a directory" : "a device, FIFO or socket")
          + "); expected a CSV file");
    }
    return parse(source, decode(source, Files.readAllBytes(file)), hasHeader);
  }

  /**
   * Parses CSV text held in memory (for tests and for data that did not come from a file).
   *
   * @param source the name to use in messages
   * @param text the CSV text
   * @param hasHeader whether the first non-blank line is a header
   * @return the table
   * @throws FileFormatException if the text is empty or malformed
   */
  public static CsvTable parse(String source, String text, boolean hasHeader)
      throws FileFormatException {
    Objects.requireNonNull(text, "text");
    String name = source == null ? "(unnamed)" : source;
    List<String[]> records = new ArrayList<>();
    List<Integer> recordLines = new ArrayList<>();
    new Parser(name, text).parseAll(records, recordLines);
    if (records.isEmpty()) {
      throw new FileFormatException(
          name, hasHeader ? "the file is empty (expected a header row)" : "the file is empty");
    }

    List<String> columns = new ArrayList<>();
    int first = 0;
    if (hasHeader) {
      for (String c : records.get(0)) {
        columns.add(c);
      }
      first = 1;
    } else {
      for (int c = 1; c <= records.get(0).length; c++) {
        columns.add(Integer.toString(c));
      }
    }

    int width = columns.size();
    // pandas' implicit index: decided by the first data row, then required of every row.
    boolean dropIndex =
        hasHeader && records.size() > first && records.get(first).length == width + 1;
    int expectedFields = dropIndex ? width + 1 : width;
    List<String[]> rows = new ArrayList<>(records.size() - first);
    int[] lines = new int[records.size() - first];
    for (int r = first; r < records.size(); r++) {
      String[] fields = records.get(r);
      int line = recordLines.get(r);
      if (fields.length != expectedFields) {
        String why =
            dropIndex
                ? " (a row index followed by the "
                    + width
                    + " columns of the header, as in the"
                    + " first data row)"
                : hasHeader ? " as in the header" : " as in the first line";
        throw new FileFormatException(
            name,
            "line "
                + line
                + ": expected "
                + expectedFields
                + " fields"
                + why
                + ", found "
                + fields.length);
      }
      if (dropIndex) {
        String[] trimmed = new String[width];
        System.arraycopy(fields, 1, trimmed, 0, width);
        fields = trimmed;
      }
      rows.add(fields);
      lines[r - first] = line;
    }
    return new CsvTable(name, hasHeader, columns, rows, lines);
  }

  private static String decode(String source, byte[] bytes) throws FileFormatException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new FileFormatException(source, "the file is not UTF-8 text", e);
    }
  }

  /**
   * The file name (or the name given to {@link #parse}) used in messages.
   *
   * @return the source name; "(unnamed)" when {@link #parse} was given none
   */
  public String source() {
    return source;
  }

  /**
   * The column names.
   *
   * @return the header's names, or "1".."k" for a file without a header; unmodifiable
   */
  public List<String> columns() {
    return columns;
  }

  /**
   * The number of data rows.
   *
   * @return the rows after the header (the header is not one); blank lines are not rows
   */
  public int rowCount() {
    return rows.size();
  }

  /**
   * One cell, as written in the file (quotes removed, nothing trimmed).
   *
   * @param row 0-based data row
   * @param column 0-based column
   * @return the cell's text
   */
  public String value(int row, int column) {
    return rows.get(row)[column];
  }

  /**
   * The 1-based line of the file on which a data row starts, for messages.
   *
   * @param row 0-based data row
   * @return the line number
   */
  public int lineNumber(int row) {
    return lines[row];
  }

  /**
   * The index of a column by its exact name.
   *
   * @param name the column name as in the header
   * @return its 0-based index
   * @throws FileFormatException if there is no such column (the message lists the columns there
   *     are) or if the header has the name twice
   */
  public int columnIndex(String name) throws FileFormatException {
    Objects.requireNonNull(name, "name");
    int found = -1;
    for (int c = 0; c < columns.size(); c++) {
      if (columns.get(c).equals(name)) {
        if (found >= 0) {
          throw new FileFormatException(
              source,
              "column '"
                  + name
                  + "' is ambiguous: the header has it as column "
                  + (found + 1)
                  + " and column "
                  + (c + 1));
        }
        found = c;
      }
    }
    if (found < 0) {
      throw new FileFormatException(
          source, "no column " + Quoted.of(name) + "; the columns are " + quotedList(columns));
    }
    return found;
  }

  /**
   * How messages name a column: {@code column 'CO2'} by its header name, or {@code column 3} by its
   * 1-based number in a file without a header.
   *
   * @param column the 0-based column index
   * @return the phrase
   */
  public String describeColumn(int column) {
    return hasHeader ? "column " + Quoted.of(columns.get(column)) : "column " + (column + 1);
  }

  /**
   * A column parsed as finite decimal numbers.
   *
   * @param column the column name
   * @return (rowCount) values
   * @throws FileFormatException if the column is missing or a cell is not a finite number
   */
  public double[] numbers(String column) throws FileFormatException {
    return numbers(columnIndex(column));
  }

  /**
   * A column parsed as finite decimal numbers.
   *
   * @param column the 0-based column index
   * @return (rowCount) values
   * @throws FileFormatException if a cell is not a finite number
   */
  public double[] numbers(int column) throws FileFormatException {
    return numbers(column, null, 0);
  }

  /**
   * A column parsed as finite decimal numbers, with a marker for missing values (UCI files use
   * {@code ?}).
   *
   * @param column the 0-based column index
   * @param missingMarker the exact cell text that means "missing", or null for none
   * @param replacement the value a missing cell becomes
   * @return (rowCount) values
   * @throws FileFormatException if any other cell is not a finite number
   */
  public double[] numbers(int column, String missingMarker, double replacement)
      throws FileFormatException {
    checkColumn(column);
    double[] out = new double[rows.size()];
    for (int r = 0; r < out.length; r++) {
      String text = rows.get(r)[column];
      out[r] =
          missingMarker != null && missingMarker.equals(text) ? replacement : number(r, column);
    }
    return out;
  }

  /**
   * One cell parsed as a finite decimal number ({@code 12}, {@code -0.5}, {@code 1e-3}; spaces
   * around it are allowed; {@code NaN}, {@code Infinity}, hexadecimal and Java's {@code 1d}/{@code
   * 1f} suffixes are not).
   *
   * @param row 0-based data row
   * @param column 0-based column
   * @return the value
   * @throws FileFormatException naming line and column if the cell is not a finite number
   */
  public double number(int row, int column) throws FileFormatException {
    String text = rows.get(row)[column];
    String trimmed = text.strip();
    if (isDecimal(trimmed)) {
      double v = Double.parseDouble(trimmed);
      if (Double.isFinite(v)) {
        return v;
      }
      throw new FileFormatException(
          source,
          "line "
              + lines[row]
              + ", "
              + describeColumn(column)
              + ": "
              + Quoted.cutWithLength(text)
              + " is too large for a double");
    }
    throw new FileFormatException(
        source,
        "line "
            + lines[row]
            + ", "
            + describeColumn(column)
            + ": expected a number, found "
            + Quoted.of(text));
  }

  /**
   * A column's cells as written.
   *
   * @param column the 0-based column index
   * @return (rowCount) strings
   */
  public String[] strings(int column) {
    checkColumn(column);
    String[] out = new String[rows.size()];
    for (int r = 0; r < out.length; r++) {
      out[r] = rows.get(r)[column];
    }
    return out;
  }

  private void checkColumn(int column) {
    if (column < 0 || column >= columns.size()) {
      throw new IndexOutOfBoundsException(
          "column " + column + " out of range 0.." + (columns.size() - 1));
    }
  }

  // Accepts [+-] digits [. digits] [(e|E) [+-] digits], with at least one mantissa digit.
  static boolean isDecimal(String s) {
    int i = 0;
    int n = s.length();
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int digits = 0;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
      digits++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int expDigits = 0;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        expDigits++;
      }
      if (expDigits == 0) {
        return false;
      }
    }
    return i == n;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static String quotedList(List<String> names) {
    StringBuilder sb = new StringBuilder();
    for (String n : names) {
      sb.append(sb.length() == 0 ? "" : ", ").append('\'').append(n).append('\'');
    }
    return sb.toString();
  }

  /** RFC 4180 tokenizer over the whole text, tracking line numbers. */
  private static final class Parser {
    private final String source;
    private final String text;
    private int pos;
    private int line = 1;

    Parser(String source, String text) {
      this.source = source;
      // A byte-order mark is an encoding artefact, not part of the first column's name.
      this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    void parseAll(List<String[]> records, List<Integer> recordLines) throws FileFormatException {
      while (pos < text.length()) {
        int startLine = line;
        List<String> fields = new ArrayList<>();
        boolean quotedSeen = false;
        while (true) {
          boolean quoted = pos < text.length() && text.charAt(pos) == '"';
          quotedSeen |= quoted;
          fields.add(quoted ? quotedField(fields.size() + 1) : plainField());
          if (pos >= text.length()) {
            break;
          }
          char c = text.charAt(pos);
          if (c == ',') {
            pos++;
            continue;
          }
          endOfLine(); // the field stopped at a line break
          break;
        }
        boolean blank = fields.size() == 1 && fields.get(0).isEmpty() && !quotedSeen;
        if (!blank) {
          records.add(fields.toArray(new String[0]));
          recordLines.add(startLine);
        }
      }
    }

    private String plainField() {
      int start = pos;
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c == ',' || c == '\n' || c == '\r') {
          break;
        }
        pos++;
      }
      return text.substring(start, pos);
    }

    private String quotedField(int fieldNumber) throws FileFormatException {
      int openedOn = line;
      pos++; // opening quote
      StringBuilder sb = new StringBuilder();
      while (true) {
        if (pos >= text.length()) {
          throw new FileFormatException(
              source,
              "line "
                  + openedOn
                  + ": the quoted field "
                  + fieldNumber
                  + " is never closed (missing '\"')");
        }
        char c = text.charAt(pos);
        if (c == '"') {
          if (pos + 1 < text.length() && text.charAt(pos + 1) == '"') {
            sb.append('"');
            pos += 2;
            continue;
          }
          pos++; // closing quote
          break;
        }
        if (c == '\r' || c == '\n') {
          sb.append(
              c == '\r' && pos + 1 < text.length() && text.charAt(pos + 1) == '\n'
                  ? "\r\n"
                  : String.valueOf(c));
          endOfLine();
          continue;
        }
        sb.append(c);
        pos++;
      }
      if (pos < text.length()) {
        char c = text.charAt(pos);
        if (c != ',' && c != '\r' && c != '\n') {
          throw new FileFormatException(
              source,
              "line "
                  + line
                  + ": unexpected '"
                  + c
                  + "' after the closing quote of field "
                  + fieldNumber
                  + " (expected ',' or the end of the line)");
        }
      }
      return sb.toString();
    }

    /** Consumes one CRLF, LF or CR at pos. */
    private void endOfLine() {
      if (text.charAt(pos) == '\r' && pos + 1 < text.length() && text.charAt(pos + 1) == '\n') {
        pos += 2;
      } else {
        pos++;
      }
      line++;
    }
  }
}
