# Shared by the Java broker targets (spring-simple, spring-relay, activemq, artemis):
# install Java 17 and Maven with apt-get when missing, build a Maven project when its
# jar is older than its sources, start a jar in the background with a pid file and a
# log under a state dir, wait (with a timeout) until its STOMP port(s) answer, stop it.
# Source it after setting TARGET (the name used in messages and the state dir).
#   STOMPSPEC_STATE_DIR   where pid files and logs go (default /tmp/stompspec-state)
#   START_TIMEOUT         seconds start_jar waits for readiness (default 120)
#   STOP_TIMEOUT          seconds stop_pidfile waits after TERM before KILL (default 20)

LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROBE=$LIB_DIR/../rabbitmq/probe.py
STATE_ROOT=${STOMPSPEC_STATE_DIR:-/tmp/stompspec-state}

log() { printf '[%s] %s\n' "$TARGET" "$*"; }
die() { printf '[%s] ERROR: %s\n' "$TARGET" "$*" >&2; exit 1; }

# Java 17 and Maven from Debian when missing (needs root).
ensure_java_maven() {
    local pkgs=()
    command -v java >/dev/null 2>&1 || pkgs+=(openjdk-17-jdk-headless)
    command -v mvn >/dev/null 2>&1 || pkgs+=(maven)
    command -v python3 >/dev/null 2>&1 || pkgs+=(python3)
    [ "${#pkgs[@]}" -eq 0 ] && return 0
    [ "$(id -u)" -eq 0 ] || die "missing ${pkgs[*]} and not root: cannot apt-get install"
    log "installing ${pkgs[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    timeout 300 apt-get update -q || die "apt-get update failed"
    timeout 900 apt-get install -y -q --no-install-recommends "${pkgs[@]}" || die "apt-get install ${pkgs[*]} failed"
}

# build_if_stale PROJECT_DIR JAR: mvn -q -B package unless JAR is newer than
# pom.xml and every file under src/. Maven's cache is ~/.m2 (the default).
build_if_stale() {
    local dir=$1 jar=$2
    if [ -f "$jar" ] && [ -z "$(find "$dir/pom.xml" "$dir/src" -newer "$jar" -print -quit)" ]; then
        log "up to date: $jar"
        return 0
    fi
    ensure_java_maven
    log "building $dir with Maven (a cold ~/.m2 takes a few minutes)"
    local t0=$SECONDS
    (cd "$dir" && timeout "${BUILD_TIMEOUT:-1200}" mvn -q -B package -DskipTests) || die "mvn package failed in $dir"
    [ -f "$jar" ] || die "mvn package did not produce $jar"
    touch "$jar"
    log "built $jar in $((SECONDS - t0)) s"
}

state_dir() { printf '%s/%s' "$STATE_ROOT" "$TARGET"; }
pid_file() { printf '%s/%s.pid' "$(state_dir)" "$TARGET"; }
log_file() { printf '%s/%s.log' "$(state_dir)" "$TARGET"; }

# Alive and not a zombie: started with setsid and reparented to PID 1, an
# exited java stays a zombie until something reaps it, and kill -0 still
# succeeds on it (seen in CI: "could not stop" a process that had exited).
alive() {
    local state
    state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
    [ -n "$state" ] && [ "${state#Z}" = "$state" ]
}

# The pid in the pid file, if that process is alive and is a java process.
running_pid() {
    local pf pid
    pf=$(pid_file)
    [ -f "$pf" ] || return 1
    pid=$(cat "$pf" 2>/dev/null)
    [ -n "$pid" ] && alive "$pid" || return 1
    grep -qa java "/proc/$pid/cmdline" 2>/dev/null || return 1
    printf '%s' "$pid"
}

# probe SPEC: "stomp PORT" or "ws PORT PATH" on 127.0.0.1 (quiet; 0 when ready).
probe() {
    local kind=$1; shift
    if [ "$kind" = stomp ]; then python3 "$PROBE" stomp 127.0.0.1 "$1" --timeout 2 -q
    else python3 "$PROBE" ws 127.0.0.1 "$1" "$2" --timeout 2 -q; fi
}

# all_ready SPEC...: every probe answers (each SPEC is one word list, e.g. "ws 8081 /x").
all_ready() {
    local spec
    for spec in "$@"; do
        # shellcheck disable=SC2086
        probe $spec || return 1
    done
}

show_log_tail() {
    echo "----- last 40 lines of $(log_file) -----" >&2
    tail -n 40 "$(log_file)" >&2 2>/dev/null || echo "(no log)" >&2
}

# start_jar "PROBE SPEC"... -- java args...: start java in the background unless it
# already runs and answers, then wait until every probe answers.
start_jar() {
    local specs=()
    while [ "$#" -gt 0 ] && [ "$1" != -- ]; do specs+=("$1"); shift; done
    shift
    mkdir -p "$(state_dir)"
    local pid
    if pid=$(running_pid); then
        if all_ready "${specs[@]}"; then
            log "already running (pid $pid) and ready"
            return 0
        fi
        log "running (pid $pid) but not ready yet: waiting"
    else
        rm -f "$(pid_file)"
        log "starting: java $*"
        (cd "$(state_dir)" && exec setsid java "$@" </dev/null >"$(log_file)" 2>&1) &
        pid=$!
        echo "$pid" >"$(pid_file)"
    fi
    local timeout=${START_TIMEOUT:-120} t0=$SECONDS
    printf '[%s] waiting up to %ss for %s ' "$TARGET" "$timeout" "$(IFS=,; echo "${specs[*]}")"
    while :; do
        if all_ready "${specs[@]}"; then break; fi
        if ! alive "$pid"; then
            echo
            rm -f "$(pid_file)"
            log "the java process (pid $pid) exited while starting"
            show_log_tail
            exit 1
        fi
        if [ $((SECONDS - t0)) -ge "$timeout" ]; then
            echo
            log "TIMEOUT after ${timeout}s (pid $pid still running; stop it with stop.sh)"
            show_log_tail
            exit 1
        fi
        printf '.'
        sleep 1
    done
    echo
    log "ready after $((SECONDS - t0)) s (pid $pid, log $(log_file))"
}

# stop_pidfile: TERM the process of the pid file, KILL it after STOP_TIMEOUT. Idempotent.
stop_pidfile() {
    local pid
    if ! pid=$(running_pid); then
        rm -f "$(pid_file)"
        log "not running"
        return 0
    fi
    log "stopping pid $pid"
    kill -TERM "$pid" 2>/dev/null || true
    local i
    for i in $(seq 1 $((${STOP_TIMEOUT:-20} * 5))); do
        alive "$pid" || break
        sleep 0.2
    done
    if alive "$pid"; then
        log "still alive after TERM: KILL"
        kill -KILL "$pid" 2>/dev/null || true
        for i in $(seq 1 50); do alive "$pid" || break; sleep 0.1; done
    fi
    alive "$pid" && die "could not stop pid $pid"
    rm -f "$(pid_file)"
    log "stopped"
}
