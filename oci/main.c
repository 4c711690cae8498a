/* SPDX-License-Identifier: ISC */
/*
 * ukvm-oci: an OCI runtime whose containers are unikernels. The command
 * line is runc's, as containerd's runc shim, dockerd and podman call it:
 * global options, then a command and its own.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "delegate.h"
#include "log.h"
#include "version.h"

static const char usage[] =
    "usage: ukvm-oci [global options] COMMAND [options] ID\n"
    "\n"
    "An OCI runtime (runtime-spec 1.0 to 1.2) that runs each container's\n"
    "unikernel on ukvm (hvt) or ukvm-spt (spt).\n"
    "\n"
    "Commands:\n"
    "  create [--bundle DIR] [--pid-file FILE] [--console-socket SOCK]\n"
    "         [--no-pivot] [--no-new-keyring] [--preserve-fds N] ID\n"
    "  start ID               run the unikernel create prepared\n"
    "  state ID               the container's state, as JSON\n"
    "  kill [--all] ID [SIGNAL]  a signal (name or number, default TERM) to it\n"
    "  delete [--force] ID    remove a stopped container (--force: any)\n"
    "  ps [--format table|json] ID  the container's process\n"
    "  features               what this runtime supports, as JSON\n"
    "  version                the same as --version\n"
    "\n"
    "Global options:\n"
    "  --root DIR             state directories (default /run/ukvm-oci)\n"
    "  --log FILE             errors (and --debug lines) also go to FILE\n"
    "  --log-format text|json the log's format (default text)\n"
    "  --debug                log what each command does\n"
    "  --systemd-cgroup       accepted: ukvm-oci makes no cgroups\n"
    "  --monitor-dir DIR      where ukvm and ukvm-spt are (default: beside\n"
    "                         ukvm-oci; or UKVM_OCI_MONITOR_DIR)\n"
    "  --help, --version\n"
    "\n"
    "A Kubernetes pod's sandbox (pause) container goes to runc (UKVM_OCI_RUNC),\n"
    "under --root DIR/runc.\n";

static void print_version(void)
{
    printf("ukvm-oci version %s\nspec: 1.2.0\n", UKVM_VERSION);
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "root", required_argument, NULL, 'r' },
        { "log", required_argument, NULL, 'l' },
        { "log-format", required_argument, NULL, 'f' },
        { "log-level", required_argument, NULL, 'L' },
        { "debug", no_argument, NULL, 'd' },
        { "systemd-cgroup", no_argument, NULL, 's' },
        { "rootless", required_argument, NULL, 'R' },
        { "monitor-dir", required_argument, NULL, 'm' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'v' },
        { NULL, 0, NULL, 0 }
    };
    static const struct { const char *name; int (*run)(const struct oci_global *, int, char **); }
        cmds[] = {
        { "create", cmd_create }, { "start", cmd_start }, { "state", cmd_state },
        { "kill", cmd_kill }, { "delete", cmd_delete }, { "ps", cmd_ps },
        { "features", cmd_features },
    };
    struct oci_global g = { .root = "/run/ukvm-oci",
                            .monitor_dir = getenv("UKVM_OCI_MONITOR_DIR") };
    const char *log = NULL, *format = "text";
    bool debug = false;
    size_t i;
    int c;

    while ((c = getopt_long(argc, argv, "+hv", opts, NULL)) != -1) {
        switch (c) {
        case 'r': g.root = optarg; break;
        case 'l': log = optarg; break;
        case 'f': format = optarg; break;
        case 'L': debug |= !strcmp(optarg, "debug"); break;
        case 'd': debug = true; break;
        case 's': g.systemd_cgroup = true; break;
        case 'R': break;          /* no cgroups, rootless or not */
        case 'm': g.monitor_dir = optarg; break;
        case 'h': fputs(usage, stdout); return 0;
        case 'v': print_version(); return 0;
        default: fputs(usage, stderr); return 1;
        }
    }
    if (strcmp(format, "text") && strcmp(format, "json")) {
        fprintf(stderr, "ukvm-oci: --log-format %s: text or json\n", format);
        return 1;
    }
    if (oci_log_open(log, !strcmp(format, "json"), debug) < 0)
        return 1;
    if (g.monitor_dir && !*g.monitor_dir)
        g.monitor_dir = NULL;
    if (optind >= argc) {
        fputs(usage, stderr);
        return 1;
    }
    if (!strcmp(argv[optind], "version")) {
        print_version();
        return 0;
    }
    c = delegate_maybe(&g, argc, argv, optind);
    if (c >= 0)
        return c;
    for (i = 0; i < sizeof cmds / sizeof *cmds; i++)
        if (!strcmp(argv[optind], cmds[i].name))
            return cmds[i].run(&g, argc - optind, argv + optind);
    if (!strcmp(argv[optind], "exec") || !strcmp(argv[optind], "pause") ||
        !strcmp(argv[optind], "resume") || !strcmp(argv[optind], "update") ||
        !strcmp(argv[optind], "checkpoint") || !strcmp(argv[optind], "restore") ||
        !strcmp(argv[optind], "run") || !strcmp(argv[optind], "events")) {
        oci_error("%s: not supported: a unikernel is one process, run by create and start",
                  argv[optind]);
        return 1;
    }
    oci_error("%.64s: no such command (create, start, state, kill, delete, ps, features)",
              argv[optind]);
    return 1;
}
