package io.liquid4j.cli;

/** Entry point of the {@code liquid4j} command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("liquid4j");
  }
}
