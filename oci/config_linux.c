/* SPDX-License-Identifier: ISC */
/* config.json's linux section: namespaces, devices, resources, and the
 * privileges ukvm-oci cannot honour. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_json.h"

static int check_namespaces(J *linux_, struct oci_plan *p, struct errbuf *err)
{
    static const char *const types[] = { "pid", "network", "mount", "ipc", "uts",
                                         "cgroup", NULL };
    J *arr;
    size_t i, n;

    p->netns = OCI_NETNS_HOST;
    if (cfg_arr(linux_, "namespaces", &arr, "linux.namespaces", 16, err) < 0)
        return -1;
    n = arr ? json_object_array_length(arr) : 0;
    for (i = 0; i < n; i++) {
        J *ns = json_object_array_get_idx(arr, i);
        const char *type, *path, *const *t;

        if (cfg_want(ns, json_type_object, "linux.namespaces[]", "an object", err) < 0 ||
            cfg_only_keys(ns, "linux.namespaces[]", (const char *const[]){ "type", "path",
                      NULL }, err) < 0 ||
            cfg_str(ns, "type", &type, 32, "linux.namespaces[].type", err) < 0 ||
            cfg_str(ns, "path", &path, OCI_PATH_MAX - 1, "linux.namespaces[].path", err) < 0)
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

    if (cfg_arr(linux_, "devices", &arr, "linux.devices", 64, err) < 0)
        return -1;
    n = arr ? json_object_array_length(arr) : 0;
    for (i = 0; i < n; i++) {
        J *d = json_object_array_get_idx(arr, i);
        const char *path;

        if (cfg_want(d, json_type_object, "linux.devices[]", "an object", err) < 0 ||
            cfg_str(d, "path", &path, 4096, "linux.devices[].path", err) < 0)
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

    if (cfg_obj(linux_, "resources", &res, "linux.resources", err) < 0)
        return -1;
    if (!res)
        return 0;
    if (cfg_only_keys(res, "linux.resources", (const char *const[]){ "devices", "memory",
                  "cpu", "pids", "blockIO", "hugepageLimits", "network", "rdma",
                  "unified", NULL }, err) < 0 ||
        cfg_obj(res, "memory", &mem, "linux.resources.memory", err) < 0)
        return -1;
    if (!mem)
        return 0;
    if (cfg_only_keys(mem, "linux.resources.memory", (const char *const[]){ "limit",
                  "reservation", "swap", "kernel", "kernelTCP", "swappiness",
                  "disableOOMKiller", "useHierarchy", "checkBeforeUpdate", NULL }, err) < 0 ||
        cfg_int(mem, "limit", -1, INT64_MAX, &limit, &set, "linux.resources.memory.limit",
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

int config_linux(J *root, struct oci_plan *p, struct errbuf *err)
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

    if (cfg_obj(root, "linux", &linux_, "linux", err) < 0)
        return -1;
    if (!linux_)
        return 0;
    for (k = refused; *k; k++)
        if (cfg_get(linux_, *k))
            return err_set(err, "linux.%s: not supported for a unikernel", *k);
    if (cfg_only_keys(linux_, "linux", keys, err) < 0)
        return -1;
    if (((v = cfg_get(linux_, "uidMappings")) && json_object_array_length(v)) ||
        ((v = cfg_get(linux_, "gidMappings")) && json_object_array_length(v)))
        return err_set(err, "linux.uidMappings: user namespaces are not supported");
    if (cfg_str(linux_, "mountLabel", &s, 4096, "linux.mountLabel", err) < 0)
        return -1;
    if (s && *s)
        return err_set(err, "linux.mountLabel: SELinux labels are not supported");
    if (cfg_str(linux_, "cgroupsPath", &s, 4096, "linux.cgroupsPath", err) < 0 ||
        cfg_str(linux_, "rootfsPropagation", &s, 32, "linux.rootfsPropagation", err) < 0)
        return -1;
    if ((v = cfg_get(linux_, "seccomp")) && cfg_want(v, json_type_object, "linux.seccomp",
                                             "an object", err) < 0)
        return -1;
    if ((v = cfg_get(linux_, "sysctl")) && cfg_want(v, json_type_object, "linux.sysctl",
                                            "an object", err) < 0)
        return -1;
    if (cfg_arr(linux_, "maskedPaths", &v, "linux.maskedPaths", 1024, err) < 0 ||
        cfg_strings(v, "linux.maskedPaths", 4096, err) < 0 ||
        cfg_arr(linux_, "readonlyPaths", &v, "linux.readonlyPaths", 1024, err) < 0 ||
        cfg_strings(v, "linux.readonlyPaths", 4096, err) < 0)
        return -1;
    return check_namespaces(linux_, p, err) < 0 || check_devices(linux_, err) < 0 ||
           check_resources(linux_, p, err) < 0 ? -1 : 0;
}
