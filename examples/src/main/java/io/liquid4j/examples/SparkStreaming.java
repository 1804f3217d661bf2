package io.liquid4j.examples;

import io.liquid4j.io.ModelFile;
import io.liquid4j.model.SequenceModel;
import io.liquid4j.spark.StreamingScoring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

public class SparkStreaming {
  public static void main(String[] args) throws Exception {
    // Events as JSON lines in a folder, as a collector would drop them: 3 rooms, 10 readings each.
    Path base = Files.createDirectories(Path.of("liquid4j-out", "streaming"));
    Path incoming = Files.createDirectories(base.resolve("incoming"));
    StringBuilder lines = new StringBuilder();
    for (int t = 0; t < 10; t++) {
      for (int room = 1; room <= 3; room++) {
        lines.append(String.format(
            "{\"key\":\"room-%d\",\"timestamp\":%.1f,\"features\":[%.3f,%.3f]}%n",
            room, 2.5 * t + room, Math.sin(0.3 * t + room), Math.cos(0.2 * t)));
      }
    }
    Files.writeString(incoming.resolve("events.json"), lines);

    SparkSession spark = SparkSession.builder().appName("occupancy-stream")
        .master("local[2]").config("spark.ui.enabled", "false")   // spark-submit sets these
        .config("spark.locality.wait", "0")             // local: no wait for a state's executor
        .config("spark.sql.shuffle.partitions", "2")   // state partitions: fixed by the checkpoint
        .getOrCreate();
    SequenceModel model = ModelFile.load(Path.of("examples/ltc-autoncp16/model.safetensors"));
    Dataset<Row> events = spark.readStream()
        .schema("key STRING, timestamp DOUBLE, features ARRAY<DOUBLE>")
        .json(incoming.toString());        // {"key":"room-1","timestamp":12.5,"features":[...]}
    StreamingQuery query = StreamingScoring.score(events, model, 1.0)
        .writeStream()
        .outputMode("append")
        .option("checkpointLocation", base.resolve("checkpoint").toString())
        .format("parquet").option("path", base.resolve("scores").toString())
        .trigger(Trigger.AvailableNow())                // score what is there, then stop
        .start();
    query.awaitTermination();

    List<Row> scores = spark.read().parquet(base.resolve("scores").toString())
        .orderBy("key", "timestamp").collectAsList();
    System.out.println(scores.size() + " scores; last: " + scores.get(scores.size() - 1));
    spark.stop();
  }
}
