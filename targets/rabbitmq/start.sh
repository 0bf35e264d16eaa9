#!/usr/bin/env bash
# Start the local RabbitMQ (installing/configuring it first if needed) and wait
# until STOMP (tcp 127.0.0.1:61613) and Web-STOMP (ws://127.0.0.1:15674/ws) both
# answer a STOMP CONNECT with CONNECTED. Idempotent: a ready broker is left as is.
# A cold start begins from an empty database (see MNESIA_BASE in install.sh):
# queues left by earlier runs are dropped, so boot time does not grow with them.
#   START_TIMEOUT=120      seconds to wait for readiness
#   RABBITMQ_KEEP_STATE=1  keep the database of the previous run
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROBE="$HERE/probe.py"
TIMEOUT=${START_TIMEOUT:-120}
NODE=rabbit@localhost
LOG=/var/log/rabbitmq/$NODE.log
MNESIA_BASE=/var/lib/rabbitmq/stompspec-mnesia   # must match install.sh
TCP_URL=tcp://127.0.0.1:61613
WS_URL=ws://127.0.0.1:15674/ws
PY=$(command -v python3 || true)

log() { printf '[rabbitmq/start] %s\n' "$*"; }
die() { printf '[rabbitmq/start] ERROR: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root"
[ -n "$PY" ] || die "python3 not found (needed for $PROBE)"

export ERL_EPMD_ADDRESS=127.0.0.1 RABBITMQ_NODENAME=$NODE

ready_tcp() { "$PY" "$PROBE" stomp 127.0.0.1 61613 --timeout 2 -q; }
ready_ws()  { "$PY" "$PROBE" ws 127.0.0.1 15674 /ws --timeout 2 -q; }
# The TLS listeners (61614, 15673) come up with the others; a node started
# before they were configured has none, and needs a restart.
listening() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }
ready_tls() { listening 61614 && listening 15673; }
node_pids() { pgrep -u rabbitmq -x beam.smp 2>/dev/null || true; }

show_log_tail() {
    echo "----- last 40 lines of $LOG -----" >&2
    tail -n 40 "$LOG" >&2 2>/dev/null || echo "(no $LOG)" >&2
    for f in /var/log/rabbitmq/startup_err /var/log/rabbitmq/startup_log /var/log/rabbitmq/erl_crash.dump; do
        if [ -s "$f" ]; then echo "----- tail of $f -----" >&2; tail -n 15 "$f" >&2; fi
    done
    echo "----- (stop a half-started node with $HERE/stop.sh) -----" >&2
}

needs_install() {
    dpkg-query -W -f='${Status}' rabbitmq-server 2>/dev/null | grep -q 'install ok installed' || return 0
    grep -qs '^stomp.listeners.tcp.1 = 127.0.0.1:61613' /etc/rabbitmq/rabbitmq.conf || return 0
    grep -qs '^stomp.listeners.ssl.1 = 127.0.0.1:61614' /etc/rabbitmq/rabbitmq.conf || return 0
    [ -s /etc/rabbitmq/stompspec-tls/server.pem ] || return 0
    grep -qs '^ERL_EPMD_ADDRESS=127.0.0.1' /etc/rabbitmq/rabbitmq-env.conf || return 0
    grep -qs "^MNESIA_BASE=$MNESIA_BASE\$" /etc/rabbitmq/rabbitmq-env.conf || return 0
    grep -qs 'rabbitmq_web_stomp' /etc/rabbitmq/enabled_plugins || return 0
    return 1
}

if needs_install; then
    log "not installed/configured yet: running install.sh"
    "$HERE/install.sh"
fi

if [ -n "$(node_pids)" ] && ready_tcp && ready_ws && ! ready_tls; then
    log "running without the TLS listeners (started before they were configured): restarting"
    "$HERE/stop.sh"
fi
if [ -n "$(node_pids)" ] && ready_tcp && ready_ws; then
    log "already running and ready"
    log "STOMP: $TCP_URL   WebSocket: $WS_URL   TLS: tls://127.0.0.1:61614 wss://127.0.0.1:15673/ws   (login guest/guest, host /)"
    exit 0
fi

t0=$(date +%s.%N)
if [ -n "$(node_pids)" ]; then
    log "node already running (pid $(node_pids | tr '\n' ' ')) but not ready yet: waiting"
else
    if [ "${RABBITMQ_KEEP_STATE:-0}" != 1 ] && [ -d "$MNESIA_BASE" ]; then
        log "fresh database: removing $MNESIA_BASE ($(du -sh "$MNESIA_BASE" 2>/dev/null | cut -f1) from earlier runs)"
        rm -rf "$MNESIA_BASE"
    fi
    install -d -o rabbitmq -g rabbitmq -m 0750 "$MNESIA_BASE"
    # Erlang needs a descriptor per queue and connection; containers often default low.
    ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
    log "starting rabbitmq-server -detached (node $NODE)"
    # -detached returns at once; the node boots in the background (~10 s).
    timeout 30 rabbitmq-server -detached || die "rabbitmq-server -detached failed (rc $?)"
fi

printf '[rabbitmq/start] waiting up to %ss for STOMP and WebSocket ' "$TIMEOUT"
deadline=$(( $(date +%s) + TIMEOUT ))
tcp_ok=0; ws_ok=0; gone=0
while :; do
    if [ "$tcp_ok" -eq 0 ] && ready_tcp; then tcp_ok=1; fi
    if [ "$tcp_ok" -eq 1 ] && [ "$ws_ok" -eq 0 ] && ready_ws; then ws_ok=1; fi
    if [ "$tcp_ok" -eq 1 ] && [ "$ws_ok" -eq 1 ]; then break; fi
    if [ -z "$(node_pids)" ]; then
        # -detached forks; give the beam a few seconds to appear before calling it dead
        gone=$((gone + 1))
        if [ "$gone" -ge 5 ]; then echo; log "the RabbitMQ node is not running (it exited during boot)"; show_log_tail; exit 1; fi
    else
        gone=0
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
        echo
        log "TIMEOUT after ${TIMEOUT}s (stomp ready: $tcp_ok, ws ready: $ws_ok)"
        show_log_tail
        exit 1
    fi
    printf '.'
    sleep 1
done
echo
elapsed=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')
log "ready after ${elapsed}s: $("$PY" "$PROBE" stomp 127.0.0.1 61613 2>&1 | sed 's/^ready: //')"
log "STOMP: $TCP_URL   WebSocket: $WS_URL   (login guest/guest, host /)"
log "log: $LOG"
