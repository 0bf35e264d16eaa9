#!/usr/bin/env bash
# Install Debian's rabbitmq-server (3.10.x) and configure it for the suite:
# loopback only, STOMP on 127.0.0.1:61613, Web-STOMP on 127.0.0.1:15674/ws,
# AMQP on 127.0.0.1:5672, epmd on 127.0.0.1. Idempotent; never starts the broker.
set -euo pipefail

log() { printf '[rabbitmq/install] %s\n' "$*"; }
die() { printf '[rabbitmq/install] ERROR: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (apt-get, /etc/rabbitmq)"

CONF_DIR=/etc/rabbitmq
CONF="$CONF_DIR/rabbitmq.conf"
ENV_CONF="$CONF_DIR/rabbitmq-env.conf"
PLUGINS=(rabbitmq_stomp rabbitmq_web_stomp)

# ---------------------------------------------------------------- package --
if dpkg-query -W -f='${Status}' rabbitmq-server 2>/dev/null | grep -q 'install ok installed'; then
    log "rabbitmq-server $(dpkg-query -W -f='${Version}' rabbitmq-server) already installed"
else
    export DEBIAN_FRONTEND=noninteractive
    # No systemd here: the postinst would try "invoke-rc.d rabbitmq-server start",
    # which can hang or leave a half-started node. A policy-rc.d that answers 101
    # ("action forbidden") makes invoke-rc.d skip it. Only touch the file if it is
    # not already there, and remove it again on any exit.
    POLICY=/usr/sbin/policy-rc.d
    created_policy=0
    cleanup_policy() { if [ "$created_policy" -eq 1 ]; then rm -f "$POLICY"; fi; }
    trap cleanup_policy EXIT
    if [ ! -e "$POLICY" ]; then
        printf '#!/bin/sh\n# temporary, from stompspec targets/rabbitmq/install.sh\nexit 101\n' >"$POLICY"
        chmod 755 "$POLICY"
        created_policy=1
    fi

    if ! apt-cache show rabbitmq-server >/dev/null 2>&1; then
        log "package lists do not know rabbitmq-server: running apt-get update"
        timeout 300 apt-get update -q || die "apt-get update failed"
    fi
    log "installing rabbitmq-server (this takes a minute)"
    if ! timeout 600 apt-get install -y -q --no-install-recommends \
            -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
            rabbitmq-server; then
        log "install failed; trying once more after apt-get update"
        timeout 300 apt-get update -q || die "apt-get update failed"
        timeout 600 apt-get install -y -q --no-install-recommends \
            -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
            rabbitmq-server || die "apt-get install rabbitmq-server failed"
    fi
    cleanup_policy; created_policy=0
    log "installed rabbitmq-server $(dpkg-query -W -f='${Version}' rabbitmq-server)"
fi

command -v rabbitmq-server >/dev/null || die "rabbitmq-server not on PATH after install"
command -v rabbitmq-plugins >/dev/null || die "rabbitmq-plugins not on PATH after install"

# ----------------------------------------------------------------- config --
mkdir -p "$CONF_DIR"

# TLS listeners (tls://127.0.0.1:61614, wss://127.0.0.1:15673/ws) use a CA and
# certificate of our own; the profile points stompspec at the CA.
TLS_DIR=$CONF_DIR/stompspec-tls
"$(dirname "${BASH_SOURCE[0]}")/../../scripts/make-test-certs.sh" "$TLS_DIR" >/dev/null
if getent group rabbitmq >/dev/null; then chgrp -R rabbitmq "$TLS_DIR"; fi
chmod 0755 "$TLS_DIR"; chmod 0640 "$TLS_DIR"/*.key

changed=0
write_if_changed() { # path, content on stdin
    local path=$1 tmp
    tmp=$(mktemp)
    cat >"$tmp"
    if [ -f "$path" ] && cmp -s "$tmp" "$path"; then
        rm -f "$tmp"; log "$path up to date"
    else
        if [ -f "$path" ] && ! grep -q 'stompspec' "$path"; then
            cp -p "$path" "$path.orig-stompspec"
            log "saved previous $path as $path.orig-stompspec"
        fi
        install -m 0644 "$tmp" "$path"; rm -f "$tmp"; log "wrote $path"
        changed=1
    fi
}

write_if_changed "$CONF" <<'EOF'
# Written by stompspec targets/rabbitmq/install.sh. Everything on loopback only.
listeners.tcp.1 = 127.0.0.1:5672
listeners.ssl = none

stomp.listeners.tcp.1 = 127.0.0.1:61613
stomp.listeners.ssl.1 = 127.0.0.1:61614
stomp.default_user = guest
stomp.default_pass = guest

ssl_options.cacertfile = /etc/rabbitmq/stompspec-tls/ca.pem
ssl_options.certfile = /etc/rabbitmq/stompspec-tls/server.pem
ssl_options.keyfile = /etc/rabbitmq/stompspec-tls/server.key
ssl_options.verify = verify_peer
ssl_options.fail_if_no_peer_cert = false

web_stomp.tcp.ip = 127.0.0.1
web_stomp.tcp.port = 15674
web_stomp.ssl.ip = 127.0.0.1
web_stomp.ssl.port = 15673
web_stomp.ssl.cacertfile = /etc/rabbitmq/stompspec-tls/ca.pem
web_stomp.ssl.certfile = /etc/rabbitmq/stompspec-tls/server.pem
web_stomp.ssl.keyfile = /etc/rabbitmq/stompspec-tls/server.key

# Inter-node (clustering) traffic: loopback only, single fixed port.
distribution.listener.interface = 127.0.0.1
distribution.listener.port_range.min = 25672
distribution.listener.port_range.max = 25672

# guest is accepted from loopback only (this is the default; stated explicitly).
loopback_users.guest = true

# Do not refuse to publish on a small test disk.
disk_free_limit.absolute = 50MB

log.file.level = info
log.console = false
EOF

write_if_changed "$ENV_CONF" <<'EOF'
# Written by stompspec targets/rabbitmq/install.sh.
NODENAME=rabbit@localhost
NODE_IP_ADDRESS=127.0.0.1
ERL_EPMD_ADDRESS=127.0.0.1
# The suite's own database, wiped by start.sh on every cold start: every run
# declares fresh durable queues, and a node that recovers thousands of them
# from earlier runs takes minutes to boot.
MNESIA_BASE=/var/lib/rabbitmq/stompspec-mnesia
EOF

# rabbitmq-server reads rabbitmq-env.conf, but epmd may be started by the CLI
# tools too: make sure they inherit the address from the environment as well.
export ERL_EPMD_ADDRESS=127.0.0.1 RABBITMQ_NODENAME=rabbit@localhost

# ---------------------------------------------------------------- plugins --
# Offline enabling only edits /etc/rabbitmq/enabled_plugins; management stays off.
ENABLED=$CONF_DIR/enabled_plugins
want="[$(IFS=,; echo "${PLUGINS[*]}")]."
if [ -f "$ENABLED" ] && [ "$(tr -d ' \n' <"$ENABLED")" = "$want" ]; then
    log "plugins already enabled: ${PLUGINS[*]}"
else
    log "enabling plugins offline: ${PLUGINS[*]}"
    timeout 120 rabbitmq-plugins --offline set "${PLUGINS[@]}" >/dev/null \
        || die "rabbitmq-plugins --offline set failed"
    log "enabled_plugins: $(tr -d '\n' <"$ENABLED")"
    changed=1
fi
chown rabbitmq:rabbitmq "$ENABLED" 2>/dev/null || true

if [ "$changed" -eq 1 ] && pgrep -u rabbitmq -x beam.smp >/dev/null 2>&1; then
    log "note: a RabbitMQ node is running; the changed config applies after stop.sh && start.sh"
fi
log "done (config: $CONF, $ENV_CONF, $ENABLED)"
