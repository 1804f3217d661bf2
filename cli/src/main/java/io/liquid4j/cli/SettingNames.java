package io.liquid4j.cli;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Library messages name a setting by its Java name ({@code spectralRadius: expected a positive
 * number}); a command reports them with its option names ({@code --spectral-radius: ...}).
 */
final class SettingNames {
  private final Pattern names;
  private final Pattern first;

  /**
   * The settings of one library API that a command exposes as options of the same name in
   * kebab case.
   *
   * @param settings the Java names, such as {@code spectralRadius}
   */
  SettingNames(String... settings) {
    // Not after a hyphen: a message that already says --solver stays --solver, not ----solver.
    names = Pattern.compile("(?<![-\\w])(" + String.join("|", settings) + ")\\b");
    first = Pattern.compile(names.pattern() + ":");
  }

  /**
   * The message with every setting's name replaced by its option's: {@code spectralRadius} by
   * {@code --spectral-radius}.
   *
   * @param message a library message
   * @return the message in the command line's terms
   */
  String inOptionNames(String message) {
    return names.matcher(message).replaceAll(m -> "--" + m.group(1)
        .replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT));
  }

  /**
   * Whether the message is about a setting: it starts with a setting's name and a colon.
   *
   * @param message a library message, or null
   * @return true for {@code ridge: ...}
   */
  boolean isAboutASetting(String message) {
    return message != null && first.matcher(message).lookingAt();
  }
}
