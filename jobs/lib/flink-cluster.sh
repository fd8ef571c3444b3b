#!/usr/bin/env bash
# A real Flink 2.2.1 standalone session cluster (one JobManager, one TaskManager) as plain
# processes on 127.0.0.1, built from Maven artifacts (flink-dist is not on Maven Central), with the
# project's flink-conf/config.yaml. For `jobs/floorwatch cluster`, the submission tests and fault tests.
#
#   flink-cluster.sh start WORKDIR REST_PORT [-D key=value ...]
#        start JobManager + TaskManager, wait for REST and a registered TaskManager, print "JM_PID TM_PID"
#   flink-cluster.sh stop WORKDIR               stop the TaskManager(s) and the JobManager of WORKDIR
#   flink-cluster.sh kill-taskmanager WORKDIR   SIGKILL the running TaskManager (fault tests); print its PID
#   flink-cluster.sh start-taskmanager WORKDIR  start a new TaskManager, wait until it registered, print its PID
#   flink-cluster.sh classpath                  print the cluster classpath (resolving it on first use)
#
# Ports: REST_PORT, JobManager RPC at REST_PORT+1 (FLINK_RPC_PORT); blob, TaskManager and data
# ports are chosen free by Flink. Checkpoints, savepoints, uploaded jars, logs and temp files all
# live under WORKDIR. Extra -D options (e.g. -D heartbeat.timeout=5s) apply to both processes.
set -euo pipefail
# shellcheck source=jobs/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

FLINK_VERSION=2.2.1
FLINK_POM="$FW_ROOT/jobs/lib/flink-cluster-pom.xml"
FLINK_CP_FILE="$FW_CACHE/flink-$FLINK_VERSION/classpath.txt"

flink_classpath() {
  fw_resolve_classpath "$FLINK_POM" "$FLINK_CP_FILE"
  cat "$FLINK_CP_FILE"
}

rest_url() { echo "http://127.0.0.1:$(cat "$1/rest.port")"; }

# The JVM and dynamic memory flags Flink's own scripts compute (BashJavaUtils): line 1 -Xmx/-Xms...,
# line 2 "-D key=value ..." for the entrypoint.
resource_params() {
  local what="$1" workdir="$2" cp="$3"
  local out
  out="$(java -cp "$cp" -Dlog4j.configurationFile="$FW_ROOT/jobs/lib/log4j2-tools.properties" \
    org.apache.flink.runtime.util.bash.BashJavaUtils "$what" --configDir "$workdir/conf" \
    "${DYNAMIC[@]}" 2>"$workdir/log/bash-java-utils.err")" \
    || { cat "$workdir/log/bash-java-utils.err" >&2; fw_die "BashJavaUtils $what failed"; }
  grep '^BASH_JAVA_UTILS_EXEC_RESULT:' <<<"$out" | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://' | tail -n 2
}

load_dynamic() {
  DYNAMIC=()
  local line
  while IFS= read -r line; do [[ -n "$line" ]] && DYNAMIC+=(-D "$line"); done <"$1/dynamic.properties"
}

start_process() { # start_process WORKDIR NAME MAIN_CLASS PARAMS_KIND
  local workdir="$1" name="$2" main="$3" kind="$4"
  local cp; cp="$(flink_classpath)"
  local params jvm dyn
  params="$(resource_params "$kind" "$workdir" "$cp")"
  jvm="$(sed -n 1p <<<"$params")"
  dyn="$(sed -n 2p <<<"$params")"
  local log="$workdir/log/$name.log"
  # shellcheck disable=SC2086  # jvm and dyn are Flink's own word lists
  fw_spawn "$workdir/log/$name.out" java "${FW_FLINK_JAVA17_OPTS[@]}" $jvm \
    -Dlog.file="$log" -Dlog4j.configurationFile="file:$workdir/conf/log4j.properties" \
    -cp "$cp" "$main" --configDir "$workdir/conf" "${DYNAMIC[@]}" $dyn
}

overview() { curl -sf --max-time 2 "$(rest_url "$1")/overview" 2>/dev/null; }

wait_for_rest() {
  local workdir="$1" pid="$2" i
  for ((i = 0; i < 1200; i++)); do
    fw_alive "$pid" || { tail -n 30 "$workdir/log/jobmanager.out" "$workdir/log/jobmanager.log" >&2 2>/dev/null; fw_die "the JobManager exited during start (logs in $workdir/log)"; }
    overview "$workdir" >/dev/null && return 0
    sleep 0.1
  done
  fw_die "the JobManager's REST API did not answer within 120 s (logs in $workdir/log)"
}

wait_for_taskmanager() { # wait until the TaskManager with this resource id is registered
  local workdir="$1" pid="$2" id="$3" i
  for ((i = 0; i < 1200; i++)); do
    fw_alive "$pid" || { tail -n 30 "$workdir/log/$id.out" "$workdir/log/$id.log" >&2 2>/dev/null; fw_die "the TaskManager exited during start (logs in $workdir/log)"; }
    if curl -sf --max-time 2 "$(rest_url "$workdir")/taskmanagers" 2>/dev/null | grep -q "\"id\":\"$id\""; then
      return 0
    fi
    sleep 0.1
  done
  fw_die "the TaskManager did not register within 120 s (logs in $workdir/log)"
}

