#!/usr/bin/env bash
# Stop the local RabbitMQ node: "rabbitmqctl stop" (with a timeout), then end any
# leftover beam.smp / epmd owned by the rabbitmq user, by pid. Idempotent.
#   STOP_TIMEOUT=60  seconds allowed for rabbitmqctl stop
set -euo pipefail

NODE=rabbit@localhost
TIMEOUT=${STOP_TIMEOUT:-60}
PIDFILE=/var/lib/rabbitmq/stompspec-mnesia/$NODE.pid   # MNESIA_BASE of install.sh

log() { printf '[rabbitmq/stop] %s\n' "$*"; }
die() { printf '[rabbitmq/stop] ERROR: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root"
export ERL_EPMD_ADDRESS=127.0.0.1 RABBITMQ_NODENAME=$NODE

# Processes of the rabbitmq user only: the node, its helpers, and the epmd it started.
rmq_pids() { pgrep -u rabbitmq -x "$1" 2>/dev/null || true; }

if ! id rabbitmq >/dev/null 2>&1; then
    log "rabbitmq user does not exist (not installed): nothing to stop"
    exit 0
fi

# End the given pids: TERM, wait up to 10 s, then KILL, wait up to 5 s.
end_pids() {
    local what=$1; shift
    [ "$#" -gt 0 ] || return 0
    log "ending leftover $what: pid $*"
    kill -TERM "$@" 2>/dev/null || true
    for _ in $(seq 1 50); do
        local alive=0
        for p in "$@"; do kill -0 "$p" 2>/dev/null && alive=1; done
        [ "$alive" -eq 0 ] && return 0
        sleep 0.2
    done
    log "$what still alive after TERM: KILL"
    kill -KILL "$@" 2>/dev/null || true
    for _ in $(seq 1 25); do
        local alive=0
        for p in "$@"; do kill -0 "$p" 2>/dev/null && alive=1; done
        [ "$alive" -eq 0 ] && return 0
        sleep 0.2
    done
    die "could not end $what (pid $*)"
}

beams=$(rmq_pids beam.smp)
if [ -n "$beams" ]; then
    log "stopping node $NODE (rabbitmqctl stop, timeout ${TIMEOUT}s)"
    args=(stop)
    [ -f "$PIDFILE" ] && args+=("$PIDFILE")   # with a pid file, rabbitmqctl waits for the OS process to exit
    if timeout "$TIMEOUT" rabbitmqctl -q "${args[@]}" >/dev/null 2>&1; then
        log "rabbitmqctl stop: ok"
    else
        log "rabbitmqctl stop failed or timed out (rc $?)"
    fi
    # the beam may need a moment to exit after the stop returned
    for _ in $(seq 1 50); do
        [ -z "$(rmq_pids beam.smp)" ] && break
        sleep 0.2
    done
else
    log "no RabbitMQ node running"
fi

# shellcheck disable=SC2046
end_pids beam.smp $(rmq_pids beam.smp)
# shellcheck disable=SC2046
end_pids "erlang helpers" $(rmq_pids erl_child_setup) $(rmq_pids inet_gethost)
# epmd: only the one owned by the rabbitmq user (started by the node), never another user's
# shellcheck disable=SC2046
end_pids epmd $(rmq_pids epmd)

left=$(pgrep -u rabbitmq 2>/dev/null | tr '\n' ' ' || true)
if [ -n "$left" ]; then
    log "WARNING: processes of user rabbitmq still running: $left"
    exit 1
fi
log "stopped (no rabbitmq processes left)"
