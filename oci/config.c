/* SPDX-License-Identifier: ISC */
/*
 * config.json -> run plan. Every field is untrusted: types, sizes and
 * names are checked here, and a field ukvm-oci does not know, or a
 * privilege it cannot honour, is refused by name rather than ignored.
 * What is accepted but not applied is listed in man/ukvm-oci.1.
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "plan.h"

typedef struct json_object J;

/* Refuses any key of OBJ (at WHERE) not in the NULL-terminated KEYS. */
static int only_keys(J *obj, const char *where, const char *const *keys,
                     struct errbuf *err)
{
    json_object_object_foreach(obj, k, v) {
        const char *const *p;

        (void)v;
        for (p = keys; *p && strcmp(*p, k); p++)
            ;
        if (!*p)
            return err_set(err, "%s%s%.64s: unknown field", where,
                           *where ? "." : "", k);
    }
    return 0;
}

static J *get(J *obj, const char *key)
{
    J *v;

    return json_object_object_get_ex(obj, key, &v) ? v : NULL;
}

/* Type checks: each returns 0, or -1 naming WHERE. A JSON null counts as
 * absent. */
static int want(J *v, enum json_type t, const char *where, const char *what,
                struct errbuf *err)
{
    if (!json_object_is_type(v, t))
        return err_set(err, "%s: not %s", where, what);
    return 0;
}

static int get_obj(J *obj, const char *key, J **out, const char *where,
                   struct errbuf *err)
{
    *out = get(obj, key);
    if (!*out)
        return 0;
    return want(*out, json_type_object, where, "an object", err);
}

static int get_arr(J *obj, const char *key, J **out, const char *where,
                   size_t max, struct errbuf *err)
{
    *out = get(obj, key);
    if (!*out)
        return 0;
    if (want(*out, json_type_array, where, "an array", err) < 0)
        return -1;
    if (json_object_array_length(*out) > max)
        return err_set(err, "%s: more than %zu entries", where, max);
    return 0;
}

static int get_str(J *obj, const char *key, const char **out, size_t max,
                   const char *where, struct errbuf *err)
{
    J *v = get(obj, key);

    *out = NULL;
    if (!v)
        return 0;
    if (want(v, json_type_string, where, "a string", err) < 0)
        return -1;
    if ((size_t)json_object_get_string_len(v) > max)
        return err_set(err, "%s: longer than %zu bytes", where, max);
    if (strlen(json_object_get_string(v)) != (size_t)json_object_get_string_len(v))
        return err_set(err, "%s: contains a NUL byte", where);
    *out = json_object_get_string(v);
    return 0;
}

static int get_bool(J *obj, const char *key, bool *out, const char *where,
                    struct errbuf *err)
{
    J *v = get(obj, key);

    *out = false;
    if (!v)
        return 0;
    if (want(v, json_type_boolean, where, "true or false", err) < 0)
        return -1;
    *out = json_object_get_boolean(v);
    return 0;
}

/* An integer in [MIN, MAX]; *SET says whether it was there. */
static int get_int(J *obj, const char *key, long long min, long long max,
                   long long *out, bool *set, const char *where,
                   struct errbuf *err)
{
    J *v = get(obj, key);
    long long n;

    *set = false;
    if (!v)
        return 0;
    if (!json_object_is_type(v, json_type_int))
        return err_set(err, "%s: not an integer", where);
    errno = 0;
    n = json_object_get_int64(v);
    if (errno || n < min || n > max)
        return err_set(err, "%s: out of range %lld to %lld", where, min, max);
    *out = n;
    *set = true;
    return 0;
}

/* Each entry of array ARR (at WHERE) a string of at most MAX bytes. */
static int strings(J *arr, const char *where, size_t max, struct errbuf *err)
{
    size_t i, n = arr ? json_object_array_length(arr) : 0;

    for (i = 0; i < n; i++) {
        J *s = json_object_array_get_idx(arr, i);

        if (!json_object_is_type(s, json_type_string))
            return err_set(err, "%s[%zu]: not a string", where, i);
        if ((size_t)json_object_get_string_len(s) > max ||
            strlen(json_object_get_string(s)) != (size_t)json_object_get_string_len(s))
            return err_set(err, "%s[%zu]: longer than %zu bytes or with a NUL",
                           where, i, max);
    }
    return 0;
}

