#!/usr/bin/env bash
# A Spark standalone cluster on this machine, for trying jobs against a real master and real
# executor JVMs: one master at spark://127.0.0.1:7077 and one worker, both bound to 127.0.0.1.
#
#   scripts/spark-standalone.sh start [CORES]   # worker with CORES cores (default: all)
#   scripts/spark-standalone.sh stop
#   scripts/spark-standalone.sh status
#
# No Spark download: it runs the Spark jars Maven already fetched for the spark module. A worker
# starts executors as `java -cp $SPARK_HOME/jars/*`, so the script makes a SPARK_HOME of its own
# under .spark-cluster/ (git-ignored) whose jars/ links to those Maven jars; logs, pids and the
# executors' work folders are there too.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$ROOT/.spark-cluster"
HOME_DIR="$DIR/home"
MASTER_URL="spark://127.0.0.1:7077"
MASTER_UI_PORT="${SPARK_MASTER_WEBUI_PORT:-8080}"
WORKER_UI_PORT="${SPARK_WORKER_WEBUI_PORT:-8081}"
# SPARK_SCALA_VERSION: without it the worker looks for a Spark source build to learn the Scala
# version and fails every executor with "Cannot find any build directories".
export SPARK_HOME="$HOME_DIR" SPARK_LOCAL_IP=127.0.0.1 SPARK_LOCAL_HOSTNAME=127.0.0.1 SPARK_SCALA_VERSION=2.13

# Spark's own jars only. The module's provided classpath also holds liquid4j-core, its libraries
# (EJML, Jackson 3) and the test jars; those are left out: jobs bring liquid4j with --jars, as
# they would on a real cluster. The application's jars are listed, comma-separated, in
# .spark-cluster/app-jars.txt for --jars / spark.jars.
APP_JARS='/liquid4j-|/org/ejml/|/tools/jackson/'
make_home() {
  if [[ -d "$HOME_DIR/jars" ]]; then return; fi
  mkdir -p "$HOME_DIR/jars" "$HOME_DIR/conf" "$DIR/logs" "$DIR/work"
  (cd "$ROOT" && mvn -B -q -pl spark dependency:build-classpath -Dmdep.outputFile="$DIR/all.txt")
  tr ':' '\n' < "$DIR/all.txt" | grep -Ev "$APP_JARS|/junit/|/opentest4j/|/apiguardian/" \
    | while read -r jar; do ln -sf "$jar" "$HOME_DIR/jars/"; done
  tr ':' '\n' < "$DIR/all.txt" | grep -E "$APP_JARS" | paste -sd, > "$DIR/app-jars.txt"
}

running() { [[ -f "$DIR/$1.pid" ]] && kill -0 "$(cat "$DIR/$1.pid")" 2>/dev/null; }

wait_for() { # LOG PATTERN WHAT PIDNAME
  for _ in $(seq 1 60); do
    if ! running "$4"; then echo "$3 exited; see $1" >&2; return 1; fi
    if grep -q "$2" "$1" 2>/dev/null; then return 0; fi
    sleep 1
  done
  echo "$3 did not start within 60 s; see $1" >&2
  return 1
}

start() {
  local cores="${1:-$(nproc)}"
  make_home
  if running master || running worker; then echo "already running ($MASTER_URL)"; return; fi
  nohup java -Xmx512m -cp "$HOME_DIR/conf:$HOME_DIR/jars/*" \
    org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 7077 \
    --webui-port "$MASTER_UI_PORT" > "$DIR/logs/master.log" 2>&1 &
  echo $! > "$DIR/master.pid"
  wait_for "$DIR/logs/master.log" "I have been elected leader" "the master" master
  nohup java -Xmx512m -cp "$HOME_DIR/conf:$HOME_DIR/jars/*" \
    org.apache.spark.deploy.worker.Worker "$MASTER_URL" --host 127.0.0.1 --cores "$cores" \
    --memory "${SPARK_WORKER_MEMORY:-4g}" --webui-port "$WORKER_UI_PORT" \
    --work-dir "$DIR/work" > "$DIR/logs/worker.log" 2>&1 &
  echo $! > "$DIR/worker.pid"
  wait_for "$DIR/logs/worker.log" "Successfully registered with master" "the worker" worker
  echo "started $MASTER_URL: 1 worker, $cores cores (logs in $DIR/logs)"
}

stop() {
  # Only the processes this script started, by their recorded ids; the worker also ends the
  # executors it launched.
  for p in worker master; do
    if running "$p"; then kill "$(cat "$DIR/$p.pid")"; echo "stopped $p"; fi
    rm -f "$DIR/$p.pid"
  done
}

status() {
  for p in master worker; do
    if running "$p"; then echo "$p: running (pid $(cat "$DIR/$p.pid"))"; else echo "$p: stopped"; fi
  done
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start [CORES] | stop | status" >&2; exit 2 ;;
esac
