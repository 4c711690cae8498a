/* SPDX-License-Identifier: ISC */
/*
 * Thread-local storage, x86_64 variant II: the thread pointer (FS base)
 * points just past the TLS block, and its first word holds its own
 * address. A block is the .tdata image, then zeroed .tbss, then the word.
 * The linker gives offsets relative to the block end rounded up to the
 * TLS alignment, so we round the same way.
 */
#include "kernel.h"

static uint64_t tls_block_size(void)
{
    uint64_t align = (uint64_t)_tls_align;

    if (align == 0)
        align = 1;
    return ALIGN_UP((uint64_t)_tls_memsz, align);
}

size_t solo5_tls_size(void)
{
    return tls_block_size() + sizeof(uintptr_t);
}

uintptr_t solo5_tls_tp_offset(uintptr_t tls)
{
    return tls + tls_block_size();
}

solo5_result_t solo5_tls_init(uintptr_t tls)
{
    const char *src = _tdata_start;
    char *dst = (char *)tls;
    char *tp = (char *)solo5_tls_tp_offset(tls);

    if (tls == 0)
        return SOLO5_R_EINVAL;
    while (src < _tdata_end)
        *dst++ = *src++;
    while (dst < tp)
        *dst++ = 0;
    *(uintptr_t *)tp = (uintptr_t)tp;
    return SOLO5_R_OK;
}

solo5_result_t solo5_set_tls_base(uintptr_t base)
{
    platform_set_tls_base(base);
    return SOLO5_R_OK;
}
