package io.liquid4j.io;

/**
 * A value from a user's file or argument as shown in an error message: quoted when it is a string,
 * and cut to {@value #MAX_CHARS} characters with its full length when longer, so that a huge value
 * (a 50 MB string in a config) does not become a 50 MB error line.
 */
public final class Quoted {
  /** The most characters of a value an error message shows. */
  public static final int MAX_CHARS = 80;

  private Quoted() {}

  /**
   * The value for a message: {@code 'text'} for a string, its {@code toString} otherwise, either
   * cut to {@value #MAX_CHARS} characters followed by {@code …} and the original length.
   *
   * @param value the value, or null
   * @return {@code 'abc'}, {@code 12}, {@code null} or {@code 'aaaa…' (52428800 characters)}
   */
  public static String of(Object value) {
    if (value instanceof String s) {
      return s.length() <= MAX_CHARS ? "'" + s + "'" : "'" + cut(s) + "' (" + s.length()
          + " characters)";
    }
    return cutWithLength(String.valueOf(value));
  }

  /**
   * The text cut to {@value #MAX_CHARS} characters, followed by {@code …} and its original length
   * when longer; unquoted.
   *
   * @param text the text
   * @return the text, or its start, {@code …} and {@code (N characters)}
   */
  public static String cutWithLength(String text) {
    return text.length() <= MAX_CHARS ? text : cut(text) + " (" + text.length() + " characters)";
  }

  private static String cut(String s) {
    int end = MAX_CHARS;
    if (Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end) + "…";
  }
}
