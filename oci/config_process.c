/* SPDX-License-Identifier: ISC */
/* config.json's process: the arguments, the user, limits and what is
 * accepted without being applied (see man/ukvm-oci.1). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "config_json.h"

static const char *const rlimit_names[] = {
    [RLIMIT_CPU] = "RLIMIT_CPU", [RLIMIT_FSIZE] = "RLIMIT_FSIZE",
    [RLIMIT_DATA] = "RLIMIT_DATA", [RLIMIT_STACK] = "RLIMIT_STACK",
    [RLIMIT_CORE] = "RLIMIT_CORE", [RLIMIT_RSS] = "RLIMIT_RSS",
    [RLIMIT_NPROC] = "RLIMIT_NPROC", [RLIMIT_NOFILE] = "RLIMIT_NOFILE",
    [RLIMIT_MEMLOCK] = "RLIMIT_MEMLOCK", [RLIMIT_AS] = "RLIMIT_AS",
    [RLIMIT_LOCKS] = "RLIMIT_LOCKS", [RLIMIT_SIGPENDING] = "RLIMIT_SIGPENDING",
    [RLIMIT_MSGQUEUE] = "RLIMIT_MSGQUEUE", [RLIMIT_NICE] = "RLIMIT_NICE",
    [RLIMIT_RTPRIO] = "RLIMIT_RTPRIO", [RLIMIT_RTTIME] = "RLIMIT_RTTIME",
};

static int check_rlimits(J *proc, struct oci_plan *p, struct errbuf *err)
{
    J *arr;
    size_t i, n;

    if (cfg_arr(proc, "rlimits", &arr, "process.rlimits", OCI_RLIMITS_MAX, err) < 0)
        return -1;
    n = arr ? json_object_array_length(arr) : 0;
    for (i = 0; i < n; i++) {
        J *e = json_object_array_get_idx(arr, i), *soft, *hard;
        const char *type;
        size_t r;

        if (cfg_want(e, json_type_object, "process.rlimits[]", "an object", err) < 0 ||
            cfg_only_keys(e, "process.rlimits[]",
                      (const char *const[]){ "type", "soft", "hard", NULL }, err) < 0 ||
            cfg_str(e, "type", &type, 32, "process.rlimits[].type", err) < 0)
            return -1;
        for (r = 0; r < sizeof rlimit_names / sizeof *rlimit_names; r++)
            if (type && rlimit_names[r] && !strcmp(type, rlimit_names[r]))
                break;
        if (r == sizeof rlimit_names / sizeof *rlimit_names)
            return err_set(err, "process.rlimits[%zu].type: %.32s is not a limit",
                           i, type ? type : "(missing)");
        soft = cfg_get(e, "soft");
        hard = cfg_get(e, "hard");
        if (!soft || !hard || !json_object_is_type(soft, json_type_int) ||
            !json_object_is_type(hard, json_type_int))
            return err_set(err, "process.rlimits[%zu]: soft and hard must be integers", i);
        p->rlimit[i].resource = (int)r;
        /* json-c keeps values above INT64_MAX as unsigned: RLIM_INFINITY. */
        p->rlimit[i].soft = json_object_get_uint64(soft);
        p->rlimit[i].hard = json_object_get_uint64(hard);
        if (p->rlimit[i].soft > p->rlimit[i].hard)
            return err_set(err, "process.rlimits[%zu]: soft %llu above hard %llu", i,
                           p->rlimit[i].soft, p->rlimit[i].hard);
    }
    p->nrlimits = n;
    return 0;
}

/* The capabilities by number (linux/capability.h). */
const char *const oci_cap_names[OCI_CAPS] = {
    "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID",
    "SETUID", "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST",
    "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO",
    "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE",
    "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE",
    "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM",
    "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE",
};

/*
 * The capability sets: every name checked. The bounding set is applied
 * (the monitor can hold nothing outside it; as root it gets just that
 * set on exec); the others follow from it and the user on exec.
 */