cmd_start_taskmanager() {
  local workdir="${1:?usage: flink-cluster.sh start-taskmanager WORKDIR}"
  workdir="$(cd "$workdir" && pwd)"
  load_dynamic "$workdir"
  local n=$(( $(cat "$workdir/taskmanager.count" 2>/dev/null || echo 0) + 1 ))
  echo "$n" >"$workdir/taskmanager.count"
  local id="taskmanager-$n"
  # a fixed resource id lets us wait for exactly this TaskManager (a killed one stays listed until its heartbeat times out)
  DYNAMIC+=(-D "taskmanager.resource-id=$id")
  local pid
  pid="$(start_process "$workdir" "$id" org.apache.flink.runtime.taskexecutor.TaskManagerRunner GET_TM_RESOURCE_PARAMS)"
  # every TaskManager keeps its own PID file (stop ends them all); taskmanager.pid is the latest
  echo "$pid" >"$workdir/$id.pid"
  echo "$pid" >"$workdir/taskmanager.pid"
  wait_for_taskmanager "$workdir" "$pid" "$id"
  echo "$pid"
}

cmd_start() {
  local workdir="${1:?usage: flink-cluster.sh start WORKDIR REST_PORT [-D key=value ...]}" port="${2:?REST_PORT}"
  shift 2
  fw_need java "apt-get install openjdk-17-jre-headless"
  fw_need curl "apt-get install curl"
  mkdir -p "$workdir"
  workdir="$(cd "$workdir" && pwd)"
  if [[ -f "$workdir/jobmanager.pid" ]] && fw_alive "$(cat "$workdir/jobmanager.pid")"; then
    fw_die "a cluster already runs from $workdir (PID $(cat "$workdir/jobmanager.pid")); stop it first"
  fi
  local rpc_port="${FLINK_RPC_PORT:-$((port + 1))}"
  fw_port_open 127.0.0.1 "$port" && fw_die "REST port $port is already in use"
  fw_port_open 127.0.0.1 "$rpc_port" && fw_die "RPC port $rpc_port is already in use"
  mkdir -p "$workdir/conf" "$workdir/log" "$workdir/tmp" "$workdir/jars" "$workdir/checkpoints" "$workdir/savepoints"
  cp "$FW_ROOT/flink-conf/config.yaml" "$FW_ROOT/flink-conf/log4j.properties" "$workdir/conf/"
  echo "$port" >"$workdir/rest.port"
  rm -f "$workdir/taskmanager.count"
  # ports and directories of this cluster, then the caller's own -D options (they win)
  {
    echo "rest.port=$port"
    echo "jobmanager.rpc.port=$rpc_port"
    echo "io.tmp.dirs=$workdir/tmp"
    echo "web.tmpdir=$workdir/tmp"
    echo "web.upload.dir=$workdir/jars"
    echo "execution.checkpointing.dir=file://$workdir/checkpoints"
    echo "execution.checkpointing.savepoint-dir=file://$workdir/savepoints"
    echo "metrics.reporter.prom.port=${FLINK_PROM_PORTS:-9249-9269}"
    while [[ $# -gt 0 ]]; do
      case "$1" in
        -D) echo "${2:?-D needs key=value}"; shift 2 ;;
        -D*) echo "${1#-D}"; shift ;;
        *) fw_die "unexpected argument '$1' (expected -D key=value)" ;;
      esac
    done
  } >"$workdir/dynamic.properties"
  load_dynamic "$workdir"
  local jm_pid
  jm_pid="$(start_process "$workdir" jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint GET_JM_RESOURCE_PARAMS)"
  echo "$jm_pid" >"$workdir/jobmanager.pid"
  wait_for_rest "$workdir" "$jm_pid"
  local tm_pid
  tm_pid="$(cmd_start_taskmanager "$workdir")" || { fw_stop_pid "$jm_pid" 10; exit 1; }
  echo "$jm_pid $tm_pid"
}

cmd_kill_taskmanager() {
  local workdir="${1:?usage: flink-cluster.sh kill-taskmanager WORKDIR}"
  local pid; pid="$(cat "$workdir/taskmanager.pid" 2>/dev/null)" || fw_die "no TaskManager PID in $workdir"
  fw_alive "$pid" || fw_die "TaskManager PID $pid is not running"
  kill -KILL "$pid"
  echo "$pid"
}

cmd_stop() {
  local workdir="${1:?usage: flink-cluster.sh stop WORKDIR}"
  local f
  # TaskManagers first, so the JobManager doesn't restart jobs onto them while stopping
  for f in "$workdir"/taskmanager-*.pid "$workdir/taskmanager.pid" "$workdir/jobmanager.pid"; do
    if [[ -f "$f" ]]; then
      fw_stop_pid "$(cat "$f")" 30
      rm -f "$f"
    fi
  done
}

case "${1:-}" in
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  kill-taskmanager) shift; cmd_kill_taskmanager "$@" ;;
  start-taskmanager) shift; cmd_start_taskmanager "$@" ;;
  classpath) flink_classpath ;;
  *) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
