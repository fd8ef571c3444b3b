#!/usr/bin/env bash
# A local ClickHouse as a plain process (no Docker needed), for the demo, the benchmark and the tests.
#
#   clickhouse.sh install                               installs if absent; prints the launcher path
#   clickhouse.sh start <datadir> <http_port> <tcp_port> starts a server on 127.0.0.1, waits until it
#                                                       answers SELECT 1 over HTTP, prints its PID
#   clickhouse.sh stop <pid>                            SIGTERM, then SIGKILL after 20 s
#
# Which ClickHouse: $FLOORWATCH_CLICKHOUSE_BINARY, else a `clickhouse` on PATH (run as
# `clickhouse server`), else ClickHouse 26.7 from the npm package @chdb/lib-linux-x64-gnu (libchdb.so,
# a complete `clickhouse local`) driven by the small C launcher jobs/lib/chlaunch.c, installed into
# $FLOORWATCH_CACHE/chdb (default ~/.cache/floorwatch/chdb). Set FLOORWATCH_CLICKHOUSE_BINARY=chdb to
# use the npm one even when a `clickhouse` is on PATH.
#
# The chdb server keeps listening while its one long query runs; SIGTERM ends it. Its defaults differ
# from a normal server in one way that matters: async_insert=1, so clients send async_insert=0.
# With FLOORWATCH_CLICKHOUSE_OWNER_PID set, `start` also stops the server when that process is gone.
# Users: `default` (no password, 127.0.0.1 only, access management) plus, with
# FLOORWATCH_CLICKHOUSE_USERS_D=<dir>, every *.xml of that folder as the server's users.d (the tests pass
# docker/clickhouse/users.d, whose passwords come from the environment `start` runs in).
# Can be sourced: the functions are ch_install, ch_start, ch_stop.
set -euo pipefail

CHDB_PACKAGE="@chdb/lib-linux-x64-gnu@26.7.3-stable.1"
CH_CACHE="${FLOORWATCH_CACHE:-$HOME/.cache/floorwatch}/chdb"
CH_LIB_DIR="$CH_CACHE/node_modules/@chdb/lib-linux-x64-gnu"
CH_LAUNCHER="$CH_CACHE/chlaunch"
CH_SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

ch_log() { echo "clickhouse.sh: $*" >&2; }

# The ClickHouse binary to run as `clickhouse server`, or nothing when the chdb launcher is used.
ch_server_binary() {
    local b="${FLOORWATCH_CLICKHOUSE_BINARY:-}"
    if [[ "$b" == "chdb" ]]; then return 0; fi
    if [[ -n "$b" ]]; then echo "$b"; return 0; fi
    command -v clickhouse 2>/dev/null || true
}

ch_install() {
    if [[ ! -f "$CH_LIB_DIR/libchdb.so" ]]; then
        command -v npm >/dev/null || { ch_log "npm is needed to install $CHDB_PACKAGE"; return 1; }
        mkdir -p "$CH_CACHE"
        ch_log "installing $CHDB_PACKAGE into $CH_CACHE (about 190 MB, once)"
        # A lock, so that parallel test JVMs or scripts don't install over each other.
        (
            flock 9
            if [[ ! -f "$CH_LIB_DIR/libchdb.so" ]]; then
                npm install --prefix "$CH_CACHE" --no-audit --no-fund --no-save "$CHDB_PACKAGE" >&2
            fi
        ) 9>"$CH_CACHE/.install.lock"
    fi
    local src="$CH_SCRIPT_DIR/chlaunch.c"
    if [[ ! -x "$CH_LAUNCHER" || "$src" -nt "$CH_LAUNCHER" ]]; then
        command -v gcc >/dev/null || { ch_log "gcc is needed to build the launcher"; return 1; }
        gcc -O2 -o "$CH_LAUNCHER.tmp.$$" "$src" -L"$CH_LIB_DIR" -lchdb -Wl,-rpath,"$CH_LIB_DIR"
        mv -f "$CH_LAUNCHER.tmp.$$" "$CH_LAUNCHER"
    fi
    echo "$CH_LAUNCHER"
}

