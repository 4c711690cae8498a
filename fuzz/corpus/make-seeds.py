#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets in fuzz/fuzz.mk into
fuzz/corpus/<target>/ (run from anywhere; it replaces what is there)."""
import io
import os
import struct
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))


def put(target, name, data):
    d = os.path.join(HERE, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


# fuzz_hypercalls: a flags byte, then [nr:1][gpa:4][n:1][n bytes] records.
def rec(nr, gpa, payload=b""):
    return struct.pack("<BIB", nr, gpa, len(payload)) + payload


ARG, BUF, RING = 0x102000, 0x104000, 0x200000   # data segment, 2 MiB page
hc = {
    "walltime": b"\x00" + rec(1, ARG),
    "puts": b"\x00" + rec(0, BUF, b"hello\n") +
            rec(2, ARG, struct.pack("<QQ", BUF, 6)),
    "puts-ring3": b"\x01" + rec(0, BUF, b"hi\n") +
                  rec(2, ARG, struct.pack("<QQ", BUF, 3)),
    "poll": b"\x00" + rec(3, ARG, struct.pack("<QQi", 1000, 0, 0)),
    "block": b"\x00" +
             rec(4, ARG, struct.pack("<QQQQi", 1, 0, BUF, 1024, 0)) +
             rec(5, ARG, struct.pack("<QQQQi", 1, 512, BUF, 512, 0)),
    "net": b"\x20" + rec(6, ARG, struct.pack("<QQQi", 2, BUF, 60, 0)) +
           rec(7, ARG, struct.pack("<QQQi", 2, BUF, 1514, 0)),
    "rxring": b"\x36" + rec(9, ARG, struct.pack("<QQQi", 2, RING, 4, 0)) +
              rec(3, ARG, struct.pack("<QQi", 0, 0, 0)) +
              rec(0, RING + 4, struct.pack("<I", 2)) +
              rec(3, ARG, struct.pack("<QQi", 0, 0, 0)),
    "halt": b"\x00" + rec(8, ARG, struct.pack("<Qi", 0, 3)),
}
for name, data in hc.items():
    put("fuzz_hypercalls", name, data)

# fuzz_manifest_json
mj = {
    "empty": b'{"type": "solo5.manifest", "version": 1, "devices": []}',
    "devices": b'{"type": "solo5.manifest", "version": 1, "devices": [\n'
               b'  {"name": "storage", "type": "BLOCK_BASIC"},\n'
               b'  {"name": "service0", "type": "NET_BASIC"}\n]}\n',
    "escapes": b'{"type": "solo5.manifest", "version": 1.0e0, "devices": '
               b'[{"name": "\\u0061b", "type": "NET_BASIC"}], "x": [null, true, '
               b'false, -1.5E+3, "\\ud83d\\ude00\\t"]}',
    "bad": b'{"type": "solo5.manifest", "version": 2, "devices": [{"name": 1}]',
}
for name, data in mj.items():
    put("fuzz_manifest_json", name, data)

# fuzz_http_request
hr = {
    "get": b"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
    "head-keepalive": b"\r\nHEAD /css/site.css?q=1 HTTP/1.0\r\n"
                      b"Connection: keep-alive\r\nUser-Agent: x\r\n\r\n",
    "absolute": b"GET http://h/a%20b/./c/ HTTP/1.1\nHost: h\n"
                b"Content-Length: 5\n\nhello",
    "post-te": b"POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n",
    # Past HTTP_HEAD_MAX (8192) with no end: also lets the fuzzer make
    # inputs that long (libFuzzer's -max_len follows the largest seed).
    "too-long": b"GET / HTTP/1.1\r\nHost: a\r\nX-Pad: " + b"a" * 8200,
}
for name, data in hr.items():
    put("fuzz_http_request", name, data)


# fuzz_kv_tar: small ustar archives as Python's tarfile writes them.
def tar(members):
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for name, kind, data in members:
            info = tarfile.TarInfo(name)
            info.mtime = 0
            if kind == "dir":
                info.type = tarfile.DIRTYPE
                t.addfile(info)
            elif kind == "link":
                info.type = tarfile.LNKTYPE
                info.linkname = data
                t.addfile(info)
            elif kind == "sym":
                info.type = tarfile.SYMTYPE
                info.linkname = data
                t.addfile(info)
            else:
                info.size = len(data)
                t.addfile(info, io.BytesIO(data))
    # tarfile pads to 10 KiB: keep the two zero records that end it.
    b = out.getvalue().rstrip(b"\0")
    n = (len(b) + 511) // 512 * 512
    return b.ljust(n, b"\0") + b"\0" * 1024


put("fuzz_kv_tar", "site", tar([
    ("./index.html", "file", b"<h1>hi</h1>\n"), ("css", "dir", None),
    ("css/site.css", "file", b"h1 { color: red }\n"), ("empty", "file", b""),
]))
put("fuzz_kv_tar", "links", tar([
    ("a", "file", b"x" * 600), ("b", "link", "a"), ("c", "sym", "a"),
    ("a", "file", b"second a\n"),
]))
put("fuzz_kv_tar", "long-name", tar([
    ("d" * 90 + "/" + "e" * 90 + "/f.txt", "file", b"deep\n"),
]))


# fuzz_lwip_input: frames from 10.0.0.1 (02:00:00:00:00:01) to 10.0.0.2.
def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


US, THEM = bytes([2, 0, 0, 0, 0, 2]), bytes([2, 0, 0, 0, 0, 1])
SRC, DST = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])


def ipv4(proto, l4, csum_at):
    if csum_at is not None:
        pseudo = SRC + DST + struct.pack("!BBH", 0, proto, len(l4))
        c = csum((pseudo if proto != 1 else b"") + l4)
        l4 = l4[:csum_at] + struct.pack("!H", c) + l4[csum_at + 2:]
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(l4), 1, 0x4000, 64,
                    proto, 0, SRC, DST)
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return US + THEM + b"\x08\x00" + h + l4


arp = (b"\xff" * 6 + THEM + b"\x08\x06" +
       struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + THEM + SRC + b"\0" * 6 + DST)
put("fuzz_lwip_input", "arp-request", arp + b"\0" * 18)
put("fuzz_lwip_input", "icmp-echo",
    ipv4(1, struct.pack("!BBHHH", 8, 0, 0, 0x1234, 1) + b"ping" * 8, 2))
syn = struct.pack("!HHIIBBHHH", 40000, 8080, 1000, 0, 6 << 4, 0x02, 64240, 0, 0)
put("fuzz_lwip_input", "tcp-syn",
    ipv4(6, syn + b"\x02\x04\x05\xb4\x01\x03\x03\x07", 16))
put("fuzz_lwip_input", "udp-echo",
    ipv4(17, struct.pack("!HHHH", 40000, 7, 8 + 5, 0) + b"hello", 6))

# fuzz_lwip_offload: the header's flags (1 checksum to fill, 2 data
# valid), then a frame as above; a coalesced segment past the MTU too.
for name, flags in (("arp-request", 0), ("icmp-echo", 2), ("tcp-syn", 1),
                    ("udp-echo", 2)):
    with open(os.path.join(HERE, "fuzz_lwip_input", name), "rb") as f:
        put("fuzz_lwip_offload", name, bytes([flags]) + f.read())
ack = struct.pack("!HHIIBBHHH", 40000, 8080, 1001, 1, 5 << 4, 0x18, 64240, 0, 0)
put("fuzz_lwip_offload", "tcp-coalesced",
    bytes([1]) + ipv4(6, ack + b"x" * 20000, None))
