/* SPDX-License-Identifier: ISC */
/*
 * config.json -> run plan. Every field is untrusted: types, sizes and
 * names are checked here, and a field ukvm-oci does not know, or a
 * privilege it cannot honour, is refused by name rather than ignored.
 * What is accepted but not applied is listed in man/ukvm-oci.1.
 */
#include <json-c/json.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_json.h"

/* ociVersion: 1.0.x to 1.2.x, with any suffix ("1.0.2-dev"). */
static int check_version(J *root, struct oci_plan *p, struct errbuf *err)
{
    const char *v;
    unsigned major, minor, patch;
    int used = 0;

    if (cfg_str(root, "ociVersion", &v, 64, "ociVersion", err) < 0)
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

    if (cfg_obj(root, "root", &r, "root", err) < 0)
        return -1;
    if (!r)
        return err_set(err, "root: missing");
    if (cfg_only_keys(r, "root", (const char *const[]){ "path", "readonly", NULL }, err) < 0 ||
        cfg_str(r, "path", &path, OCI_PATH_MAX - 1, "root.path", err) < 0 ||
        cfg_bool(r, "readonly", &ro, "root.readonly", err) < 0)
        return -1;
    if (!path || !*path)
        return err_set(err, "root.path: missing");
    if (!stays_below(path))
        return err_set(err, "root.path: %.128s leaves the bundle", path);
    strcpy(p->root, path);
    return 0;
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
        if (cfg_get(root, *k))
            return err_set(err, "%s: not supported (ukvm-oci runs on Linux)", *k);
    if (cfg_only_keys(root, "", keys, err) < 0 || check_version(root, p, err) < 0 ||
        check_root(root, p, err) < 0)
        return -1;
    if (cfg_str(root, "hostname", &s, 64, "hostname", err) < 0 ||
        cfg_str(root, "domainname", &s, 255, "domainname", err) < 0 ||
        cfg_obj(root, "annotations", &ann, "annotations", err) < 0)
        return -1;
    if (config_process(root, p, err) < 0 || check_annotations(ann, p, err) < 0 ||
        config_mounts(root, ann, p, err) < 0 || config_hooks(root, p, err) < 0 ||
        config_linux(root, p, err) < 0)
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
