/* SPDX-License-Identifier: ISC */
/* xnow: data is not executable. Calling a `ret` placed in data (or, with
 * the argument "stack" or "heap", on the stack or the heap) must fault. */
#include "test_util.h"

static uint8_t data_ret[16] = { 0xc3 };     /* ret */

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static void call(volatile uint8_t *code)
{
    void (*f)(void) = (void (*)(void))(uintptr_t)code;

    f();
}

int solo5_app_main(const struct solo5_start_info *si)
{
    volatile uint8_t stack_ret[16];

    if (streq(si->cmdline, "stack")) {
        puts("calling code on the stack\n");
        stack_ret[0] = 0xc3;
        call(stack_ret);
    } else if (streq(si->cmdline, "heap")) {
        volatile uint8_t *heap = (volatile uint8_t *)si->heap_start;

        puts("calling code on the heap\n");
        heap[0] = 0xc3;
        call(heap);
    } else {
        puts("calling code in data\n");
        call(data_ret);
    }
    fail("executing data succeeded");
    return SOLO5_EXIT_FAILURE;
}
