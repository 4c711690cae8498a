#!/usr/bin/env python3
"""tapfd.py TAP COMMAND [ARGS...]

Opens the existing tap interface TAP (/dev/net/tun, TUNSETIFF), then runs
COMMAND with the descriptor inherited; "@FD" in its arguments becomes
"@N", N being the descriptor. Tests ukvm's --net:NAME=@FD form.
"""
import fcntl
import os
import struct
import sys

TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__.strip())
    tap, args = sys.argv[1], sys.argv[2:]
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", tap.encode(), IFF_TAP | IFF_NO_PI))
    os.set_inheritable(fd, True)
    args = [a.replace("@FD", "@%d" % fd) for a in args]
    os.execvp(args[0], args)


if __name__ == "__main__":
    main()
