package io.liquid4j.io;

import java.io.IOException;

/**
 * A file's content is not what its format requires: a bad magic number, a malformed header, a shape
 * that does not match the data, a truncated file, and so on.
 *
 * <p>The message is always one line: the file (or the name given for a byte array), then where the
 * problem is (byte offset, header key, tensor name, line/column) and what was expected versus
 * found, for example {@code model.safetensors: tensor 'rnn_cell.w' has shape [8, 8] and dtype F32,
 * which needs 256 bytes, but its data_offsets span 200 bytes}. Problems with the file system itself
 * (missing file, no permission) are plain {@link IOException}s, not this type.
 */
public final class FileFormatException extends IOException {
  /** The file path or name given for the content; "(unnamed)" for none. */
  private final String source;

  /** The message without the leading source name, on one line. */
  private final String detail;

  /**
   * Creates an exception for a problem in a file's content.
   *
   * @param source the file path, or the name a byte array was given; null becomes "(unnamed)"
   * @param detail where the problem is and what was expected versus found
   */
  public FileFormatException(String source, String detail) {
    this(source, detail, null);
  }

  /**
   * Creates an exception for a problem in a file's content, caused by a lower-level error (for
   * example the JSON parser's).
   *
   * @param source the file path, or the name a byte array was given; null becomes "(unnamed)"
   * @param detail where the problem is and what was expected versus found
   * @param cause the underlying error, kept for debugging; may be null
   */
  public FileFormatException(String source, String detail, Throwable cause) {
    super(oneLine(source == null ? "(unnamed)" : source) + ": " + oneLine(detail), cause);
    this.source = source == null ? "(unnamed)" : source;
    this.detail = oneLine(detail);
  }

  /**
   * The file path or name given for the content.
   *
   * @return the source, "(unnamed)" when none was given
   */
  public String source() {
    return source;
  }

  /**
   * The message without the leading source name.
   *
   * @return where the problem is and what was expected versus found, on one line
   */
  public String detail() {
    return detail;
  }

  // Messages end up in CLI output and logs, one problem per line; parser messages (Jackson's, for
  // one) sometimes contain line breaks, so they are folded here rather than at every call site.
  private static String oneLine(String text) {
    if (text == null) {
      return "(no detail)";
    }
    return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
  }
}
