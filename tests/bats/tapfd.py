#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""tapfd.py [--vnet] TAP COMMAND [ARGS...]

Opens the existing tap interface TAP (/dev/net/tun, TUNSETIFF; --vnet:
with virtio-net headers, IFF_VNET_HDR), then runs COMMAND with the
descriptor inherited; "@FD" in its arguments becomes "@N", N being the
descriptor. Tests ukvm's --net:NAME=@FD form.
"""
import fcntl
import os
import struct
import sys

TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000
IFF_VNET_HDR = 0x4000


def main():
    argv = sys.argv[1:]
    flags = IFF_TAP | IFF_NO_PI
    if argv[:1] == ["--vnet"]:
        flags |= IFF_VNET_HDR
        argv = argv[1:]
    if len(argv) < 2:
        sys.exit(__doc__.strip())
    tap, args = argv[0], argv[1:]
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", tap.encode(), flags))
    os.set_inheritable(fd, True)
    args = [a.replace("@FD", "@%d" % fd) for a in args]
    os.execvp(args[0], args)


if __name__ == "__main__":
    main()
