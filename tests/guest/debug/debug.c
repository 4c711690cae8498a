/* SPDX-License-Identifier: ISC */
/*
 * debug: the target of the gdb tests (tests/bats/gdb.bats). gdb reads
 * and sets the global `answer` before it is printed; with the argument
 * "spin" the guest loops in spin_forever() until gdb interrupts it.
 */
#include "test_util.h"

int answer = 41;
volatile uint64_t spins;

/* A volatile read: the value printed is the one in memory, as gdb left
 * it, not a constant the compiler folded in. */
__attribute__((noinline)) static int read_answer(void)
{
    return *(volatile int *)&answer;
}

__attribute__((noinline)) void spin_forever(void)
{
    for (;;)
        spins++;
}

/* Whether WORD is one of the space-separated words of CMDLINE. */
static int has_word(const char *cmdline, const char *word)
{
    size_t n = t_strlen(word);

    for (const char *p = cmdline; *p; ) {
        size_t i = 0;

        while (*p == ' ')
            p++;
        while (i < n && p[i] == word[i])
            i++;
        if (i == n && (p[i] == ' ' || p[i] == '\0'))
            return 1;
        while (*p && *p != ' ')
            p++;
    }
    return 0;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    int value;

    /* A call out first, so the `next` after the breakpoint here ends
     * before answer is read, whatever order the compiler chose. */
    puts("debug: started\n");
    value = read_answer();
    puts(value < 0 ? "answer: -" : "answer: ");
    put_dec(value < 0 ? -(uint64_t)value : (uint64_t)value);
    puts("\n");
    if (has_word(si->cmdline, "spin"))
        spin_forever();
    return SOLO5_EXIT_SUCCESS;
}
