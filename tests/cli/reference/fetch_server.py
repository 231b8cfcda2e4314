#!/usr/bin/env python3
"""Loopback HTTP server for test_fetch.sh (python3 stdlib only; binds 127.0.0.1, never the internet).

  fetch_server.py prepare SOURCES_TSV FIXTURES WWW
      Lays out WWW/<host>/<upstream path> for every URL of SOURCES_TSV whose plain fixture
      FIXTURES/<host>/<path without .gz/.zip> exists: .gz written with gzip (mtime 0), .zip with zipfile
      (fixed date), so the bytes are the same on every run.
  fetch_server.py serve WWW PORT_FILE LOG_FILE
      Serves WWW on a free port (written to PORT_FILE) with HTTP Range support; each request is logged as
      "<path> <Range or ->". Path prefixes change the behaviour for the test cases:
        /cut/...    without Range: announces the full length, sends half the body and closes
        /slow/...   without Range: sends 64 bytes every 0.1 s (time to deliver SIGINT mid-download)
        /flaky/...  the first request of each path fails with 503, later ones succeed
"""
import gzip
import http.server
import io
import os
import sys
import time
import zipfile


def prepare(sources, fixtures, www):
    for line in open(sources):
        if line.startswith('#') or line.startswith('source\t'):
            continue
        f = line.rstrip('\n').split('\t')
        for url in f[2].split():
            rel = url.split('://', 1)[1]
            plain = rel[:-3] if rel.endswith('.gz') else rel[:-4] if rel.endswith('.zip') else rel
            src = os.path.join(fixtures, plain)
            if not os.path.exists(src):
                continue
            dst = os.path.join(www, rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            data = open(src, 'rb').read()
            if rel.endswith('.gz'):
                data = gzip.compress(data, mtime=0)
            elif rel.endswith('.zip'):
                buf = io.BytesIO()
                with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
                    z.writestr(zipfile.ZipInfo(os.path.basename(plain), (2024, 1, 1, 0, 0, 0)), data,
                               zipfile.ZIP_DEFLATED)
                data = buf.getvalue()
            open(dst, 'wb').write(data)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    seen = set()

    def log_message(self, *args):
        pass

    def do_GET(self):
        rng = self.headers.get('Range')
        with open(self.server.log, 'a') as log:
            log.write(f'{self.path} {rng or "-"}\n')
        mode, path = '', self.path
        for m in ('/cut/', '/slow/', '/flaky/'):
            if path.startswith(m):
                mode, path = m.strip('/'), path[len(m) - 1:]
        if mode == 'flaky' and path not in Handler.seen:
            Handler.seen.add(path)
            return self.fail(503, b'try again later\n')
        full = os.path.join(self.server.www, path.lstrip('/'))
        if '..' in path or not os.path.isfile(full):
            return self.fail(404, b'not found\n')
        data = open(full, 'rb').read()
        start = 0
        if rng:
            start = int(rng.split('=')[1].split('-')[0])
            if start >= len(data):
                self.send_response(416)
                self.send_header('Content-Range', f'bytes */{len(data)}')
                self.send_header('Content-Length', '0')
                self.end_headers()
                return
            self.send_response(206)
            self.send_header('Content-Range', f'bytes {start}-{len(data) - 1}/{len(data)}')
        else:
            self.send_response(200)
        body = data[start:]
        self.send_header('Content-Length', str(len(body)))
        self.send_header('Accept-Ranges', 'bytes')
        self.end_headers()
        if mode == 'cut' and not rng:
            self.wfile.write(body[:len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        if mode == 'slow' and not rng:
            try:
                for i in range(0, len(body), 64):
                    self.wfile.write(body[i:i + 64])
                    self.wfile.flush()
                    time.sleep(0.1)
            except (BrokenPipeError, ConnectionResetError):  # the client was interrupted: expected
                self.close_connection = True
            return
        self.wfile.write(body)

    def fail(self, code, body):
        self.send_response(code)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(www, port_file, log):
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    srv.www, srv.log = www, log
    tmp = port_file + '.tmp'
    with open(tmp, 'w') as f:
        f.write(str(srv.server_address[1]))
    os.rename(tmp, port_file)
    srv.serve_forever()


if __name__ == '__main__':
    if sys.argv[1] == 'prepare':
        prepare(*sys.argv[2:5])
    elif sys.argv[1] == 'serve':
        serve(*sys.argv[2:5])
    else:
        sys.exit(f'usage: {sys.argv[0]} prepare|serve ...')