# <datadir>/users.xml with the user `default`, and <datadir>/users.d/ (merged into it by ClickHouse) with
# the files of $FLOORWATCH_CLICKHOUSE_USERS_D.
ch_write_users() {
    local data="$1" f
    cat >"$data/users.xml" <<XML
<clickhouse>
    <users><default><password/><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota><access_management>1</access_management></default></users>
    <profiles><default/><readonly><readonly>1</readonly></readonly></profiles>
    <quotas><default/></quotas>
</clickhouse>
XML
    rm -rf "$data/users.d"
    mkdir -p "$data/users.d"
    if [[ -n "${FLOORWATCH_CLICKHOUSE_USERS_D:-}" ]]; then
        for f in "$FLOORWATCH_CLICKHOUSE_USERS_D"/*.xml; do
            [[ -e "$f" ]] || { ch_log "no *.xml in FLOORWATCH_CLICKHOUSE_USERS_D=$FLOORWATCH_CLICKHOUSE_USERS_D"; return 1; }
            cp "$f" "$data/users.d/"
        done
    fi
}

ch_start() {
    local data="${1:?usage: start <datadir> <http_port> <tcp_port>}" http="${2:?http_port}" tcp="${3:?tcp_port}"
    mkdir -p "$data"
    data="$(cd "$data" && pwd)"
    local log="$data/clickhouse.log" bin pid
    ch_write_users "$data"
    bin="$(ch_server_binary)"
    if [[ -n "$bin" ]]; then
        # A real server, with a minimal config of its own: 127.0.0.1 only, our ports, no MySQL/PostgreSQL ports.
        mkdir -p "$data/tmp" "$data/user_files"
        cat >"$data/config.xml" <<XML
<clickhouse>
    <logger><level>warning</level><console>false</console><log>$data/server.log</log><errorlog>$data/server.err.log</errorlog></logger>
    <listen_host>127.0.0.1</listen_host>
    <http_port>$http</http_port>
    <tcp_port>$tcp</tcp_port>
    <path>$data/</path>
    <tmp_path>$data/tmp/</tmp_path>
    <user_files_path>$data/user_files/</user_files_path>
    <users_config>$data/users.xml</users_config>
</clickhouse>
XML
        setsid "$bin" server --config-file="$data/config.xml" </dev/null >"$log" 2>&1 &
        pid=$!
    else
        ch_install >/dev/null
        # One row per second, each sleeping a second: the query (and so the server) runs ~forever
        # without using CPU; max_block_size=1 keeps each sleep under the per-block limit.
        # clickhouse local reads users only from the file named by a config file's <users_config>
        printf '<clickhouse><users_config>%s/users.xml</users_config></clickhouse>\n' "$data" >"$data/config.xml"
        setsid "$CH_LAUNCHER" --config-file="$data/config.xml" --path="$data" --listen_host=127.0.0.1 --http_port="$http" --tcp_port="$tcp" \
            --multiquery --query "SYSTEM START LISTEN QUERIES ALL; SELECT sleepEachRow(1) FROM numbers(1000000000000) SETTINGS max_block_size = 1 FORMAT Null" \
            </dev/null >"$log" 2>&1 &
        pid=$!
    fi
    echo "$pid" >"$data/clickhouse.pid"
    # A test JVM killed hard can't run its shutdown hook: let the server follow its owner.
    if [[ -n "${FLOORWATCH_CLICKHOUSE_OWNER_PID:-}" ]]; then
        setsid bash -c 'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 2; done; kill -TERM "$2" 2>/dev/null' \
            ch-owner-watch "$FLOORWATCH_CLICKHOUSE_OWNER_PID" "$pid" </dev/null >/dev/null 2>&1 &
    fi
    local deadline=$((SECONDS + ${FLOORWATCH_CLICKHOUSE_START_TIMEOUT:-90}))
    until [[ "$(curl -s --max-time 2 "http://127.0.0.1:$http/?query=SELECT%201" 2>/dev/null)" == "1" ]]; do
        if ! kill -0 "$pid" 2>/dev/null; then
            ch_log "ClickHouse exited while starting; last lines of $log:"
            tail -n 20 "$log" >&2 || true
            return 1
        fi
        if ((SECONDS > deadline)); then
            ch_log "ClickHouse did not answer on port $http in time; stopping it"
            ch_stop "$pid" || true
            return 1
        fi
        sleep 0.2
    done
    echo "$pid"
}

ch_stop() {
    local pid="${1:?usage: stop <pid>}"
    kill -TERM "$pid" 2>/dev/null || return 0
    local i
    for ((i = 0; i < 200; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    ch_log "PID $pid still running 20 s after SIGTERM; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    cmd="${1:-}"
    shift || true
    case "$cmd" in
        install) ch_install ;;
        start) ch_start "$@" ;;
        stop) ch_stop "$@" ;;
        *) echo "usage: $0 install | start <datadir> <http_port> <tcp_port> | stop <pid>" >&2; exit 2 ;;
    esac
fi