static int check_capabilities(J *proc, struct oci_plan *p, struct errbuf *err)
{
    static const char *const sets[] = { "bounding", "effective", "inheritable",
                                        "permitted", "ambient", NULL };
    J *caps;
    const char *const *s;

    if (cfg_obj(proc, "capabilities", &caps, "process.capabilities", err) < 0)
        return -1;
    if (!caps)
        return 0;
    if (cfg_only_keys(caps, "process.capabilities", sets, err) < 0)
        return -1;
    for (s = sets; *s; s++) {
        char where[64];
        J *arr;
        size_t i, n, c;

        snprintf(where, sizeof where, "process.capabilities.%s", *s);
        if (cfg_arr(caps, *s, &arr, where, 64, err) < 0 || cfg_strings(arr, where, 32, err) < 0)
            return -1;
        n = arr ? json_object_array_length(arr) : 0;
        if (arr && !strcmp(*s, "bounding"))
            p->has_cap_bounding = true;
        for (i = 0; i < n; i++) {
            const char *name = json_object_get_string(json_object_array_get_idx(arr, i));

            for (c = 0; c < OCI_CAPS; c++)
                if (!strncmp(name, "CAP_", 4) && !strcmp(name + 4, oci_cap_names[c]))
                    break;
            if (c == OCI_CAPS)
                return err_set(err, "%s[%zu]: %.32s is not a capability", where, i, name);
            if (!strcmp(*s, "bounding"))
                p->cap_bounding |= 1ULL << c;
        }
    }
    return 0;
}

static int check_user(J *proc, struct oci_plan *p, struct errbuf *err)
{
    J *user, *gids;
    long long n;
    bool set;
    size_t i;

    if (cfg_obj(proc, "user", &user, "process.user", err) < 0)
        return -1;
    if (!user)
        return 0;
    if (cfg_get(user, "username"))
        return err_set(err, "process.user.username: Windows only");
    if (cfg_only_keys(user, "process.user", (const char *const[]){ "uid", "gid",
                  "umask", "additionalGids", NULL }, err) < 0 ||
        cfg_int(user, "umask", 0, 0777, &n, &set, "process.user.umask", err) < 0)
        return -1;
    if (cfg_int(user, "uid", 0, 0xfffffffe, &n, &set, "process.user.uid", err) < 0)
        return -1;
    p->uid = set ? (uid_t)n : 0;
    if (cfg_int(user, "gid", 0, 0xfffffffe, &n, &set, "process.user.gid", err) < 0)
        return -1;
    p->gid = set ? (gid_t)n : 0;
    if (cfg_arr(user, "additionalGids", &gids, "process.user.additionalGids",
                OCI_GIDS_MAX, err) < 0)
        return -1;
    p->ngids = gids ? json_object_array_length(gids) : 0;
    for (i = 0; i < p->ngids; i++) {
        J *g = json_object_array_get_idx(gids, i);

        if (!json_object_is_type(g, json_type_int) || json_object_get_int64(g) < 0 ||
            json_object_get_int64(g) > 0xfffffffe)
            return err_set(err, "process.user.additionalGids[%zu]: not a group id", i);
        p->gids[i] = (gid_t)json_object_get_int64(g);
    }
    return 0;
}

