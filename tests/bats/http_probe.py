#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Raw-socket HTTP checks of static_web, for tests/bats/app_static_web.bats.

    http_probe.py HOST SCENARIO [ARG]

Runs one scenario against HOST:80 and exits 0 if the server behaved as
it must, else prints what it saw and exits 1. Every socket has a timeout
and every loop a bound, so a scenario ends within seconds whatever the
server does. Run it inside the test's network namespace only.
"""
import socket
import struct
import sys
import time

HOST = sys.argv[1]
PORT = 80
TIMEOUT = 5.0


def fail(msg):
    print(f"http_probe: {msg}")
    sys.exit(1)


def connect():
    s = socket.create_connection((HOST, PORT), timeout=TIMEOUT)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


class Reader:
    """Reads responses off one socket, keeping what comes after each."""

    def __init__(self, sock):
        self.sock, self.buf = sock, b""

    def fill(self):
        data = self.sock.recv(65536)
        if not data:
            raise EOFError("connection closed")
        self.buf += data

    def response(self, head_only=False):
        """(status, headers dict with lower-case names, body)."""
        while b"\r\n\r\n" not in self.buf:
            self.fill()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ", 2)
        if len(parts) < 2 or parts[0] != "HTTP/1.1":
            fail(f"bad status line {lines[0]!r}")
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = 0 if head_only else int(headers.get("content-length", "0"))
        while len(self.buf) < length:
            self.fill()
        body, self.buf = self.buf[:length], self.buf[length:]
        return int(parts[1]), headers, body

    def closed(self, within=TIMEOUT):
        """True once the server has closed (FIN or RST), within seconds."""
        self.sock.settimeout(within)
        try:
            while True:
                data = self.sock.recv(65536)
                if not data:
                    return True
                self.buf += data
        except (ConnectionResetError, BrokenPipeError):
            return True
        except socket.timeout:
            return False


def request(path, method="GET", extra="", version="HTTP/1.1"):
    host = "" if version == "HTTP/1.0" else "Host: t\r\n"
    return f"{method} {path} {version}\r\n{host}{extra}\r\n".encode()


def expect_error(raw, status, allow=None):
    """One request that must get `status` and then a closed connection."""
    s = connect()
    s.sendall(raw)
    r = Reader(s)
    got, headers, body = r.response()
    if got != status:
        fail(f"expected {status}, got {got} {headers} {body!r}")
    if headers.get("connection") != "close":
        fail(f"{status} without Connection: close: {headers}")
    if allow is not None and headers.get("allow") != allow:
        fail(f"{status} with Allow {headers.get('allow')!r}, expected {allow!r}")
    if not r.closed():
        fail(f"the connection stayed open after {status}")
    s.close()


def still_serves():
    s = connect()
    s.sendall(request("/notes.txt"))
    status, _, body = Reader(s).response()
    s.close()
    if status != 200 or not body.startswith(b"A plain text file"):
        fail(f"the server no longer serves /notes.txt: {status} {body!r}")


def long_line():
    expect_error(b"GET /" + b"a" * 10000 + b" HTTP/1.1\r\nHost: t\r\n\r\n", 414)


def long_header():
    expect_error(b"GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + b"b" * 9000 + b"\r\n\r\n", 431)


def endless_header():
    """Header bytes without end: the server answers 431 after 8 KiB and
    keeps draining until we stop; we stop after 64 KiB."""
    s = connect()
    s.sendall(b"GET / HTTP/1.1\r\nHost: t\r\n")
    r = Reader(s)
    sent = 0
    try:
        while sent < 65536:
            s.sendall(b"X-Fill: " + b"f" * 1000 + b"\r\n")
            sent += 1010
    except (ConnectionResetError, BrokenPipeError):
        pass
    status, _, _ = r.response()
    if status != 431:
        fail(f"endless header: expected 431, got {status}")
    s.close()


def bad_method():
    expect_error(request("/", "BREW"), 405, allow="GET, HEAD")


def post():
    expect_error(request("/", "POST", "Content-Length: 4\r\n") + b"abcd", 405,
                 allow="GET, HEAD")


def garbage():
    expect_error(bytes(range(1, 256)) * 4 + b"\r\n\r\n", 400)


def no_host():
    expect_error(b"GET / HTTP/1.1\r\n\r\n", 400)


def http09():
    expect_error(b"GET /\r\n\r\n", 400)


def http2():
    expect_error(request("/", version="HTTP/2.0"), 505)


def traversal():
    for path in ("/../etc/passwd", "/sub/../../x", "/%2e%2e/x", "/a/..%2f..%2fb"):
        expect_error(request(path), 400)


def chunked():
    expect_error(request("/", extra="Transfer-Encoding: chunked\r\n") + b"0\r\n\r\n", 501)


def partial_close(count=20):
    """Clients that send half a request and go away (FIN), or reset."""
    for i in range(count):
        s = connect()
        s.sendall(b"GET /index.html HT")
        if i % 2:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()
    still_serves()


def reset_mid_response():
    """A client that asks for the large file and resets before reading."""
    for _ in range(10):
        s = connect()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.sendall(request("/big.txt"))
        time.sleep(0.05)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()
    still_serves()


def slowloris(timeout):
    """A head sent a byte at a time, forever: the server must close the
    connection within its idle timeout (+2 s), whatever we send."""
    s = connect()
    r = Reader(s)
    head = request("/")
    start = time.monotonic()
    limit = timeout + 3
    i = 0
    while time.monotonic() - start < limit:
        try:
            s.sendall(head[i % 8:i % 8 + 1] if i < 8 else b"X")
        except (ConnectionResetError, BrokenPipeError):
            break
        i += 1
        if r.closed(within=0.3):
            break
    took = time.monotonic() - start
    if took >= limit:
        fail(f"slowloris: still open after {took:.1f} s (idle timeout {timeout} s)")
    s.close()
    print(f"slowloris: closed after {took:.1f} s")


def idle(timeout):
    """A connection that sends nothing is closed after the idle timeout."""
    s = connect()
    start = time.monotonic()
    if not Reader(s).closed(within=timeout + 3):
        fail("an idle connection stayed open")
    took = time.monotonic() - start
    if took < timeout - 1.5:
        fail(f"an idle connection was closed too early, after {took:.1f} s")
    print(f"idle: closed after {took:.1f} s")


def no_read(timeout):
    """A client that asks for the large file and never reads: the server
    gives up on it within its idle timeout (+3 s)."""
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.settimeout(TIMEOUT)
    s.connect((HOST, PORT))
    s.sendall(request("/big.txt") * 4)
    time.sleep(timeout + 3)
    try:
        got = 0
        s.settimeout(2)
        while got < 4 * 82800:
            data = s.recv(65536)
            if not data:
                break
            got += len(data)
    except (ConnectionResetError, socket.timeout):
        pass
    else:
        if got >= 4 * 82800:
            fail("a client that did not read was served all the same")
    s.close()
    still_serves()


def pipeline():
    """Three requests in one segment, answered in order; the third closes."""
    s = connect()
    s.sendall(request("/notes.txt") + request("/data.json", "HEAD") +
              request("/sub/", extra="Connection: close\r\n"))
    r = Reader(s)
    a = r.response()
    b = r.response(head_only=True)
    c = r.response()
    if a[0] != 200 or not a[2].startswith(b"A plain text file"):
        fail(f"pipeline: first response {a}")
    if b[0] != 200 or b[1].get("content-type") != "application/json" or b[2]:
        fail(f"pipeline: second (HEAD) response {b}")
    if c[0] != 200 or b"subdirectory" not in c[2] or c[1].get("connection") != "close":
        fail(f"pipeline: third response {c}")
    if not r.closed():
        fail("pipeline: not closed after Connection: close")


def body_skipped():
    """A GET with a body: the body is skipped, the next request answered."""
    s = connect()
    s.sendall(request("/notes.txt", extra="Content-Length: 12\r\n") + b"GET /x HTTP/" +
              request("/data.json"))
    r = Reader(s)
    a, b = r.response(), r.response()
    if a[0] != 200 or b[0] != 200 or b[1].get("content-type") != "application/json":
        fail(f"body: responses {a[0]} {b[0]} {b[1]}")
    # A larger body in pieces, after the head has been answered.
    s.sendall(request("/notes.txt", extra="Content-Length: 30000\r\n"))
    a = r.response()
    for _ in range(30):
        s.sendall(b"GET / HTTP/1.1\r\n" * 58 + b"0123456789" * 7 + b"\n\n")  # 1000 bytes
        time.sleep(0.01)
    s.sendall(request("/data.json"))
    b = r.response()
    if a[0] != 200 or b[0] != 200 or b[1].get("content-type") != "application/json":
        fail(f"body in pieces: responses {a[0]} {b[0]} {b[1]}")


def http10():
    s = connect()
    s.sendall(request("/notes.txt", version="HTTP/1.0"))
    r = Reader(s)
    status, headers, _ = r.response()
    if status != 200 or headers.get("connection") != "close" or not r.closed():
        fail(f"HTTP/1.0 without keep-alive must close: {status} {headers}")
    s = connect()
    keep = "Connection: keep-alive\r\n"
    s.sendall(request("/notes.txt", extra=keep, version="HTTP/1.0"))
    r = Reader(s)
    status, headers, _ = r.response()
    if status != 200 or headers.get("connection") != "keep-alive":
        fail(f"HTTP/1.0 keep-alive: {status} {headers}")
    s.sendall(request("/data.json", extra=keep, version="HTTP/1.0"))
    status, headers, _ = r.response()
    if status != 200 or headers.get("content-type") != "application/json":
        fail(f"HTTP/1.0 keep-alive, second request: {status} {headers}")


def many(max_conns):
    """max_conns + 4 connections at once: max_conns are served, the rest
    get 503; closing them frees their places (run twice)."""
    for round_ in range(2):
        socks = [connect() for _ in range(max_conns + 4)]
        time.sleep(0.3)
        for s in socks:
            try:
                s.sendall(request("/notes.txt"))
            except (ConnectionResetError, BrokenPipeError):
                pass
        counts = {}
        for s in socks:
            try:
                status = Reader(s).response()[0]
            except (EOFError, ConnectionResetError):
                status = "reset"
            counts[status] = counts.get(status, 0) + 1
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            s.close()
        if counts.get(200) != max_conns or counts.get(503) != 4:
            fail(f"round {round_}: {counts}, expected {max_conns} x 200 and 4 x 503")
        time.sleep(0.5)
    still_serves()


SCENARIOS = {
    "long-line": long_line, "long-header": long_header,
    "endless-header": endless_header, "bad-method": bad_method, "post": post,
    "garbage": garbage, "no-host": no_host, "http09": http09, "http2": http2,
    "traversal": traversal, "chunked": chunked, "partial-close": partial_close,
    "reset-mid-response": reset_mid_response, "pipeline": pipeline,
    "body-skipped": body_skipped, "http10": http10, "still-serves": still_serves,
}
SCENARIOS_WITH_ARG = {"slowloris": slowloris, "idle": idle, "many": many,
                      "no-read": no_read}

if __name__ == "__main__":
    if len(sys.argv) < 3:
        fail("usage: http_probe.py HOST SCENARIO [ARG]")
    name = sys.argv[2]
    try:
        if name in SCENARIOS:
            SCENARIOS[name]()
        elif name in SCENARIOS_WITH_ARG:
            SCENARIOS_WITH_ARG[name](int(sys.argv[3]))
        else:
            fail(f"unknown scenario {name}")
    except (socket.timeout, EOFError, ConnectionError) as e:
        fail(f"{name}: {type(e).__name__}: {e}")
    print(f"{name}: ok")