/* A NULL-terminated copy of ARR's string pointers (into the tree). */
static const char **string_vector(J *arr)
{
    size_t i, n = arr ? json_object_array_length(arr) : 0;
    const char **v = calloc(n + 1, sizeof *v);

    if (!v)
        return NULL;
    for (i = 0; i < n; i++)
        v[i] = json_object_get_string(json_object_array_get_idx(arr, i));
    return v;
}

/* ociVersion: 1.0.x to 1.2.x, with any suffix ("1.0.2-dev"). */
static int check_version(J *root, struct oci_plan *p, struct errbuf *err)
{
    const char *v;
    unsigned major, minor, patch;
    int used = 0;

    if (get_str(root, "ociVersion", &v, 64, "ociVersion", err) < 0)
        return -1;
    if (!v)
        return err_set(err, "ociVersion: missing");
    if (sscanf(v, "%u.%u.%u%n", &major, &minor, &patch, &used) != 3 ||
        (v[used] && v[used] != '-' && v[used] != '+') || major != 1 || minor > 2)
        return err_set(err, "ociVersion: %.64s is not 1.0.x to 1.2.x", v);
    p->oci_version = v;
    return 0;
}

/* Whether PATH has a ".." component. */
static bool has_dotdot(const char *path)
{
    const char *s = path;

    s += strspn(s, "/");
    while (*s) {
        size_t n = strcspn(s, "/");

        if (n == 2 && s[0] == '.' && s[1] == '.')
            return true;
        s += n;
        s += strspn(s, "/");
    }
    return false;
}

/* root.path: absolute (the engine's own directory), or below the bundle. */
static bool stays_below(const char *path)
{
    return *path == '/' || !has_dotdot(path);
}

