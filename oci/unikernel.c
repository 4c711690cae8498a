/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <string.h>

#include "elf_file.h"
#include "unikernel.h"

int unikernel_read(int fd, const char *name, struct unikernel *u, struct errbuf *err)
{
    struct elf_file f;
    struct abi1_info abi;
    struct errbuf e;
    const uint8_t *desc;
    uint32_t descsz;
    char path[64];
    int r;

    memset(u, 0, sizeof *u);
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    if (elf_file_map(&f, path, &e) < 0)
        return err_set(err, "%.128s: %s", name, e.msg);
    r = elf_file_find_note(&f, NOTE_NAME, NOTE_TYPE_ABI, &desc, &descsz, &e);
    if (r <= 0 || descsz != sizeof abi) {
        elf_file_unmap(&f);
        return err_set(err, "%.128s: %s", name, r < 0 ? e.msg : "no Solo5 ABI note: not a unikernel");
    }
    memcpy(&abi, desc, sizeof abi);
    if (abi.abi_target != ABI_TARGET_HVT && abi.abi_target != ABI_TARGET_SPT) {
        elf_file_unmap(&f);
        return err_set(err, "%.128s: built for target %s, which ukvm does not run",
                       name, abi_target_name(abi.abi_target));
    }
    u->target = abi.abi_target == ABI_TARGET_HVT ? OCI_TARGET_HVT : OCI_TARGET_SPT;
    r = elf_file_find_note(&f, NOTE_NAME, NOTE_TYPE_MFT, &desc, &descsz, &e);
    if (r <= 0) {
        elf_file_unmap(&f);
        return err_set(err, "%.128s: %s", name, r < 0 ? e.msg : "no Solo5 manifest note");
    }
    u->mft = mft_from_note(desc, descsz, &u->buf, &e);
    if (elf_file_find_note(&f, VNET_NOTE_NAME, VNET_NOTE_TYPE, &desc, &descsz, &e) > 0 &&
        descsz == sizeof(struct vnet_note_info)) {
        struct vnet_note_info n;

        memcpy(&n, desc, sizeof n);
        u->wants_vnet = n.version == 1;
    }
    elf_file_unmap(&f);
    if (!u->mft)
        return err_set(err, "%.128s: manifest: %s", name, e.msg);
    return 0;
}
