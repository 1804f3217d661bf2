package io.liquid4j.spark;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.function.Executable;

/** One local Spark per test class: two worker threads, no UI, bound to the loopback address. */
final class LocalSpark {
  private LocalSpark() {}

  static JavaSparkContext start(String name) {
    SparkConf conf = new SparkConf()
        .setMaster("local[2]")
        .setAppName(name)
        .set("spark.ui.enabled", "false")
        .set("spark.ui.showConsoleProgress", "false")
        // A machine whose host name does not resolve (containers, CI) still runs the tests.
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1");
    return new JavaSparkContext(conf);
  }

  /** Asserts that the job fails and that Spark's message carries {@code expected}. */
  static void assertJobFails(String expected, Executable job) {
    SparkException e = assertThrows(SparkException.class, job);
    assertTrue(e.getMessage().contains(expected),
        "expected the failure to mention \"" + expected + "\", found: " + e.getMessage());
  }
}
