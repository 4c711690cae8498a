/* SPDX-License-Identifier: ISC */
/*
 * What config.json asks for, checked and reduced to what ukvm-oci does:
 * the run plan. config.c makes it from the JSON text alone (no file is
 * opened), so every field's check is one place, unit-tested and fuzzed;
 * rootfs.c then resolves its paths inside the rootfs.
 */
#ifndef UKVM_OCI_PLAN_H
#define UKVM_OCI_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "errbuf.h"

#define OCI_CONFIG_MAX   (4 << 20)  /* bytes of config.json */
#define OCI_ARGS_MAX     256        /* process.args entries */
#define OCI_CMDLINE_MAX  8191       /* the monitors' joined command line */
#define OCI_BLOCKS_MAX   16
#define OCI_GIDS_MAX     64
#define OCI_RLIMITS_MAX  32
#define OCI_HOOKS_MAX    16         /* per kind */
#define OCI_PATH_MAX     1024

enum oci_target { OCI_TARGET_AUTO = 0, OCI_TARGET_HVT = 1, OCI_TARGET_SPT = 2 };
enum oci_netns { OCI_NETNS_HOST, OCI_NETNS_NEW, OCI_NETNS_PATH };
enum oci_hook_kind {
    OCI_HOOK_PRESTART, OCI_HOOK_CREATE_RUNTIME, OCI_HOOK_POSTSTART,
    OCI_HOOK_POSTSTOP, OCI_HOOK_KINDS
};

struct oci_block {
    char name[68];                 /* the manifest's device name */
    char path[OCI_PATH_MAX];       /* in the rootfs, or on the host (host) */
    bool host;                     /* from a bind mount's source */
};

/* A bind mount that may serve a block device (its destination ends in .img
 * or is an org.ukvm.block path). */
struct oci_bind {
    const char *destination;       /* absolute, in the container */
    const char *source;            /* on the host */
};
#define OCI_BINDS_MAX 16

struct oci_hook {
    const char *path;              /* absolute, on the host */
    const char **args;             /* NULL-terminated; args[0] as given */
    const char **env;              /* NULL-terminated */
    int timeout;                   /* seconds, 0: none */
};

struct oci_rlimit {
    int resource;
    unsigned long long soft, hard;
};

struct oci_plan {
    const char *oci_version;
    char root[OCI_PATH_MAX];       /* root.path as given */
    const char *unikernel;         /* path inside the rootfs */
    const char **args;             /* the application's, NULL-terminated */
    size_t nargs;
    bool terminal;
    unsigned console_width, console_height;
    uid_t uid;
    gid_t gid;
    gid_t gids[OCI_GIDS_MAX];
    size_t ngids;
    enum oci_target target;        /* org.ukvm.target, or AUTO */
    unsigned mem_mib;              /* 0: the monitor's default */
    struct oci_block block[OCI_BLOCKS_MAX];
    size_t nblocks;
    struct oci_bind bind[OCI_BINDS_MAX];
    size_t nbinds;
    enum oci_netns netns;
    const char *netns_path;
    struct oci_rlimit rlimit[OCI_RLIMITS_MAX];
    size_t nrlimits;
    bool no_new_privs;
    bool has_cap_bounding;         /* process.capabilities.bounding given */
    unsigned long long cap_bounding; /* its capabilities, bit N for number N */
    bool has_oom_score_adj;
    int oom_score_adj;
    struct oci_hook *hooks[OCI_HOOK_KINDS];
    size_t nhooks[OCI_HOOK_KINDS];
    const char *annotations_json;  /* {"k":"v",...}, for state */
    const char **all_args;         /* process.args, NULL-terminated */
    void *json;                    /* the parsed tree the strings point into */
};

/*
 * Checks config.json's TEXT (LEN bytes) and fills PLAN: 0, or -1 with a
 * one-line reason in ERR naming the field ("process.selinuxLabel: ...").
 * oci_plan_free releases it (also after a failure).
 */
int oci_plan_parse(struct oci_plan *plan, const char *text, size_t len,
                   struct errbuf *err);
void oci_plan_free(struct oci_plan *plan);

/* The capabilities ukvm-oci knows, by number, without "CAP_". */
#define OCI_CAPS 41
extern const char *const oci_cap_names[OCI_CAPS];

/* The block device NAME's entry, or NULL. */
const struct oci_block *oci_plan_block(const struct oci_plan *plan,
                                       const char *name);

#endif
