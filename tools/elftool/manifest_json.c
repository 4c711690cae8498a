/* SPDX-License-Identifier: ISC */
/* manifest.json to struct mft and back; the rules are ABI.md section 2. */
#include <string.h>

#include "manifest_json.h"

#define MFT_JSON_TYPE "solo5.manifest"

/* What a message shows of a user's string: 'at most 40 characters...'. */
struct shown {
    char s[48];
};

static const char *show(struct shown *buf, const char *s, size_t len)
{
    size_t n = len > 40 ? 40 : len, i;

    buf->s[0] = '\'';
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        buf->s[i + 1] = c < 0x20 || c == 0x7f ? '?' : (char)c;
    }
    strcpy(buf->s + i + 1, n < len ? "...'" : "'");
    return buf->s;
}

static int str_is(const struct json_value *v, const char *s)
{
    return v->len == strlen(s) && memcmp(v->str, s, v->len) == 0;
}

/*
 * Finds the allowed KEYS of the object OBJ (named WHERE in messages) and
 * sets VALUES[i] for each, NULL if absent. Unknown and repeated keys are
 * errors: a typo must not silently drop a setting.
 */
static int take_keys(const struct json_value *obj, const char *where,
                     const char *const *keys, size_t nkeys,
                     const char *allowed, const struct json_value **values,
                     struct errbuf *err)
{
    for (size_t k = 0; k < nkeys; k++)
        values[k] = NULL;
    for (size_t i = 0; i < obj->count; i++) {
        const struct json_member *m = &obj->members[i];
        struct shown shown;
        size_t k;

        for (k = 0; k < nkeys; k++)
            if (m->key_len == strlen(keys[k]) &&
                memcmp(m->key, keys[k], m->key_len) == 0)
                break;
        if (k == nkeys)
            return err_set(err, "%s: unknown key %s (allowed: %s)", where,
                           show(&shown, m->key, m->key_len), allowed);
        if (values[k])
            return err_set(err, "%s: key '%s' appears twice", where, keys[k]);
        values[k] = &m->value;
    }
    for (size_t k = 0; k < nkeys; k++)
        if (!values[k])
            return err_set(err, "%s: missing key '%s'", where, keys[k]);
    return 0;
}

static int want_type(const struct json_value *v, enum json_type type,
                     const char *field, struct errbuf *err)
{
    if (v->type == type)
        return 0;
    return err_set(err, "%s: expected %s, found %s", field,
                   json_type_name(type), json_type_name(v->type));
}

static int device_from_json(const struct json_value *dev, struct mft *m,
                            uint32_t i, struct errbuf *err)
{
    static const char *const keys[] = { "name", "type" };
    static const uint32_t types[] = { MFT_DEV_BLOCK_BASIC, MFT_DEV_NET_BASIC };
    const struct json_value *v[2], *name, *type;
    struct mft_entry *e = &m->e[i + 1];
    char where[32], field[40];
    struct shown shown;
    struct errbuf why;
    size_t t;

    snprintf(where, sizeof where, "devices[%u]", i);
    if (want_type(dev, JSON_OBJECT, where, err) < 0)
        return -1;
    if (take_keys(dev, where, keys, 2, "name, type", v, err) < 0)
        return -1;
    name = v[0];
    type = v[1];

    snprintf(field, sizeof field, "%s.name", where);
    if (want_type(name, JSON_STRING, field, err) < 0)
        return -1;
    if (mft_check_name(name->str, name->len, &why) < 0)
        return err_set(err, "%s: %s", field, why.msg);
    for (uint32_t j = 0; j < i; j++)
        if (strcmp(m->e[j + 1].name, name->str) == 0)
            return err_set(err, "%s: '%s' is also the name of devices[%u]",
                           field, name->str, j);
    memcpy(e->name, name->str, name->len);

    snprintf(field, sizeof field, "%s.type", where);
    if (want_type(type, JSON_STRING, field, err) < 0)
        return -1;
    for (t = 0; t < sizeof types / sizeof types[0]; t++)
        if (str_is(type, mft_type_name(types[t])))
            break;
    if (t == sizeof types / sizeof types[0])
        return err_set(err, "%s: %s is not BLOCK_BASIC or NET_BASIC", field,
                       show(&shown, type->str, type->len));
    e->type = types[t];
    return 0;
}

struct mft *mft_from_json(const struct json_value *root, struct mft_buf *buf,
                          struct errbuf *err)
{
    static const char *const keys[] = { "type", "version", "devices" };
    const struct json_value *v[3], *type, *version, *devices;
    struct mft *m = (struct mft *)buf->bytes;
    struct shown shown;
    long long n;

    memset(buf, 0, sizeof *buf);
    if (want_type(root, JSON_OBJECT, "top level", err) < 0)
        return NULL;
    if (take_keys(root, "top level", keys, 3, "type, version, devices", v,
                  err) < 0)
        return NULL;
    type = v[0];
    version = v[1];
    devices = v[2];

    if (want_type(type, JSON_STRING, "type", err) < 0)
        return NULL;
    if (!str_is(type, MFT_JSON_TYPE)) {
        err_set(err, "type: %s is not '" MFT_JSON_TYPE "'",
                show(&shown, type->str, type->len));
        return NULL;
    }
    if (want_type(version, JSON_NUMBER, "version", err) < 0)
        return NULL;
    if (json_integer(version, &n) < 0 || n != MFT_VERSION) {
        /* The text of a number is safe to show; only its length is not. */
        err_set(err, "version: %.20s%s is not %d, the only manifest version",
                version->str, version->len > 20 ? "..." : "", MFT_VERSION);
        return NULL;
    }
    if (want_type(devices, JSON_ARRAY, "devices", err) < 0)
        return NULL;
    if (devices->count > MFT_MAX_DEVICES) {
        err_set(err, "devices: %zu devices, more than %d", devices->count,
                MFT_MAX_DEVICES);
        return NULL;
    }

    m->version = MFT_VERSION;
    m->entries = (uint32_t)devices->count + 1;
    m->e[0].type = MFT_RESERVED_FIRST;
    for (uint32_t i = 0; i < devices->count; i++)
        if (device_from_json(&devices->items[i], m, i, err) < 0)
            return NULL;
    return m;
}

void mft_print_json(FILE *out, const struct mft *m, int indent)
{
    /* Names and types were validated, so nothing here needs escaping. */
    fprintf(out, "{\n");
    fprintf(out, "%*s\"type\": \"" MFT_JSON_TYPE "\",\n", indent + 2, "");
    fprintf(out, "%*s\"version\": %u,\n", indent + 2, "", m->version);
    if (m->entries <= 1) {
        fprintf(out, "%*s\"devices\": []\n", indent + 2, "");
    } else {
        fprintf(out, "%*s\"devices\": [\n", indent + 2, "");
        for (uint32_t i = 1; i < m->entries; i++) {
            const char *type = mft_type_name(m->e[i].type);
            fprintf(out, "%*s{ \"name\": \"%s\", \"type\": \"%s\" }%s\n",
                    indent + 4, "", m->e[i].name, type ? type : "?",
                    i + 1 < m->entries ? "," : "");
        }
        fprintf(out, "%*s]\n", indent + 2, "");
    }
    fprintf(out, "%*s}", indent, "");
}
