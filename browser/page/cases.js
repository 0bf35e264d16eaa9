// The browser side of stompspec's browser checks: each case is a fresh
// @stomp/stompjs Client (plain WebSocket or sockjs-client) that runs one
// dialog and returns {status, message, expected, actual, version, transcript}.
// Every wait has a timeout; the client is always deactivated.
(function () {
  'use strict';

  function redact(s) { return String(s).replace(/^(passcode:).*$/gm, '$1***'); }

  function within(ms, what, promise) {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error('timed out after ' + ms + ' ms waiting for ' + what)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  // A Client whose debug log becomes the case's transcript.
  function makeClient(cfg, log) {
    const t0 = performance.now();
    const record = (kind, data) => log.push({ t_ms: Math.round((performance.now() - t0) * 10) / 10, client: 'c1', kind, data: redact(data) });
    const client = new StompJs.Client({
      connectHeaders: Object.assign(
        cfg.login != null ? { login: cfg.login, passcode: cfg.passcode } : {},
        cfg.host != null ? { host: cfg.host } : {}),
      heartbeatOutgoing: cfg.heartbeat[0],
      heartbeatIncoming: cfg.heartbeat[1],
      reconnectDelay: 0,                 // one attempt: a refused connect is a verdict
      connectionTimeout: cfg.timeout_ms,
      debug: (msg) => {
        if (msg.startsWith('>>> ')) record('sent', msg.slice(4));
        else if (msg.startsWith('<<< ')) record('received', msg.slice(4));
        else record('event', msg);
      },
    });
    if (cfg.transport === 'sockjs') {
      client.webSocketFactory = () => {
        const sock = new SockJS(cfg.url, null, { transports: cfg.sockjs_transports });
        sock.addEventListener('open', () => record('event', 'sockjs-client transport: ' + sock.transport));
        return sock;
      };
    } else {
      client.brokerURL = cfg.url;
    }
    return client;
  }

  // Resolves with the CONNECTED frame; rejects on ERROR, a closed socket or timeout.
  function connect(client, cfg) {
    return within(cfg.timeout_ms, 'CONNECTED', new Promise((resolve, reject) => {
      client.onConnect = resolve;
      client.onStompError = (f) => reject(new Error('ERROR frame: ' + (f.headers.message || '') + ' ' + f.body));
      client.onWebSocketClose = (e) => reject(new Error('socket closed before CONNECTED (code ' + e.code + ')'));
      client.onWebSocketError = () => {};
      client.activate();
    }));
  }

  function nextMessage(client, destination, cfg, headers) {
    return new Promise((resolve) => { client.subscribe(destination, resolve, headers || {}); });
  }

  function receipt(client, id, cfg) {
    return within(cfg.timeout_ms, 'RECEIPT ' + id, new Promise((resolve) => client.watchForReceipt(id, resolve)));
  }

  const unique = () => 'stompspec-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 8);

  // The negotiated intervals, 1.2 Heart-beating: each side's max, 0 if either is 0.
  function negotiate(mine, theirs) { return mine === 0 || theirs === 0 ? 0 : Math.max(mine, theirs); }

  const cases = {
    // CONNECT with the configured heart-beats; CONNECTED's heart-beat header is
    // the broker's configured one and stompjs schedules the negotiated intervals.
    async heartbeats(client, cfg, out, log) {
      const connected = await connect(client, cfg);
      out.version = connected.headers.version || '';
      const hb = connected.headers['heart-beat'];
      if (cfg.server_heartbeat != null && hb !== cfg.server_heartbeat) {
        return fail(out, 'CONNECTED carries another heart-beat than the broker is configured with',
                    'heart-beat:' + cfg.server_heartbeat, hb == null ? '(no heart-beat header)' : 'heart-beat:' + hb);
      }
      const [sx, sy] = (hb || '0,0').split(',').map(Number);
      const ping = negotiate(cfg.heartbeat[0], sy), pong = negotiate(cfg.heartbeat[1], sx);
      const want = [], got = [];
      const sched = (re) => { const e = log.find((x) => x.kind === 'event' && re.test(x.data)); return e ? e.data : null; };
      if (ping) { want.push('send PING every ' + ping + 'ms'); got.push(sched(/^send PING every/) || '(no outgoing heart-beats)'); }
      if (pong) { want.push('check PONG every ' + pong + 'ms'); got.push(sched(/^check PONG every/) || '(no incoming check)'); }
      if (want.join('; ') !== got.join('; ')) {
        return fail(out, 'stompjs did not schedule the negotiated heart-beats (client ' + cfg.heartbeat.join(',') + ', server ' + hb + ')',
                    want.join('; '), got.join('; '));
      }
      out.message = 'negotiated heart-beat ' + ping + ',' + pong + ' (client ' + cfg.heartbeat.join(',') + ', server ' + hb + ')';
    },

    // The gs-messaging-stomp-websocket dialog: /app/hello {"name"} -> /topic/greetings {"content"}.
    async greeting(client, cfg, out) {
      const connected = await connect(client, cfg);
      out.version = connected.headers.version || '';
      const name = unique();
      const expected = cfg.greeting_format.replace('%s', name);
      const wanted = new Promise((resolve) => {
        client.subscribe('/topic/greetings', (m) => {
          try { if (JSON.parse(m.body).content === expected) resolve(m); } catch (e) { /* another client's */ }
        });
      });
      client.publish({ destination: '/app/hello', body: JSON.stringify({ name }) });
      try {
        await within(cfg.timeout_ms, 'the greeting on /topic/greetings', wanted);
      } catch (e) {
        return fail(out, e.message, '{"content":' + JSON.stringify(expected) + '}', '(no such MESSAGE)');
      }
      out.message = 'greeting received: ' + expected;
    },

    // SEND to a destination with a receipt, the subscriber (subscribed with a
    // receipt first) gets the body and the destination back.
    async roundtrip(client, cfg, out) {
      const connected = await connect(client, cfg);
      out.version = connected.headers.version || '';
      const dest = cfg.destination + unique();
      const body = 'hello from ' + navigator.userAgent.match(/Chrom\S+/)[0] + ' ' + unique();
      const sub = 'sub-' + unique(), snd = 'send-' + unique();
      const subReceipt = receipt(client, sub, cfg);
      const got = new Promise((resolve) => client.subscribe(dest, resolve, { receipt: sub }));
      await subReceipt;
      const sendReceipt = receipt(client, snd, cfg);
      client.publish({ destination: dest, body, headers: { receipt: snd } });
      await sendReceipt;
      let m;
      try { m = await within(cfg.timeout_ms, 'the MESSAGE on ' + dest, got); } catch (e) {
        return fail(out, e.message, 'MESSAGE destination:' + dest, '(none)');
      }
      if (m.body !== body || m.headers.destination !== dest) {
        return fail(out, 'the MESSAGE differs from what was sent', 'destination:' + dest + ' body ' + body,
                    'destination:' + m.headers.destination + ' body ' + m.body);
      }
      out.message = 'SUBSCRIBE and SEND receipted, MESSAGE received on ' + dest;
    },

    // DISCONNECT with a receipt: the RECEIPT names it (stompjs then closes the socket).
    async disconnect(client, cfg, out) {
      const connected = await connect(client, cfg);
      out.version = connected.headers.version || '';
      const id = 'bye-' + unique();
      client.disconnectHeaders = { receipt: id };
      const got = new Promise((resolve, reject) => {
        client.onDisconnect = resolve;
        // stompjs closes the socket itself only after the RECEIPT: an earlier close is the broker's.
        client.onWebSocketClose = (e) => reject(new Error('the broker closed the socket (code ' + e.code +
                                                          (e.reason ? " '" + e.reason + "'" : '') + ') without a RECEIPT'));
      });
      client.deactivate();
      let frame;
      try { frame = await within(cfg.timeout_ms, 'the RECEIPT for DISCONNECT', got); } catch (e) {
        return fail(out, e.message, 'RECEIPT receipt-id:' + id, '(none)');
      }
      if (frame.headers['receipt-id'] !== id) {
        return fail(out, 'the RECEIPT names another frame', 'receipt-id:' + id, 'receipt-id:' + frame.headers['receipt-id']);
      }
      out.message = 'DISCONNECT receipted (receipt-id:' + id + ')';
    },
  };

  function fail(out, message, expected, actual) {
    out.status = 'fail';
    out.message = message; out.expected = expected; out.actual = actual;
  }

  window.stompspecCase = async function (name, cfg) {
    const log = [];
    const out = { status: 'pass', message: '', expected: '', actual: '', version: '', transcript: log };
    const client = makeClient(cfg, log);
    try {
      await cases[name](client, cfg, out, log);
    } catch (e) {
      fail(out, e.message, '', '');
    } finally {
      try { await within(cfg.timeout_ms, 'deactivate', client.deactivate()); } catch (e) { log.push({ t_ms: 0, client: 'c1', kind: 'event', data: 'deactivate: ' + e.message }); }
    }
    return out;
  };
  document.getElementById('state').textContent = 'ready';
})();
