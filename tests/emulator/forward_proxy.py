# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A small forward HTTP proxy for tests: what a corporate proxy does for plain-HTTP endpoints.

It takes absolute-form requests (``GET http://host:port/path HTTP/1.1``), optionally demands
``Proxy-Authorization: Basic`` credentials, forwards the request to the target over a new connection
and relays the answer. Every request it handled is recorded (method, target URL, the user that
authenticated) so that tests can prove that calls went through it. Standard library only; bind it to
127.0.0.1 on port 0.
"""

import base64
import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HOP_BY_HOP = frozenset(
    (
        'connection',
        'keep-alive',
        'proxy-authorization',
        'proxy-connection',
        'te',
        'trailer',
        'transfer-encoding',
        'upgrade',
    )
)


class ForwardProxy:
    """``ForwardProxy(user=None, password=None).start()``; ``.url``, ``.requests``, ``.stop()``."""

    def __init__(self, host='127.0.0.1', port=0, user=None, password=None):
        self.user = user
        self.password = password
        self._lock = threading.Lock()
        self._records = []
        self._server = ThreadingHTTPServer((host, port), _Handler)
        self._server.daemon_threads = True
        self._server.proxy = self
        self._thread = None

    def start(self):
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={'poll_interval': 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    @property
    def port(self):
        return self._server.server_address[1]

    @property
    def url(self):
        return 'http://127.0.0.1:%d' % self.port

    def url_with_credentials(self):
        return 'http://%s:%s@127.0.0.1:%d' % (self.user, self.password, self.port)

    @property
    def requests(self):
        with self._lock:
            return list(self._records)

    def record(self, entry):
        with self._lock:
            self._records.append(entry)

    def authorised_user(self, header):
        """The user a ``Proxy-Authorization`` header proves, or None; always a user when none is required."""
        if self.user is None:
            return ''
        scheme, _sep, value = (header or '').partition(' ')
        if scheme.lower() != 'basic':
            return None
        try:
            user, _sep, password = base64.b64decode(value).decode('utf-8').partition(':')
        except (ValueError, UnicodeDecodeError):
            return None
        return user if (user, password) == (self.user, self.password) else None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    disable_nagle_algorithm = True

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        pass

    def _reply(self, status, headers, body):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _forward(self):
        proxy = self.server.proxy
        length = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(length) if length else b''
        user = proxy.authorised_user(self.headers.get('Proxy-Authorization'))
        target = urlsplit(self.path)
        proxy.record({'method': self.command, 'url': self.path, 'user': user})
        if user is None:
            self._reply(407, [('Proxy-Authenticate', 'Basic realm="test"')], b'proxy authentication required')
            return
        if target.scheme != 'http' or not target.hostname:
            self._reply(400, [('Content-Type', 'text/plain')], b'only absolute http:// targets are forwarded')
            return
        headers = dict((name, value) for name, value in self.headers.items() if name.lower() not in HOP_BY_HOP)
        path = target.path + ('?' + target.query if target.query else '')
        upstream = http.client.HTTPConnection(target.hostname, target.port or 80, timeout=30)
        try:
            upstream.request(self.command, path, body=body or None, headers=headers)
            answer = upstream.getresponse()
            payload = answer.read()
            relayed = [
                (name, value)
                for name, value in answer.getheaders()
                if name.lower() not in HOP_BY_HOP and name.lower() != 'content-length'
            ]
            self._reply(answer.status, relayed, payload)
        except OSError as exc:
            self._reply(502, [('Content-Type', 'text/plain')], ('upstream failed: %s' % exc).encode('utf-8'))
        finally:
            upstream.close()

    do_GET = do_PUT = do_POST = do_DELETE = _forward
