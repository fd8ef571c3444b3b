# shellcheck shell=bash disable=SC2034  # sourced: the variables are used by the scripts that source it
# Shared helpers of the FloorWatch launcher scripts (sourced, not run).
# Everything here runs real processes on 127.0.0.1 and stops them by PID only.

FW_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Runtime state of local runs (pids, ports, data, logs): inside the checkout, gitignored.
FW_STATE="${FLOORWATCH_STATE_DIR:-$FW_ROOT/.floorwatch}"
# Resolved classpaths of the local servers: shared by every checkout of this user.
FW_CACHE="${FLOORWATCH_CACHE:-$HOME/.cache/floorwatch}"
FW_DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"

fw_log() { printf '[floorwatch] %s\n' "$*" >&2; }
fw_die() { printf '[floorwatch] ERROR: %s\n' "$*" >&2; exit 1; }

fw_need() {
  command -v "$1" >/dev/null 2>&1 || fw_die "'$1' is required but not installed${2:+ ($2)}"
}

# Flink's --add-opens/--add-exports list for Java 17 (env.java.opts.all of Flink's default config.yaml).
FW_FLINK_JAVA17_OPTS=(
  -XX:+IgnoreUnrecognizedVMOptions
  --add-exports=java.base/sun.net.util=ALL-UNNAMED
  --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED
  --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED
  --add-opens=java.base/java.math=ALL-UNNAMED
  --add-opens=java.sql/java.sql=ALL-UNNAMED
)

# fw_mvn ARGS...: quiet batch Maven, its output on stderr, without the colour resets Debian's
# Maven 3.8 prints at exit even in batch mode. Fails when Maven fails.
fw_mvn() {
  mvn -q -B -Dstyle.color=never "$@" 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g' | { grep -v '^$' || true; } >&2
  return "${PIPESTATUS[0]}"
}

# fw_resolve_classpath POM OUTFILE: writes the runtime classpath of POM's dependencies to OUTFILE,
# again only when the pom changed. Maven downloads what is missing (first run only).
fw_resolve_classpath() {
  local pom="$1" out="$2"
  if [[ -s "$out" && "$out" -nt "$pom" ]]; then return 0; fi
  fw_need mvn "apt-get install maven"
  mkdir -p "$(dirname "$out")"
  fw_log "resolving $(basename "$pom" .xml) classpath with Maven (first run downloads the jars)"
  # -f with a pom outside the project: nothing of the project is built
  fw_mvn -f "$pom" "$FW_DEPENDENCY_PLUGIN:build-classpath" -Dmdep.outputFile="$out.tmp" -DincludeScope=runtime \
    || fw_die "could not resolve the classpath of $pom"
  mv "$out.tmp" "$out"
}

# fw_port_open HOST PORT: true when something accepts TCP connections there.
fw_port_open() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# fw_alive PID: true while the process runs (and is not a zombie).
fw_alive() {
  [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null && ! grep -qs '^State:.*Z' "/proc/$1/status"
}

# fw_stop_pid PID [SECONDS]: SIGTERM, wait, then SIGKILL. Only the given PID is touched.
fw_stop_pid() {
  local pid="$1" wait_s="${2:-30}" i
  fw_alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < wait_s * 10; i++)); do
    fw_alive "$pid" || return 0
    sleep 0.1
  done
  fw_log "PID $pid did not stop within ${wait_s}s: SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
}

# fw_spawn LOGFILE CMD...: starts CMD detached from this terminal (own session, survives the
# launcher's Ctrl-C), output to LOGFILE; prints its PID.
fw_spawn() {
  local log="$1"; shift
  mkdir -p "$(dirname "$log")"
  # Without job control a background child is no group leader, so setsid execs in place and $! is the server's PID.
  setsid "$@" </dev/null >>"$log" 2>&1 &
  echo $!
}
