#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""TCP echo clients for the stackv4 tests (tests/bats/app_stackv4.bats).

Run inside the test's network namespace; each mode prints one summary
line and exits 0 only if every byte came back as sent, within --timeout
seconds in all.

  concurrent N       opens N connections and keeps them all open, then
                     sends each its own message (different lengths, up
                     to a few segments) and reads every echo back
  bulk BYTES         sends BYTES of pseudo-random data on one connection
                     while reading the echo, compares SHA-256 digests
  stalled BYTES      sends BYTES with a small receive buffer and reads
                     nothing for --stall seconds (the echo server must
                     stall, not fail), then reads the echo back
  tiny N             N one-byte writes (TCP_NODELAY; Linux still merges
                     some) with a small receive buffer, reading nothing
                     for --stall seconds, then the echo back
  reset BYTES        sends BYTES, reads nothing, resets the connection

--host and --port name the server (10.0.0.2:8080), --source the local
address to connect from (the kernel's choice by default).
"""
import argparse
import hashlib
import random
import socket
import struct
import sys
import threading
import time


def fail(msg):
    print(f"FAIL: {msg}")
    sys.exit(1)


def connect(args, rcvbuf=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.settimeout(max(0.1, args.remaining()))
    if args.source:
        s.bind((args.source, 0))
    s.connect((args.host, args.port))
    return s


def recv_exactly(s, n, args):
    got = bytearray()
    while len(got) < n:
        s.settimeout(max(0.1, args.remaining()))
        b = s.recv(min(65536, n - len(got)))
        if not b:
            break
        got += b
    return bytes(got)


def message(i):
    # Distinct per connection; from 40 bytes to about 4 KiB.
    unit = f"connection {i:03d} says hello; ".encode()
    return unit * (1 + (i * 37) % 130)


def concurrent(args):
    n = args.count
    socks = [connect(args) for _ in range(n)]
    msgs = [message(i) for i in range(n)]
    for s, m in zip(socks, msgs):
        s.sendall(m)
    bad = 0
    for i, (s, m) in enumerate(zip(socks, msgs)):
        back = recv_exactly(s, len(m), args)
        if back != m:
            bad += 1
            print(f"connection {i}: sent {len(m)} bytes, got {len(back)} back"
                  f"{'' if len(back) != len(m) else ' (different)'}")
    for s in socks:
        s.close()
    if bad:
        fail(f"{bad} of {n} connections did not echo their message")
    print(f"ok: {n} concurrent connections echoed "
          f"{sum(map(len, msgs))} bytes")


def pseudo_random(n):
    r = random.Random(20240601)
    return r.getrandbits(8 * n).to_bytes(n, "little") if n else b""


def stream(args, rcvbuf=None, stall=0.0, tiny=False):
    data = pseudo_random(args.count)
    s = connect(args, rcvbuf)
    t0 = time.monotonic()
    err = []

    def send():
        try:
            if tiny:
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                for i in range(len(data)):
                    s.sendall(data[i:i + 1])
            else:
                s.sendall(data)
            s.shutdown(socket.SHUT_WR)
        except OSError as e:
            err.append(e)

    th = threading.Thread(target=send, daemon=True)
    th.start()
    if stall:
        time.sleep(stall)
    back = recv_exactly(s, len(data) + 1, args)
    dt = time.monotonic() - t0
    th.join(timeout=max(0.1, args.remaining()))
    s.close()
    if err:
        fail(f"sending: {err[0]}")
    want, got = hashlib.sha256(data).hexdigest(), hashlib.sha256(back).hexdigest()
    if len(back) != len(data) or got != want:
        fail(f"sent {len(data)} bytes (sha256 {want}), got {len(back)} back "
             f"(sha256 {got})")
    print(f"ok: {len(data)} bytes echoed in {dt:.2f} s "
          f"({len(data) / dt / 1e6:.2f} MB/s), sha256 {got}")


def reset(args):
    s = connect(args)
    s.sendall(pseudo_random(args.count))
    time.sleep(0.2)
    # SO_LINGER 0: close sends a reset, not a FIN.
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()
    print(f"ok: reset after sending {args.count} bytes")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["concurrent", "bulk", "stalled", "tiny",
                                    "reset"])
    p.add_argument("count", type=int)
    p.add_argument("--host", default="10.0.0.2")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--source", help="the local address to connect from")
    p.add_argument("--timeout", type=float, default=60.0)
    p.add_argument("--stall", type=float, default=2.0)
    args = p.parse_args()
    deadline = time.monotonic() + args.timeout
    args.remaining = lambda: max(0.0, deadline - time.monotonic())
    try:
        if args.mode == "concurrent":
            concurrent(args)
        elif args.mode == "bulk":
            stream(args)
        elif args.mode == "stalled":
            stream(args, rcvbuf=4096, stall=args.stall)
        elif args.mode == "tiny":
            stream(args, rcvbuf=4096, stall=args.stall, tiny=True)
        else:
            reset(args)
    except (OSError, socket.timeout) as e:
        fail(f"{args.mode} {args.count}: {e}")


if __name__ == "__main__":
    main()
