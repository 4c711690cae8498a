#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""What containerd's shim does around an OCI runtime, for oci.bats.

oci_shim.py STATUS [--console SOCK OUT] -- CMD...

Becomes a child subreaper, runs CMD (ukvm-oci create ...) with this
process's stdio, and writes "create N" to STATUS when it ends; the
container's process, left behind by create, is then reparented here,
and when it ends "exit N" (or "signal N") is appended. With --console,
listens on SOCK first, takes the pty master create sends (SCM_RIGHTS)
and copies what the container writes to it into OUT. Gives up after
60 seconds, killing what it waits for.
"""
import ctypes
import os
import signal
import socket
import sys
import threading

PR_SET_CHILD_SUBREAPER = 36


def console(sock, out):
    conn, _ = sock.accept()
    msg, anc, _, _ = conn.recvmsg(1024, socket.CMSG_SPACE(4))
    fds = [int.from_bytes(d[:4], "little") for (lvl, typ, d) in anc
           if lvl == socket.SOL_SOCKET and typ == socket.SCM_RIGHTS]
    with open(out + ".name", "w") as f:
        f.write(msg.decode(errors="replace"))
    with open(out, "ab", buffering=0) as f:
        while True:
            try:
                data = os.read(fds[0], 4096)
            except OSError:  # EIO: the last slave closed
                break
            if not data:
                break
            f.write(data)


def give_up(*_):
    """Kills our children (create, or the container it left), by pid."""
    me = os.getpid()
    with open("/proc/%d/task/%d/children" % (me, me)) as f:
        for pid in f.read().split():
            os.kill(int(pid), signal.SIGKILL)


def status_text(st):
    if os.WIFSIGNALED(st):
        return "signal %d" % os.WTERMSIG(st)
    return "%d" % os.WEXITSTATUS(st)


def main():
    args = sys.argv[1:]
    status = args.pop(0)
    reader = None
    if args[0] == "--console":
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.bind(args[1])
        sock.listen(1)
        reader = threading.Thread(target=console, args=(sock, args[2]), daemon=True)
        reader.start()
        args = args[3:]
    assert args.pop(0) == "--"
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        sys.exit("oci_shim: prctl: %s" % os.strerror(ctypes.get_errno()))
    signal.signal(signal.SIGALRM, give_up)
    signal.alarm(60)
    create = os.fork()
    if create == 0:
        try:
            os.execvp(args[0], args)
        finally:
            os._exit(127)
    while True:
        try:
            pid, st = os.wait()
        except ChildProcessError:
            break
        with open(status, "a") as f:
            if pid == create:
                f.write("create %s\n" % status_text(st))
            else:
                f.write("exit %s\n" % status_text(st))
    if reader:
        reader.join(5)


main()
