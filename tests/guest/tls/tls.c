/* SPDX-License-Identifier: ISC */
/* tls: two TLS blocks set up with solo5_tls_init(); switching the base
 * switches which copy of each __thread variable the code sees. */
#include "test_util.h"

static __thread uint64_t tdata_var = 0x5555aaaa5555aaaaULL;
static __thread volatile char tdata_str[8] = "tls";
static __thread uint64_t tbss_var;
static __thread volatile uint8_t tbss_array[100];

static uint8_t block1[512] __attribute__((aligned(64)));
static uint8_t block2[512] __attribute__((aligned(64)));

static void use(uint8_t *block)
{
    uintptr_t tp = solo5_tls_tp_offset((uintptr_t)block), self;

    if (solo5_set_tls_base(tp) != SOLO5_R_OK)
        fail("solo5_set_tls_base");
    __asm__ __volatile__("mov %%fs:0, %0" : "=r"(self));
    if (self != tp)
        fail("the thread pointer does not point to itself");
}

static void check(uint64_t data, uint64_t bss, const char *what)
{
    if (tdata_var != data || tbss_var != bss ||
            tdata_str[0] != 't' || tdata_str[3] != 0 || tbss_array[99] != 0)
        fail(what);
}

int solo5_app_main(const struct solo5_start_info *si)
{
    size_t size = solo5_tls_size();

    (void)si;
    if (size > sizeof(block1) || size < 8 + 8 + 8 + 100 + 8)
        fail("solo5_tls_size out of range");
    /* Dirty the blocks, so solo5_tls_init() must zero .tbss itself. */
    for (size_t i = 0; i < sizeof(block1); i++)
        block1[i] = block2[i] = 0xee;
    if (solo5_tls_init((uintptr_t)block1) != SOLO5_R_OK ||
            solo5_tls_init((uintptr_t)block2) != SOLO5_R_OK)
        fail("solo5_tls_init");

    use(block1);
    check(0x5555aaaa5555aaaaULL, 0, "block 1 initial values");
    tdata_var = 1;
    tbss_var = 2;
    use(block2);
    check(0x5555aaaa5555aaaaULL, 0, "block 2 initial values");
    tdata_var = 3;
    tbss_var = 4;
    use(block1);
    check(1, 2, "block 1 lost its values");
    use(block2);
    check(3, 4, "block 2 lost its values");
    puts("SUCCESS\n");
    return SOLO5_EXIT_SUCCESS;
}
