/* SPDX-License-Identifier: ISC */
/* ukvm's command line (opts_parse) against docs/ABI.md sections 3 and 5. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "options.h"

#define MiB (1ULL << 20)

static struct ukvm_opts o;
static struct errbuf err;

/* What the module callback saw, and how it answers. */
static char module_seen[8][64];
static int module_calls;

static int module_option(const char *arg, struct errbuf *e)
{
    if (module_calls < 8)
        snprintf(module_seen[module_calls], sizeof module_seen[0], "%s", arg);
    module_calls++;
    if (strncmp(arg, "--net:", 6) == 0 || strcmp(arg, "--stats") == 0)
        return 1;
    if (strncmp(arg, "--block:", 8) == 0)
        return err_set(e, "%s: no such file", arg);
    return 0;
}

/* Parses a NULL-terminated argument list, "ukvm" first. */
static int parse_with(module_option_fn fn, const char *const *args)
{
    char *argv[16];
    int argc = 0;

    argv[argc++] = "ukvm";
    for (; *args; args++)
        argv[argc++] = (char *)*args;
    argv[argc] = NULL;
    err.msg[0] = '\0';
    module_calls = 0;
    return opts_parse(argc, argv, &o, fn, &err);
}

#define PARSE(...) parse_with(module_option, (const char *const[]){ __VA_ARGS__, NULL })

static void mem_ok(const char *arg, uint64_t want, const char *name)
{
    int r = PARSE(arg, "k.hvt");

    if (!CHECK(r == 0 && o.mem_size == want, "%s", name))
        check_note("r=%d mem_size=%llu err='%s'", r,
                   (unsigned long long)o.mem_size, err.msg);
}

static void refused(int r, const char *want, const char *name)
{
    if (!CHECK(r < 0 && strstr(err.msg, want) && !strchr(err.msg, '\n'), "%s", name))
        check_note("r=%d err='%s' (wanted '%s')", r, err.msg, want);
}

static void test_mem(void)
{
    CHECK(PARSE("k.hvt") == 0 && o.mem_size == 512 * MiB,
          "mem: the default is 512 MiB");
    mem_ok("--mem=2", 2 * MiB, "mem: --mem=2 is 2 MiB");
    mem_ok("--mem=3", 2 * MiB, "mem: --mem=3 rounds down to 2 MiB");
    mem_ok("--mem=64", 64 * MiB, "mem: --mem=64 is 64 MiB");
    mem_ok("--mem=0128", 128 * MiB, "mem: a leading zero is fine");
    mem_ok("--mem=4095", 4094 * MiB, "mem: --mem=4095 rounds down to 4094 MiB");
    mem_ok("--mem=4096", 4096 * MiB, "mem: --mem=4096 (4 GiB, the maximum) is accepted");
    CHECK(PARSE("--mem=8", "--mem=16", "k.hvt") == 0 && o.mem_size == 16 * MiB,
          "mem: a later --mem overrides an earlier one");

    refused(PARSE("--mem=0", "k.hvt"), "less than 2 MiB", "mem: --mem=0 is refused");
    refused(PARSE("--mem=1", "k.hvt"), "--mem=1: less than 2 MiB", "mem: --mem=1 is refused");
    refused(PARSE("--mem=4097", "k.hvt"), "--mem=4097: more than 4096 MiB",
            "mem: --mem=4097 is refused");
    refused(PARSE("--mem=99999999999999999999999", "k.hvt"), "more than 4096 MiB",
            "mem: a value that overflows 64 bits is refused, not wrapped");
    refused(PARSE("--mem=18446744073709551617", "k.hvt"), "more than 4096 MiB",
            "mem: 2^64+1 is refused, not wrapped to 1");
    refused(PARSE("--mem=", "k.hvt"), "--mem: missing value", "mem: an empty --mem= is refused");
    refused(PARSE("--mem=12M", "k.hvt"), "--mem=12M: not a whole number",
            "mem: a unit suffix is refused");
    refused(PARSE("--mem=abc", "k.hvt"), "not a whole number", "mem: letters are refused");
    refused(PARSE("--mem=-2", "k.hvt"), "not a whole number", "mem: a negative value is refused");
    refused(PARSE("--mem=+2", "k.hvt"), "not a whole number", "mem: a '+' sign is refused");
    refused(PARSE("--mem= 2", "k.hvt"), "not a whole number", "mem: a leading space is refused");
    refused(PARSE("--mem=0x10", "k.hvt"), "not a whole number", "mem: hexadecimal is refused");
    refused(PARSE("--mem=2.5", "k.hvt"), "not a whole number", "mem: a fraction is refused");
    refused(PARSE("--mem", "k.hvt"), "unknown option '--mem'",
            "mem: --mem without '=' is an unknown option");
}

