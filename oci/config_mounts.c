/* SPDX-License-Identifier: ISC */
/* config.json's mounts and hooks. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_json.h"

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
int config_mounts(J *root, J *annotations, struct oci_plan *p, struct errbuf *err)
{
    static const char *const kernel_fs[] = {
        "proc", "sysfs", "tmpfs", "devpts", "mqueue", "cgroup", "cgroup2",
        "shm", "devtmpfs", NULL
    };
    J *arr;
    size_t i, n;

    if (cfg_arr(root, "mounts", &arr, "mounts", 256, err) < 0)
        return -1;
    n = arr ? json_object_array_length(arr) : 0;
    for (i = 0; i < n; i++) {
        J *m = json_object_array_get_idx(arr, i), *opts;
        const char *dest, *type, *src, *const *k;
        bool bind = false, block = false;
        size_t j;

        if (cfg_want(m, json_type_object, "mounts[]", "an object", err) < 0 ||
            cfg_only_keys(m, "mounts[]", (const char *const[]){ "destination", "type",
                      "source", "options", "uidMappings", "gidMappings", NULL }, err) < 0 ||
            cfg_str(m, "destination", &dest, 4096, "mounts[].destination", err) < 0 ||
            cfg_str(m, "type", &type, 64, "mounts[].type", err) < 0 ||
            cfg_str(m, "source", &src, 4096, "mounts[].source", err) < 0 ||
            cfg_arr(m, "options", &opts, "mounts[].options", 64, err) < 0 ||
            cfg_strings(opts, "mounts[].options", 256, err) < 0)
            return -1;
        if (!dest || *dest != '/')
            return err_set(err, "mounts[%zu].destination: missing or not absolute", i);
        if (cfg_get(m, "uidMappings") || cfg_get(m, "gidMappings"))
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
    if (cfg_arr(hooks, kind, &arr, where, OCI_HOOKS_MAX, err) < 0)
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
        if (cfg_want(h, json_type_object, where, "an array of objects", err) < 0 ||
            cfg_only_keys(h, where, (const char *const[]){ "path", "args", "env",
                      "timeout", NULL }, err) < 0 ||
            cfg_str(h, "path", &hk->path, 4096, where, err) < 0 ||
            cfg_arr(h, "args", &args, where, 256, err) < 0 ||
            cfg_strings(args, where, 32768, err) < 0 ||
            cfg_arr(h, "env", &env, where, 1024, err) < 0 ||
            cfg_strings(env, where, 32768, err) < 0 ||
            cfg_int(h, "timeout", 1, 3600, &t, &set, where, err) < 0)
            return -1;
        if (!hk->path || *hk->path != '/')
            return err_set(err, "%s[%zu].path: missing or not absolute", where, i);
        hk->timeout = set ? (int)t : 0;
        hk->args = cfg_string_vector(args);
        hk->env = cfg_string_vector(env);
        if (!hk->args || !hk->env)
            return err_set(err, "out of memory");
    }
    return 0;
}

int config_hooks(J *root, struct oci_plan *p, struct errbuf *err)
{
    static const char *const kinds[OCI_HOOK_KINDS] = {
        [OCI_HOOK_PRESTART] = "prestart", [OCI_HOOK_CREATE_RUNTIME] = "createRuntime",
        [OCI_HOOK_POSTSTART] = "poststart", [OCI_HOOK_POSTSTOP] = "poststop",
    };
    J *hooks, *h;
    int k;

    if (cfg_obj(root, "hooks", &hooks, "hooks", err) < 0)
        return -1;
    if (!hooks)
        return 0;
    /* Run inside the container: there is no such place in a unikernel. */
    if (((h = cfg_get(hooks, "createContainer")) && json_object_array_length(h)) ||
        ((h = cfg_get(hooks, "startContainer")) && json_object_array_length(h)))
        return err_set(err, "hooks.%s: a unikernel has no container to run hooks in",
                       cfg_get(hooks, "createContainer") ? "createContainer" : "startContainer");
    if (cfg_only_keys(hooks, "hooks", (const char *const[]){ "prestart", "createRuntime",
                  "createContainer", "startContainer", "poststart", "poststop", NULL },
                  err) < 0)
        return -1;
    for (k = 0; k < OCI_HOOK_KINDS; k++)
        if (check_hook_list(hooks, kinds[k], &p->hooks[k], &p->nhooks[k], err) < 0)
            return -1;
    return 0;
}