static int check_root(J *root, struct oci_plan *p, struct errbuf *err)
{
    J *r;
    const char *path;
    bool ro;

    if (get_obj(root, "root", &r, "root", err) < 0)
        return -1;
    if (!r)
        return err_set(err, "root: missing");
    if (only_keys(r, "root", (const char *const[]){ "path", "readonly", NULL }, err) < 0 ||
        get_str(r, "path", &path, OCI_PATH_MAX - 1, "root.path", err) < 0 ||
        get_bool(r, "readonly", &ro, "root.readonly", err) < 0)
        return -1;
    if (!path || !*path)
        return err_set(err, "root.path: missing");
    if (!stays_below(path))
        return err_set(err, "root.path: %.128s leaves the bundle", path);
    strcpy(p->root, path);
    return 0;
}

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

    if (get_arr(proc, "rlimits", &arr, "process.rlimits", OCI_RLIMITS_MAX, err) < 0)
        return -1;
    n = arr ? json_object_array_length(arr) : 0;
    for (i = 0; i < n; i++) {
        J *e = json_object_array_get_idx(arr, i), *soft, *hard;
        const char *type;
        size_t r;

        if (want(e, json_type_object, "process.rlimits[]", "an object", err) < 0 ||
            only_keys(e, "process.rlimits[]",
                      (const char *const[]){ "type", "soft", "hard", NULL }, err) < 0 ||
            get_str(e, "type", &type, 32, "process.rlimits[].type", err) < 0)
            return -1;
        for (r = 0; r < sizeof rlimit_names / sizeof *rlimit_names; r++)
            if (type && rlimit_names[r] && !strcmp(type, rlimit_names[r]))
                break;
        if (r == sizeof rlimit_names / sizeof *rlimit_names)
            return err_set(err, "process.rlimits[%zu].type: %.32s is not a limit",
                           i, type ? type : "(missing)");
        soft = get(e, "soft");
        hard = get(e, "hard");
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

/* CAP_ names, checked for their shape; see the man page for why they are
 * not applied. */
static int check_capabilities(J *proc, struct errbuf *err)
{
    static const char *const sets[] = { "bounding", "effective", "inheritable",
                                        "permitted", "ambient", NULL };
    J *caps;
    const char *const *s;

    if (get_obj(proc, "capabilities", &caps, "process.capabilities", err) < 0)
        return -1;
    if (!caps)
        return 0;
    if (only_keys(caps, "process.capabilities", sets, err) < 0)
        return -1;
    for (s = sets; *s; s++) {
        char where[64];
        J *arr;
        size_t i, n;

        snprintf(where, sizeof where, "process.capabilities.%s", *s);
        if (get_arr(caps, *s, &arr, where, 64, err) < 0 || strings(arr, where, 32, err) < 0)
            return -1;
        n = arr ? json_object_array_length(arr) : 0;
        for (i = 0; i < n; i++) {
            const char *c = json_object_get_string(json_object_array_get_idx(arr, i));

            if (strncmp(c, "CAP_", 4) || !c[4] || c[strspn(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_")])
                return err_set(err, "%s[%zu]: %.32s is not a capability", where, i, c);
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

    if (get_obj(proc, "user", &user, "process.user", err) < 0)
        return -1;
    if (!user)
        return 0;
    if (get(user, "username"))
        return err_set(err, "process.user.username: Windows only");
    if (only_keys(user, "process.user", (const char *const[]){ "uid", "gid",
                  "umask", "additionalGids", NULL }, err) < 0 ||
        get_int(user, "umask", 0, 0777, &n, &set, "process.user.umask", err) < 0)
        return -1;
    if (get_int(user, "uid", 0, 0xfffffffe, &n, &set, "process.user.uid", err) < 0)
        return -1;
    p->uid = set ? (uid_t)n : 0;
    if (get_int(user, "gid", 0, 0xfffffffe, &n, &set, "process.user.gid", err) < 0)
        return -1;
    p->gid = set ? (gid_t)n : 0;
    if (get_arr(user, "additionalGids", &gids, "process.user.additionalGids",
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

static int check_process(J *root, struct oci_plan *p, struct errbuf *err)
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

    if (get_obj(root, "process", &proc, "process", err) < 0)
        return -1;
    if (!proc)
        return err_set(err, "process: missing");
    /* Named before the unknown fields: these are known, and refused. */
    if (get(proc, "commandLine"))
        return err_set(err, "process.commandLine: Windows only");
    if (get(proc, "scheduler") || get(proc, "ioPriority") || get(proc, "execCPUAffinity"))
        return err_set(err, "process.%s: not supported for a unikernel's monitor",
                       get(proc, "scheduler") ? "scheduler" :
                       get(proc, "ioPriority") ? "ioPriority" : "execCPUAffinity");
    if (only_keys(proc, "process", keys, err) < 0)
        return -1;
    if (get_str(proc, "selinuxLabel", &s, 4096, "process.selinuxLabel", err) < 0)
        return -1;
    if (s && *s)
        return err_set(err, "process.selinuxLabel: SELinux labels are not supported");
    if (get_str(proc, "apparmorProfile", &s, 4096, "process.apparmorProfile", err) < 0 ||
        get_str(proc, "cwd", &s, 4096, "process.cwd", err) < 0)
        return -1;
    if (s && *s != '/')
        return err_set(err, "process.cwd: %.64s is not absolute", s);
    if (get_bool(proc, "terminal", &p->terminal, "process.terminal", err) < 0 ||
        get_bool(proc, "noNewPrivileges", &p->no_new_privs, "process.noNewPrivileges", err) < 0 ||
        get_int(proc, "oomScoreAdj", -1000, 1000, &n, &p->has_oom_score_adj,
                "process.oomScoreAdj", err) < 0)
        return -1;
    p->oom_score_adj = (int)n;
    if (get_obj(proc, "consoleSize", &size, "process.consoleSize", err) < 0)
        return -1;
    if (size) {
        if (only_keys(size, "process.consoleSize",
                      (const char *const[]){ "height", "width", NULL }, err) < 0 ||
            get_int(size, "height", 0, 65535, &n, &set, "process.consoleSize.height", err) < 0)
            return -1;
        p->console_height = set ? (unsigned)n : 0;
        if (get_int(size, "width", 0, 65535, &n, &set, "process.consoleSize.width", err) < 0)
            return -1;
        p->console_width = set ? (unsigned)n : 0;
    }
    /* A unikernel has no environment: every entry is accepted, none used
     * (engines always add PATH, HOSTNAME, TERM; Kubernetes its services). */
    if (get_arr(proc, "env", &env, "process.env", 4096, err) < 0 ||
        strings(env, "process.env", 32768, err) < 0)
        return -1;
    for (i = 0; env && i < json_object_array_length(env); i++)
        if (!strchr(json_object_get_string(json_object_array_get_idx(env, i)), '='))
            return err_set(err, "process.env[%zu]: not NAME=VALUE", i);
    if (get_arr(proc, "args", &args, "process.args", OCI_ARGS_MAX, err) < 0 ||
        strings(args, "process.args", OCI_CMDLINE_MAX, err) < 0)
        return -1;
    if (!args || json_object_array_length(args) == 0)
        return err_set(err, "process.args: empty (args[0] names the unikernel)");
    p->all_args = string_vector(args);
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
    return check_user(proc, p, err) < 0 || check_capabilities(proc, err) < 0 ||
           check_rlimits(proc, p, err) < 0 ? -1 : 0;
}

/* Destinations engines bind into every container (name services, the
 * hostname, Kubernetes' service account and termination log): accepted,
 * and out of a unikernel's reach. */
static bool standard_bind(const char *dest)
{
    static const char *const exact[] = {
        "/etc/hosts", "/etc/hostname", "/etc/resolv.conf", "/dev/shm",
        "/dev/termination-log", "/run/.containerenv", "/etc/localtime", NULL
    };
    static const char *const below[] = { "/run/secrets/", "/var/run/secrets/", NULL };
    const char *const *s;

    for (s = exact; *s; s++)
        if (!strcmp(dest, *s))
            return true;
    for (s = below; *s; s++)
        if (!strncmp(dest, *s, strlen(*s)))
            return true;
    return false;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && !strcmp(s + n - m, suffix);
}

/*
 * mounts: the kernel file systems engines add are no use to a unikernel
 * and are ignored; a bind mount serves a block device (destination
 * /NAME.img or an org.ukvm.block path) or is one of the standard ones;
 * anything else would be silently missing, so it is refused.
 */
static int check_mounts(J *root, J *annotations, struct oci_plan *p, struct errbuf *err)
{
    static const char *const kernel_fs[] = {
        "proc", "sysfs", "tmpfs", "devpts", "mqueue", "cgroup", "cgroup2",
        "shm", "devtmpfs", NULL
    };
    J *arr;
    size_t i, n;

    if (get_arr(root, "mounts", &arr, "mounts", 256, err) < 0)
        return -1;
    n = arr ? json_object_array_length(arr) : 0;
    for (i = 0; i < n; i++) {
        J *m = json_object_array_get_idx(arr, i), *opts;
        const char *dest, *type, *src, *const *k;
        bool bind = false, block = false;
        size_t j;

        if (want(m, json_type_object, "mounts[]", "an object", err) < 0 ||
            only_keys(m, "mounts[]", (const char *const[]){ "destination", "type",
                      "source", "options", "uidMappings", "gidMappings", NULL }, err) < 0 ||
            get_str(m, "destination", &dest, 4096, "mounts[].destination", err) < 0 ||
            get_str(m, "type", &type, 64, "mounts[].type", err) < 0 ||
            get_str(m, "source", &src, 4096, "mounts[].source", err) < 0 ||
            get_arr(m, "options", &opts, "mounts[].options", 64, err) < 0 ||
            strings(opts, "mounts[].options", 256, err) < 0)
            return -1;
        if (!dest || *dest != '/')
            return err_set(err, "mounts[%zu].destination: missing or not absolute", i);
        if (get(m, "uidMappings") || get(m, "gidMappings"))
            return err_set(err, "mounts[%zu]: %.64s: id-mapped mounts are not supported",
                           i, dest);
        for (j = 0; opts && j < json_object_array_length(opts); j++) {
            const char *o = json_object_get_string(json_object_array_get_idx(opts, j));

            bind |= !strcmp(o, "bind") || !strcmp(o, "rbind");
        }
        bind |= type && !strcmp(type, "bind");
        if (!bind) {
            for (k = kernel_fs; *k && !(type && !strcmp(type, *k)); k++)
                ;
            if (!*k)
                return err_set(err, "mounts[%zu]: %.64s: file system type %.32s cannot "
                               "reach a unikernel", i, dest, type ? type : "(none)");
            continue;
        }
        if (standard_bind(dest))
            continue;
        block = ends_with(dest, ".img");
        if (annotations) {
            json_object_object_foreach(annotations, key, val) {
                if (!strncmp(key, "org.ukvm.block.", 15) &&
                    json_object_is_type(val, json_type_string) &&
                    !strcmp(json_object_get_string(val), dest))
                    block = true;
            }
        }
        if (!block)
            return err_set(err, "mounts[%zu]: %.64s: a bind mount reaches a unikernel only "
                           "as a block device (/NAME.img, or org.ukvm.block.NAME)", i, dest);
        if (!src || *src != '/')
            return err_set(err, "mounts[%zu].source: missing or not absolute", i);
        if (p->nbinds == OCI_BINDS_MAX)
            return err_set(err, "mounts: more than %d block device binds", OCI_BINDS_MAX);
        p->bind[p->nbinds].destination = dest;
        p->bind[p->nbinds++].source = src;
    }
    return 0;
}

/* One hook list: [{path, args, env, timeout}]. */
static int check_hook_list(J *hooks, const char *kind, struct oci_hook **out,
                           size_t *count, struct errbuf *err)
{
    char where[64];
    J *arr;
    size_t i, n;

    snprintf(where, sizeof where, "hooks.%s", kind);
    if (get_arr(hooks, kind, &arr, where, OCI_HOOKS_MAX, err) < 0)
        return -1;
    n = arr ? json_object_array_length(arr) : 0;
    if (!n)
        return 0;
    *out = calloc(n, sizeof **out);
    if (!*out)
        return err_set(err, "out of memory");
    for (i = 0; i < n; i++) {
        J *h = json_object_array_get_idx(arr, i), *args, *env;
        struct oci_hook *hk = &(*out)[i];
        long long t;
        bool set;

        *count = i + 1;
        if (want(h, json_type_object, where, "an array of objects", err) < 0 ||
            only_keys(h, where, (const char *const[]){ "path", "args", "env",
                      "timeout", NULL }, err) < 0 ||
            get_str(h, "path", &hk->path, 4096, where, err) < 0 ||
            get_arr(h, "args", &args, where, 256, err) < 0 ||
            strings(args, where, 32768, err) < 0 ||
            get_arr(h, "env", &env, where, 1024, err) < 0 ||
            strings(env, where, 32768, err) < 0 ||
            get_int(h, "timeout", 1, 3600, &t, &set, where, err) < 0)
            return -1;
        if (!hk->path || *hk->path != '/')
            return err_set(err, "%s[%zu].path: missing or not absolute", where, i);
        hk->timeout = set ? (int)t : 0;
        hk->args = string_vector(args);
        hk->env = string_vector(env);
        if (!hk->args || !hk->env)
            return err_set(err, "out of memory");
    }
    return 0;
}

static int check_hooks(J *root, struct oci_plan *p, struct errbuf *err)
{
    static const char *const kinds[OCI_HOOK_KINDS] = {
        [OCI_HOOK_PRESTART] = "prestart", [OCI_HOOK_CREATE_RUNTIME] = "createRuntime",
        [OCI_HOOK_POSTSTART] = "poststart", [OCI_HOOK_POSTSTOP] = "poststop",
    };
    J *hooks, *h;
    int k;

    if (get_obj(root, "hooks", &hooks, "hooks", err) < 0)
        return -1;
    if (!hooks)
        return 0;
    /* Run inside the container: there is no such place in a unikernel. */
    if (((h = get(hooks, "createContainer")) && json_object_array_length(h)) ||
        ((h = get(hooks, "startContainer")) && json_object_array_length(h)))
        return err_set(err, "hooks.%s: a unikernel has no container to run hooks in",
                       get(hooks, "createContainer") ? "createContainer" : "startContainer");
    if (only_keys(hooks, "hooks", (const char *const[]){ "prestart", "createRuntime",
                  "createContainer", "startContainer", "poststart", "poststop", NULL },
                  err) < 0)
        return -1;
    for (k = 0; k < OCI_HOOK_KINDS; k++)
        if (check_hook_list(hooks, kinds[k], &p->hooks[k], &p->nhooks[k], err) < 0)
            return -1;
    return 0;
}

static int check_namespaces(J *linux_, struct oci_plan *p, struct errbuf *err)
{
    static const char *const types[] = { "pid", "network", "mount", "ipc", "uts",
                                         "cgroup", NULL };
    J *arr;
    size_t i, n;

    p->netns = OCI_NETNS_HOST;
    if (get_arr(linux_, "namespaces", &arr, "linux.namespaces", 16, err) < 0)
        return -1;
    n = arr ? json_object_array_length(arr) : 0;
    for (i = 0; i < n; i++) {
        J *ns = json_object_array_get_idx(arr, i);
        const char *type, *path, *const *t;

        if (want(ns, json_type_object, "linux.namespaces[]", "an object", err) < 0 ||
            only_keys(ns, "linux.namespaces[]", (const char *const[]){ "type", "path",
                      NULL }, err) < 0 ||
            get_str(ns, "type", &type, 32, "linux.namespaces[].type", err) < 0 ||
            get_str(ns, "path", &path, OCI_PATH_MAX - 1, "linux.namespaces[].path", err) < 0)
            return -1;
        if (!type)
            return err_set(err, "linux.namespaces[%zu].type: missing", i);
        if (!strcmp(type, "user") || !strcmp(type, "time"))
            return err_set(err, "linux.namespaces: %s namespaces are not supported", type);
        for (t = types; *t && strcmp(*t, type); t++)
            ;
        if (!*t)
            return err_set(err, "linux.namespaces[%zu].type: %.32s is not a namespace", i, type);
        if (path && *path != '/')
            return err_set(err, "linux.namespaces[%zu].path: not absolute", i);
        if (!strcmp(type, "network")) {
            p->netns = path && *path ? OCI_NETNS_PATH : OCI_NETNS_NEW;
            p->netns_path = path && *path ? path : NULL;
        }
    }
    return 0;
}

/* The devices a monitor opens on the host anyway (docker run --device). */
static int check_devices(J *linux_, struct errbuf *err)
{
    J *arr;
    size_t i, n;

    if (get_arr(linux_, "devices", &arr, "linux.devices", 64, err) < 0)
        return -1;
    n = arr ? json_object_array_length(arr) : 0;
    for (i = 0; i < n; i++) {
        J *d = json_object_array_get_idx(arr, i);
        const char *path;

        if (want(d, json_type_object, "linux.devices[]", "an object", err) < 0 ||
            get_str(d, "path", &path, 4096, "linux.devices[].path", err) < 0)
            return -1;
        if (!path)
            return err_set(err, "linux.devices[%zu].path: missing", i);
        if (strcmp(path, "/dev/kvm") && strcmp(path, "/dev/net/tun"))
            return err_set(err, "linux.devices: %.64s: host devices cannot reach a "
                           "unikernel (only /dev/kvm and /dev/net/tun)", path);
    }
    return 0;
}

static int check_resources(J *linux_, struct oci_plan *p, struct errbuf *err)
{
    J *res, *mem;
    long long limit;
    bool set;

    if (get_obj(linux_, "resources", &res, "linux.resources", err) < 0)
        return -1;
    if (!res)
        return 0;
    if (only_keys(res, "linux.resources", (const char *const[]){ "devices", "memory",
                  "cpu", "pids", "blockIO", "hugepageLimits", "network", "rdma",
                  "unified", NULL }, err) < 0 ||
        get_obj(res, "memory", &mem, "linux.resources.memory", err) < 0)
        return -1;
    if (!mem)
        return 0;
    if (only_keys(mem, "linux.resources.memory", (const char *const[]){ "limit",
                  "reservation", "swap", "kernel", "kernelTCP", "swappiness",
                  "disableOOMKiller", "useHierarchy", "checkBeforeUpdate", NULL }, err) < 0 ||
        get_int(mem, "limit", -1, INT64_MAX, &limit, &set, "linux.resources.memory.limit",
                err) < 0)
        return -1;
    if (!set || limit == -1 || limit == 0)
        return 0;      /* -1 and 0: no limit */
    if (limit < 2LL << 20)
        return err_set(err, "linux.resources.memory.limit: %lld bytes, less than the "
                       "2 MiB a unikernel needs", limit);
    /* The guest's memory is the limit, whole even MiB, at most 4096. */
    p->mem_mib = limit >= 4096LL << 20 ? 4096 : (unsigned)(limit >> 20) & ~1U;
    return 0;
}

static int check_linux(J *root, struct oci_plan *p, struct errbuf *err)
{
    static const char *const keys[] = {
        "namespaces", "devices", "cgroupsPath", "resources", "unified", "sysctl",
        "seccomp", "rootfsPropagation", "maskedPaths", "readonlyPaths",
        "mountLabel", "uidMappings", "gidMappings", NULL
    };
    static const char *const refused[] = { "intelRdt", "personality", "timeOffsets",
                                           "memoryPolicy", "netDevices", NULL };
    J *linux_, *v;
    const char *s, *const *k;

    if (get_obj(root, "linux", &linux_, "linux", err) < 0)
        return -1;
    if (!linux_)
        return 0;
    for (k = refused; *k; k++)
        if (get(linux_, *k))
            return err_set(err, "linux.%s: not supported for a unikernel", *k);
    if (only_keys(linux_, "linux", keys, err) < 0)
        return -1;
    if (((v = get(linux_, "uidMappings")) && json_object_array_length(v)) ||
        ((v = get(linux_, "gidMappings")) && json_object_array_length(v)))
        return err_set(err, "linux.uidMappings: user namespaces are not supported");
    if (get_str(linux_, "mountLabel", &s, 4096, "linux.mountLabel", err) < 0)
        return -1;
    if (s && *s)
        return err_set(err, "linux.mountLabel: SELinux labels are not supported");
    if (get_str(linux_, "cgroupsPath", &s, 4096, "linux.cgroupsPath", err) < 0 ||
        get_str(linux_, "rootfsPropagation", &s, 32, "linux.rootfsPropagation", err) < 0)
        return -1;
    if ((v = get(linux_, "seccomp")) && want(v, json_type_object, "linux.seccomp",
                                             "an object", err) < 0)
        return -1;
    if ((v = get(linux_, "sysctl")) && want(v, json_type_object, "linux.sysctl",
                                            "an object", err) < 0)
        return -1;
    if (get_arr(linux_, "maskedPaths", &v, "linux.maskedPaths", 1024, err) < 0 ||
        strings(v, "linux.maskedPaths", 4096, err) < 0 ||
        get_arr(linux_, "readonlyPaths", &v, "linux.readonlyPaths", 1024, err) < 0 ||
        strings(v, "linux.readonlyPaths", 4096, err) < 0)
        return -1;
    return check_namespaces(linux_, p, err) < 0 || check_devices(linux_, err) < 0 ||
           check_resources(linux_, p, err) < 0 ? -1 : 0;
}

/* annotations: ours (org.ukvm.*) checked, every other kept for state. */
static int check_annotations(J *ann, struct oci_plan *p, struct errbuf *err)
{
    if (!ann)
        return 0;
    json_object_object_foreach(ann, key, val) {
        const char *v;

        if (!json_object_is_type(val, json_type_string))
            return err_set(err, "annotations.%.64s: not a string", key);
        v = json_object_get_string(val);
        if (strncmp(key, "org.ukvm.", 9))
            continue;
        if (!strcmp(key, "org.ukvm.target")) {
            if (!strcmp(v, "hvt"))
                p->target = OCI_TARGET_HVT;
            else if (!strcmp(v, "spt"))
                p->target = OCI_TARGET_SPT;
            else
                return err_set(err, "annotations.org.ukvm.target: %.32s is not hvt or spt", v);
        } else if (!strcmp(key, "org.ukvm.unikernel")) {
            if (!*v || strlen(v) >= OCI_PATH_MAX)
                return err_set(err, "annotations.org.ukvm.unikernel: empty or too long");
            p->unikernel = v;
        } else if (!strncmp(key, "org.ukvm.block.", 15)) {
            const char *name = key + 15;
            size_t len = strlen(name);
            struct oci_block *b;

            if (!len || len > 67 || name[strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                  "abcdefghijklmnopqrstuvwxyz0123456789")])
                return err_set(err, "annotations.%.80s: not a device name (1 to 67 "
                               "letters and digits)", key);
            if (!*v || strlen(v) >= OCI_PATH_MAX)
                return err_set(err, "annotations.%.80s: empty or too long", key);
            if (p->nblocks == OCI_BLOCKS_MAX)
                return err_set(err, "annotations: more than %d block devices", OCI_BLOCKS_MAX);
            b = &p->block[p->nblocks++];
            memcpy(b->name, name, len + 1);
            strcpy(b->path, v);
        } else {
            return err_set(err, "annotations.%.64s: unknown (org.ukvm.target, "
                           "org.ukvm.unikernel, org.ukvm.block.NAME)", key);
        }
    }
    p->annotations_json = json_object_to_json_string_ext(ann, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
    return 0;
}

static int plan_parse(struct oci_plan *p, const char *text, size_t len,
                      struct errbuf *err)
{
    static const char *const keys[] = {
        "ociVersion", "root", "mounts", "process", "hostname", "domainname",
        "hooks", "annotations", "linux", NULL
    };
    static const char *const other_os[] = { "windows", "solaris", "vm", "zos",
                                            "freebsd", NULL };
    struct json_tokener *tok;
    J *root, *ann;
    const char *s, *const *k;

    memset(p, 0, sizeof *p);
    if (len > OCI_CONFIG_MAX)
        return err_set(err, "%zu bytes, more than %d", len, OCI_CONFIG_MAX);
    tok = json_tokener_new_ex(32);
    if (!tok)
        return err_set(err, "out of memory");
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    root = json_tokener_parse_ex(tok, text, (int)len);
    if (!root || json_tokener_get_parse_end(tok) != len) {
        enum json_tokener_error e = json_tokener_get_error(tok);
        size_t end = json_tokener_get_parse_end(tok);

        if (root)
            json_object_put(root);
        json_tokener_free(tok);
        if (e == json_tokener_success && !root && end == len)
            return err_set(err, "not a JSON object");
        return err_set(err, "not JSON: %s",
                       e == json_tokener_success ? "text after the value"
                       : e == json_tokener_continue ? "unexpected end"
                       : json_tokener_error_desc(e));
    }
    json_tokener_free(tok);
    p->json = root;
    if (!json_object_is_type(root, json_type_object))
        return err_set(err, "not a JSON object");
    for (k = other_os; *k; k++)
        if (get(root, *k))
            return err_set(err, "%s: not supported (ukvm-oci runs on Linux)", *k);
    if (only_keys(root, "", keys, err) < 0 || check_version(root, p, err) < 0 ||
        check_root(root, p, err) < 0)
        return -1;
    if (get_str(root, "hostname", &s, 64, "hostname", err) < 0 ||
        get_str(root, "domainname", &s, 255, "domainname", err) < 0 ||
        get_obj(root, "annotations", &ann, "annotations", err) < 0)
        return -1;
    if (check_process(root, p, err) < 0 || check_annotations(ann, p, err) < 0 ||
        check_mounts(root, ann, p, err) < 0 || check_hooks(root, p, err) < 0 ||
        check_linux(root, p, err) < 0)
        return -1;
    if (!p->annotations_json)
        p->annotations_json = "{}";
    if (!*p->unikernel || has_dotdot(p->unikernel))
        return err_set(err, "%s: %.128s leaves the rootfs (a \"..\" component)",
                       p->unikernel == p->all_args[0] ? "process.args[0]"
                       : "annotations.org.ukvm.unikernel", p->unikernel);
    for (size_t i = 0; i < p->nblocks; i++)
        if (has_dotdot(p->block[i].path))
            return err_set(err, "annotations.org.ukvm.block.%s: %.128s leaves the rootfs "
                           "(a \"..\" component)", p->block[i].name, p->block[i].path);
    /* The application's arguments follow the program, args[0]. */
    p->args = p->args + 1;
    p->nargs--;
    return 0;
}

int oci_plan_parse(struct oci_plan *p, const char *text, size_t len,
                   struct errbuf *err)
{
    if (plan_parse(p, text, len, err) == 0)
        return 0;
    /* Messages quote the config's own strings: one line, printable. */
    for (char *c = err ? err->msg : ""; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = '?';
    return -1;
}

void oci_plan_free(struct oci_plan *p)
{
    int k;
    size_t i;

    free(p->all_args);
    for (k = 0; k < OCI_HOOK_KINDS; k++) {
        for (i = 0; p->hooks[k] && i < p->nhooks[k]; i++) {
            free(p->hooks[k][i].args);
            free(p->hooks[k][i].env);
        }
        free(p->hooks[k]);
    }
    if (p->json)
        json_object_put(p->json);
    memset(p, 0, sizeof *p);
}

const struct oci_block *oci_plan_block(const struct oci_plan *p, const char *name)
{
    size_t i;

    for (i = 0; i < p->nblocks; i++)
        if (!strcmp(p->block[i].name, name))
            return &p->block[i];
    return NULL;
}