static void test_kernel_and_args(void)
{
    CHECK(PARSE("k.hvt") == 0 && strcmp(o.kernel, "k.hvt") == 0 && o.cmdline[0] == '\0',
          "args: no guest arguments give an empty command line");
    CHECK(PARSE("k.hvt", "a", "b c", "d") == 0 && strcmp(o.cmdline, "a b c d") == 0,
          "args: guest arguments are joined by single spaces");
    CHECK(PARSE("k.hvt", "", "x", "") == 0 && strcmp(o.cmdline, " x ") == 0,
          "args: empty guest arguments are kept");
    CHECK(PARSE("k.hvt", "--mem=8", "--help") == 0 && o.mem_size == 512 * MiB &&
          !o.help && strcmp(o.cmdline, "--mem=8 --help") == 0,
          "args: options after UNIKERNEL belong to the guest");
    CHECK(PARSE("--", "--odd-name", "x") == 0 && strcmp(o.kernel, "--odd-name") == 0 &&
          strcmp(o.cmdline, "x") == 0,
          "args: after --, a name starting with '-' is the unikernel");
    CHECK(PARSE("--mem=8", "--", "k.hvt", "--", "y") == 0 && o.mem_size == 8 * MiB &&
          strcmp(o.kernel, "k.hvt") == 0 && strcmp(o.cmdline, "-- y") == 0,
          "args: a second -- goes to the guest");
    CHECK(PARSE("-", "x") == 0 && strcmp(o.kernel, "-") == 0,
          "args: a lone '-' is a unikernel name, not an option");
    refused(PARSE("--mem=8"), "missing UNIKERNEL", "args: no UNIKERNEL is refused");
    refused(parse_with(module_option, (const char *const[]){ NULL }), "missing UNIKERNEL",
            "args: no arguments at all is refused");
    refused(PARSE("--mem=8", "--"), "missing UNIKERNEL",
            "args: -- with nothing after it is refused");
}

static void test_cmdline_length(void)
{
    static char a[9000], b[9000];

    memset(a, 'a', 8191);
    a[8191] = '\0';
    CHECK(PARSE("k.hvt", a) == 0 && strlen(o.cmdline) == 8191 &&
          memcmp(o.cmdline, a, 8192) == 0,
          "cmdline: 8191 characters are accepted whole");
    a[8191] = 'a';
    a[8192] = '\0';
    refused(PARSE("k.hvt", a), "longer than 8191 characters",
            "cmdline: 8192 characters are refused");

    memset(a, 'a', 4095);
    a[4095] = '\0';
    memset(b, 'b', 4095);
    b[4095] = '\0';
    CHECK(PARSE("k.hvt", a, b) == 0 && strlen(o.cmdline) == 8191 && o.cmdline[4095] == ' ',
          "cmdline: two arguments making 8191 characters with the space are accepted");
    b[4095] = 'b';
    b[4096] = '\0';
    refused(PARSE("k.hvt", a, b), "longer than 8191",
            "cmdline: two arguments making 8192 characters with the space are refused");
    memset(a, 'a', 8191);
    a[8191] = '\0';
    refused(PARSE("k.hvt", a, ""), "longer than 8191",
            "cmdline: 8191 characters plus an empty argument (a space) are refused");
}

static void test_other_options(void)
{
    refused(PARSE("--frobnicate", "k.hvt"), "unknown option '--frobnicate' (see --help)",
            "opt: an unknown option is refused, naming it");
    CHECK(module_calls == 1 && strcmp(module_seen[0], "--frobnicate") == 0,
          "opt: modules are offered the unknown option first");
    refused(parse_with(NULL, (const char *const[]){ "--net:a=tap0", "k.hvt", NULL }),
            "unknown option '--net:a=tap0'",
            "opt: with no module callback, module options are unknown");
    refused(PARSE("-x", "k.hvt"), "unknown option '-x'", "opt: an unknown short option is refused");

    CHECK(PARSE("--net:service=tap0", "--mem=8", "--net:x=@3", "k.hvt", "--net:y=z") == 0 &&
          module_calls == 2 && strcmp(module_seen[0], "--net:service=tap0") == 0 &&
          strcmp(module_seen[1], "--net:x=@3") == 0 && o.mem_size == 8 * MiB &&
          strcmp(o.cmdline, "--net:y=z") == 0,
          "opt: module options go to the callback, in order, and only before UNIKERNEL");
    CHECK(PARSE("--mem=8", "k.hvt") == 0 && module_calls == 0,
          "opt: core options never reach the modules");
    refused(PARSE("--block:disk=/nonexistent", "k.hvt"), "--block:disk=/nonexistent: no such file",
            "opt: a module's own error is passed through");

    CHECK(PARSE("--help") == 0 && o.help && !o.kernel, "opt: --help needs no UNIKERNEL");
    CHECK(PARSE("-h") == 0 && o.help, "opt: -h is --help");
    CHECK(PARSE("--version") == 0 && o.version && !o.kernel, "opt: --version needs no UNIKERNEL");
    CHECK(PARSE("--stats", "k.hvt") == 0 && module_calls == 1 &&
          strcmp(module_seen[0], "--stats") == 0 && strcmp(o.kernel, "k.hvt") == 0,
          "opt: the tender's own flags (--stats) go to the callback too");
    CHECK(PARSE("--mem=8", "--help", "--bogus") == 0 && o.help,
          "opt: --help stops parsing, whatever follows");
}

int main(void)
{
    test_mem();
    test_kernel_and_args();
    test_cmdline_length();
    test_other_options();
    return check_done();
}
