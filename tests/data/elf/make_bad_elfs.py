#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Writes tests/data/elf/good/halt7.elf (a tiny hvt unikernel that halts
with status 7), halt7_bigbss.elf (the same with 20 MiB of bss, so ukvm
needs page tables beyond the 16 MiB that fit at 0x8000-0xffff),
halt7_solo5_layout.elf (halt7 with the program headers Solo5's toolchain
emits) and, in tests/data/elf/bad/, one broken copy of halt7.elf per
loader check, with EXPECTED listing each file and a piece of ukvm's
one-line refusal. The files are committed; run this only to remake them."""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
PT_LOAD, PT_NOTE, PT_NULL, PT_INTERP, PT_TLS = 1, 4, 0, 3, 7
PF_X, PF_W, PF_R = 1, 2, 4
PH_FIELDS = {"type": (0, "<I"), "flags": (4, "<I"), "offset": (8, "<Q"),
             "vaddr": (16, "<Q"), "paddr": (24, "<Q"), "filesz": (32, "<Q"),
             "memsz": (40, "<Q")}

# mov eax, 0x101000; mov edx, 0x508 (HALT); out dx, eax; jmp $; hlt padding
TEXT = bytes.fromhex("b800101000" "ba08050000" "ef" "ebfe").ljust(16, b"\xf4")
DATA = struct.pack("<QI4x", 0, 7)   # struct hvt_hc_halt: cookie 0, status 7
# mov dword [0x102008], 7; mov eax, 0x102000; then HALT as above: the halt
# struct is built in the bss, so status 7 shows it mapped, zeroed, writable.
TEXT_BSS = bytes.fromhex("c704250820100007000000" "b800201000" "ba08050000"
                         "ef" "ebfe").ljust(32, b"\xf4")
INTERP = b"/nonexistent/solo5/\0"


def align(n, a):
    return (n + a - 1) // a * a


def note(type_, desc):
    return struct.pack("<III", 6, len(desc), type_) + b"Solo5\0\0\0" + desc


def manifest(names):
    entries = [(b"", 1 << 30)] + [(n.encode(), 2) for n in names]
    body = struct.pack("<II", 1, len(entries))
    for name, type_ in entries:
        body += struct.pack("<68sI32x", name, type_)   # attached etc. zero
    return b"\0" * 4 + body         # 4 bytes of padding put struct mft at 24


def build(names=(), extra_loads=0, text=TEXT, extra=()):
    """Returns (bytearray, layout): text R+X at 0x100000, data RW at
    0x101000, the ABI note, the manifest note, then extra empty loads and
    the EXTRA program headers (type, flags, offset, vaddr, filesz, memsz;
    an offset of None means INTERP's place after the data)."""
    nph = 4 + extra_loads + len(extra)
    abi = note(0x31494241, struct.pack("<IIII", 1, 2, 0, 0))
    mft = note(0x3154464D, manifest(names))
    L = {"abi": 64 + 56 * nph}
    L["mft"] = align(L["abi"] + len(abi), 8)
    L["text"] = align(L["mft"] + len(mft), 8)
    L["data"] = L["text"] + len(text)
    L["interp"] = L["data"] + len(DATA)
    b = bytearray(L["interp"] + (len(INTERP) if extra else 0))
    b[0:16] = b"\x7fELF\x02\x01\x01" + bytes(9)
    struct.pack_into("<HHIQQQIHHHHHH", b, 16, 2, 62, 1, 0x100000, 64, 0, 0,
                     64, 56, nph, 0, 0, 0)
    phdrs = [(PT_LOAD, PF_R | PF_X, L["text"], 0x100000, len(text), 0x1000),
             (PT_LOAD, PF_R | PF_W, L["data"], 0x101000, len(DATA), 0x1000),
             (PT_NOTE, PF_R, L["abi"], 0, len(abi), 0),
             (PT_NOTE, PF_R, L["mft"], 0, len(mft), 0)]
    phdrs += [(PT_LOAD, PF_R, 0, 0x200000 + i * 0x1000, 0, 0x1000)
              for i in range(extra_loads)]
    phdrs += [(t, f, L["interp"] if off is None else off, va, fsz, msz)
              for t, f, off, va, fsz, msz in extra]
    for i, (t, f, off, va, fsz, msz) in enumerate(phdrs):
        struct.pack_into("<IIQQQQQQ", b, 64 + 56 * i, t, f, off, va, va,
                         fsz, msz, 0x1000 if t == PT_LOAD else 4)
    b[L["abi"]:L["abi"] + len(abi)] = abi
    b[L["mft"]:L["mft"] + len(mft)] = mft
    b[L["text"]:L["data"]] = text
    b[L["data"]:L["interp"]] = DATA
    if extra:
        b[L["interp"]:] = INTERP
    return b, L


# What Solo5's linker output adds to an image (see the Solo5 kit's README):
# PT_INTERP, a PT_TLS and an empty PT_LOAD at address 0, the bss as a
# PT_LOAD with no file bytes; and an empty PT_LOAD far past guest memory
# with an offset past the file, which must be ignored just the same.
SOLO5_EXTRA = [
    (PT_INTERP, PF_R, None, 0x100000, len(INTERP), len(INTERP)),
    (PT_LOAD, PF_R, 0x270, 0, 0, 0),
    (PT_TLS, PF_R, 0, 0, 0, 0),
    (PT_LOAD, PF_R | PF_W, 0, 0x102000, 0, 0x3000),
    (PT_LOAD, PF_R | PF_W | PF_X, 1 << 40, 0xFFFFFFFFFFFFF000, 0, 0),
]


def solo5_layout():
    """halt7 as Solo5 lays it out: text execute-only (PF_X alone, as
    Solo5's hvt text is), the halt struct built in the bss."""
    b, L = build(text=TEXT_BSS, extra=SOLO5_EXTRA)
    ph(b, 0, "flags", PF_X)
    return b


def ph(b, i, field, value):
    off, fmt = PH_FIELDS[field]
    struct.pack_into(fmt, b, 64 + 56 * i + off, value)


def entry(b, L, i, offset, fmt, value):   # a field of manifest entry i
    struct.pack_into(fmt, b, L["mft"] + 32 + 104 * i + offset, value)


# (file, expected piece of the error, build arguments, mutation)
CASES = [
    ("too_short.elf", "file too short for an ELF header", {},
     lambda b, L: b[:40]),
    ("bad_magic.elf", "not an ELF file (bad magic)", {},
     lambda b, L: b.__setitem__(1, ord("e"))),
    ("elf32.elf", "not a 64-bit ELF file", {},
     lambda b, L: b.__setitem__(4, 1)),
    ("big_endian.elf", "not a little-endian ELF file", {},
     lambda b, L: b.__setitem__(5, 2)),
    ("wrong_machine.elf", "ELF machine is 183, not x86_64", {},
     lambda b, L: struct.pack_into("<H", b, 18, 183)),
    ("et_dyn.elf", "not a static executable (ET_EXEC)", {},
     lambda b, L: struct.pack_into("<H", b, 16, 3)),
    ("truncated_phdrs.elf", "program header table lies outside the file", {},
     lambda b, L: b[:64 + 56 * 2 + 10]),
    ("no_abi_note.elf", "no Solo5 ABI note", {},
     lambda b, L: ph(b, 2, "type", PT_NULL)),
    ("note_overrun.elf", "note in segment 2 overruns its segment", {},
     lambda b, L: struct.pack_into("<I", b, L["abi"] + 4, 0x100)),
    ("abi_target_spt.elf", "built for target spt (2), not hvt (1)", {},
     lambda b, L: struct.pack_into("<I", b, L["abi"] + 20, 2)),
    ("abi_version_1.elf", "hvt ABI version 1, this ukvm runs 2", {},
     lambda b, L: struct.pack_into("<I", b, L["abi"] + 24, 1)),
    ("no_manifest_note.elf", "no Solo5 manifest note", {},
     lambda b, L: ph(b, 3, "type", PT_NULL)),
    ("mft_bad_size.elf", "manifest note has a malformed size (108 bytes)", {},
     lambda b, L: (struct.pack_into("<I", b, L["mft"] + 4, 108),
                   ph(b, 3, "filesz", 20 + 108))),
    ("mft_too_many_entries.elf", "manifest has 64 devices, more than 63",
     {"names": ["dev%d" % i for i in range(64)]}, lambda b, L: None),
    ("mft_entries_mismatch.elf", "says 3 entries but its note holds 1", {},
     lambda b, L: struct.pack_into("<I", b, L["mft"] + 28, 3)),
    ("mft_bad_name.elf", "has a character other than A-Z, a-z, 0-9",
     {"names": ["net-0"]}, lambda b, L: None),
    ("mft_duplicate_name.elf", "device name 'net0' appears twice",
     {"names": ["net0", "net0"]}, lambda b, L: None),
    ("mft_entry0_not_reserved.elf", "manifest entry 0 is not the reserved entry", {},
     lambda b, L: entry(b, L, 0, 68, "<I", 1)),
    ("mft_attached.elf", "manifest entry 1: marked attached in the file",
     {"names": ["net0"]}, lambda b, L: entry(b, L, 1, 96, "<B", 1)),
    ("filesz_gt_memsz.elf", "file size 0x2000 exceeds memory size 0x1000", {},
     lambda b, L: ph(b, 1, "filesz", 0x2000)),
    ("segment_outside_file.elf", "segment 1: contents lie outside the file", {},
     lambda b, L: ph(b, 1, "offset", 0x100000)),
    ("segment_below_1mib.elf", "segment 0: address 0xff000 is below 0x100000", {},
     lambda b, L: ph(b, 0, "vaddr", 0xff000)),
    ("segment_past_memory.elf", "0x40000000-0x40001000 lies outside guest memory", {},
     lambda b, L: ph(b, 1, "vaddr", 0x40000000)),
    ("vaddr_overflow.elf", "lies outside guest memory", {},
     lambda b, L: ph(b, 1, "vaddr", 0xFFFFFFFFFFFFF800)),
    ("overlapping_segments.elf", "0x100800-0x101800 overlaps another segment", {},
     lambda b, L: ph(b, 1, "vaddr", 0x100800)),
    ("wx_segment.elf", "segment 0: both writable and executable", {},
     lambda b, L: ph(b, 0, "flags", PF_R | PF_W | PF_X)),
    ("wx_shared_page.elf", "page 0x100000 would be both writable and executable", {},
     lambda b, L: (ph(b, 0, "memsz", 0x800), ph(b, 1, "vaddr", 0x100800))),
    ("entry_not_executable.elf", "entry point 0x101000 is not in an executable segment", {},
     lambda b, L: struct.pack_into("<Q", b, 24, 0x101000)),
    ("too_many_segments.elf", "more than 16 loadable segments", {"extra_loads": 15},
     lambda b, L: None),
    ("bss_wx_segment.elf", "segment 7: both writable and executable",
     {"text": TEXT_BSS, "extra": SOLO5_EXTRA},
     lambda b, L: ph(b, 7, "flags", PF_R | PF_W | PF_X)),
    ("bss_below_1mib.elf", "segment 7: address 0x2000 is below 0x100000",
     {"text": TEXT_BSS, "extra": SOLO5_EXTRA},
     lambda b, L: ph(b, 7, "vaddr", 0x2000)),
    ("empty_load_with_file_bytes.elf", "segment 5: file size 0x10 exceeds memory size 0",
     {"text": TEXT_BSS, "extra": SOLO5_EXTRA},
     lambda b, L: ph(b, 5, "filesz", 0x10)),
]


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def main():
    os.makedirs(os.path.join(HERE, "good"), exist_ok=True)
    os.makedirs(os.path.join(HERE, "bad"), exist_ok=True)
    write(os.path.join(HERE, "good", "halt7.elf"), build()[0])
    big, _ = build()
    ph(big, 1, "memsz", 20 << 20)
    write(os.path.join(HERE, "good", "halt7_bigbss.elf"), big)
    write(os.path.join(HERE, "good", "halt7_solo5_layout.elf"), solo5_layout())
    lines = []
    for name, expected, args, mutate in CASES:
        b, L = build(**args)
        out = mutate(b, L)
        write(os.path.join(HERE, "bad", name), out if isinstance(out, bytearray) else b)
        lines.append("%s\t%s\n" % (name, expected))
    with open(os.path.join(HERE, "bad", "EXPECTED"), "w") as f:
        f.writelines(lines)


if __name__ == "__main__":
    main()