int config_process(J *root, struct oci_plan *p, struct errbuf *err)
{
    static const char *const keys[] = {
        "terminal", "consoleSize", "user", "args", "env", "cwd", "capabilities",
        "rlimits", "noNewPrivileges", "apparmorProfile", "oomScoreAdj",
        "selinuxLabel", NULL
    };
    J *proc, *args, *env, *size;
    const char *s;
    long long n;
    bool set;
    size_t i, total = 0;

    if (cfg_obj(root, "process", &proc, "process", err) < 0)
        return -1;
    if (!proc)
        return err_set(err, "process: missing");
    /* Named before the unknown fields: these are known, and refused. */
    if (cfg_get(proc, "commandLine"))
        return err_set(err, "process.commandLine: Windows only");
    if (cfg_get(proc, "scheduler") || cfg_get(proc, "ioPriority") || cfg_get(proc, "execCPUAffinity"))
        return err_set(err, "process.%s: not supported for a unikernel's monitor",
                       cfg_get(proc, "scheduler") ? "scheduler" :
                       cfg_get(proc, "ioPriority") ? "ioPriority" : "execCPUAffinity");
    if (cfg_only_keys(proc, "process", keys, err) < 0)
        return -1;
    if (cfg_str(proc, "selinuxLabel", &s, 4096, "process.selinuxLabel", err) < 0)
        return -1;
    if (s && *s)
        return err_set(err, "process.selinuxLabel: SELinux labels are not supported");
    if (cfg_str(proc, "apparmorProfile", &s, 4096, "process.apparmorProfile", err) < 0 ||
        cfg_str(proc, "cwd", &s, 4096, "process.cwd", err) < 0)
        return -1;
    if (s && *s != '/')
        return err_set(err, "process.cwd: %.64s is not absolute", s);
    if (cfg_bool(proc, "terminal", &p->terminal, "process.terminal", err) < 0 ||
        cfg_bool(proc, "noNewPrivileges", &p->no_new_privs, "process.noNewPrivileges", err) < 0 ||
        cfg_int(proc, "oomScoreAdj", -1000, 1000, &n, &p->has_oom_score_adj,
                "process.oomScoreAdj", err) < 0)
        return -1;
    p->oom_score_adj = (int)n;
    if (cfg_obj(proc, "consoleSize", &size, "process.consoleSize", err) < 0)
        return -1;
    if (size) {
        if (cfg_only_keys(size, "process.consoleSize",
                      (const char *const[]){ "height", "width", NULL }, err) < 0 ||
            cfg_int(size, "height", 0, 65535, &n, &set, "process.consoleSize.height", err) < 0)
            return -1;
        p->console_height = set ? (unsigned)n : 0;
        if (cfg_int(size, "width", 0, 65535, &n, &set, "process.consoleSize.width", err) < 0)
            return -1;
        p->console_width = set ? (unsigned)n : 0;
    }
    /* A unikernel has no environment: every entry is accepted, none used
     * (engines always add PATH, HOSTNAME, TERM; Kubernetes its services). */
    if (cfg_arr(proc, "env", &env, "process.env", 4096, err) < 0 ||
        cfg_strings(env, "process.env", 32768, err) < 0)
        return -1;
    for (i = 0; env && i < json_object_array_length(env); i++)
        if (!strchr(json_object_get_string(json_object_array_get_idx(env, i)), '='))
            return err_set(err, "process.env[%zu]: not NAME=VALUE", i);
    if (cfg_arr(proc, "args", &args, "process.args", OCI_ARGS_MAX, err) < 0 ||
        cfg_strings(args, "process.args", OCI_CMDLINE_MAX, err) < 0)
        return -1;
    if (!args || json_object_array_length(args) == 0)
        return err_set(err, "process.args: empty (args[0] names the unikernel)");
    p->all_args = cfg_string_vector(args);
    p->args = p->all_args;
    if (!p->args)
        return err_set(err, "out of memory");
    p->nargs = json_object_array_length(args);
    /* args[0] is the program (the unikernel, unless org.ukvm.unikernel
     * names it); the rest are the application's, joined by spaces. */
    for (i = 1; i < p->nargs; i++)
        total += strlen(p->args[i]) + (i > 1);
    if (total > OCI_CMDLINE_MAX)
        return err_set(err, "process.args: %zu characters joined, more than the "
                       "monitors' %d", total, OCI_CMDLINE_MAX);
    p->unikernel = p->args[0];
    return check_user(proc, p, err) < 0 || check_capabilities(proc, p, err) < 0 ||
           check_rlimits(proc, p, err) < 0 ? -1 : 0;
}
