#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""blk_pattern.py SIZE OUT

Writes to OUT the SIZE bytes the blk test unikernel leaves on its device
(tests/guest/blk/blk.c): the little-endian 8-byte word at byte offset o
is PATTERN_TAG ^ 2 << 48 ^ o (generation 2, the last one written).
"""
import struct
import sys

PATTERN_TAG = 0x626C6B0000000000
GENERATION = 2


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip())
    size = int(sys.argv[1])
    base = PATTERN_TAG ^ GENERATION << 48
    words = [base ^ o for o in range(0, size, 8)]
    with open(sys.argv[2], "wb") as f:
        f.write(struct.pack("<%dQ" % len(words), *words))


if __name__ == "__main__":
    main()
