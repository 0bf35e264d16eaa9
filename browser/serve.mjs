// A small http server on 127.0.0.1 for the browser checks: the page, the
// stompjs and sockjs-client bundles from node_modules, any static folder
// (the HTML report), and optionally a same-origin pass-through to a broker
// endpoint (Spring refuses cross-origin WebSockets by default: the guide's
// page is served by the app itself, so ours must look like it is).
import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.json': 'application/json',
                '.css': 'text/css', '.png': 'image/png', '.map': 'application/json' };
const files = {
  '/': path.join(here, 'page/index.html'),
  '/cases.js': path.join(here, 'page/cases.js'),
  '/lib/stomp.umd.js': path.join(here, 'node_modules/@stomp/stompjs/bundles/stomp.umd.js'),
  '/lib/sockjs.js': path.join(here, 'node_modules/sockjs-client/dist/sockjs.js'),
};

function sendFile(res, file) {
  fs.readFile(file, (err, data) => {
    if (err) { res.writeHead(404); res.end('not found'); return; }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    res.end(data);
  });
}

// opts.staticDir: served under /static/; opts.proxy: {prefix, port} forwards
// requests and upgrades under prefix to 127.0.0.1:port, headers untouched.
export function serve(opts = {}) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (opts.proxy && url.pathname.startsWith(opts.proxy.prefix)) {
      const up = http.request({ host: '127.0.0.1', port: opts.proxy.port, method: req.method, path: req.url,
                                headers: req.headers, timeout: 10000 }, (r) => {
        res.writeHead(r.statusCode, r.headers); r.pipe(res);
      });
      up.on('error', () => { res.writeHead(502); res.end('upstream unreachable'); });
      up.on('timeout', () => up.destroy());
      req.pipe(up);
      return;
    }
    if (url.pathname === '/favicon.ico') { res.writeHead(204); res.end(); return; }
    if (files[url.pathname]) return sendFile(res, files[url.pathname]);
    if (opts.staticDir && url.pathname.startsWith('/static/')) {
      const file = path.resolve(opts.staticDir, '.' + decodeURIComponent(url.pathname.slice(7)));
      if (file.startsWith(path.resolve(opts.staticDir))) return sendFile(res, file);
    }
    res.writeHead(404); res.end('not found');
  });
  server.on('upgrade', (req, socket, head) => {
    if (!opts.proxy || !req.url.startsWith(opts.proxy.prefix)) { socket.destroy(); return; }
    const up = net.connect(opts.proxy.port, '127.0.0.1', () => {
      let raw = `${req.method} ${req.url} HTTP/1.1\r\n`;
      for (let i = 0; i < req.rawHeaders.length; i += 2) raw += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`;
      up.write(raw + '\r\n'); up.write(head);
      up.pipe(socket); socket.pipe(up);
    });
    up.on('error', () => socket.destroy());
    socket.on('error', () => up.destroy());
  });
  // Sockets are tracked so close() never waits on a lingering connection.
  const sockets = new Set();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => { for (const s of sockets) s.destroy(); return new Promise((r) => server.close(r)); },
  })));
}
