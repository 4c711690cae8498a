/* SPDX-License-Identifier: ISC */
/* manifest.json checks (ABI.md section 2) and the binary manifest they build. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "manifest_json.h"

/* Parses and checks TEXT; NULL with ERR set to what the tool would print. */
static struct mft *load(const char *text, struct mft_buf *buf, struct errbuf *err)
{
    struct json_value *root = json_parse(text, strlen(text), err);
    struct mft *m;

    if (!root)
        return NULL;
    m = mft_from_json(root, buf, err);
    json_free(root);
    return m;
}

/* A manifest with N devices dev0, dev1, ...; even ones are block devices. */
static char *manifest_with(int n)
{
    char *s = malloc(64 + (size_t)n * 64), *p = s;

    p += sprintf(p, "{\"type\": \"solo5.manifest\", \"version\": 1, \"devices\": [");
    for (int i = 0; i < n; i++)
        p += sprintf(p, "%s{\"name\": \"dev%d\", \"type\": \"%s\"}", i ? ", " : "",
                     i, i % 2 ? "NET_BASIC" : "BLOCK_BASIC");
    strcpy(p, "]}");
    return s;
}

/* Wraps M as its note's descriptor (4 bytes of padding first) and checks it. */
static int passes_note_check(const struct mft *m)
{
    static uint8_t desc[4 + sizeof(struct mft_buf)];
    struct mft_buf out;
    struct errbuf err;

    memset(desc, 0, 4);
    memcpy(desc + 4, m, MFT_SIZE(m->entries));
    if (!mft_from_note(desc, MFT_NOTE_DESCSZ(m->entries), &out, &err)) {
        check_note("mft_from_note: %s", err.msg);
        return 0;
    }
    return memcmp(&out, m, MFT_SIZE(m->entries)) == 0;
}

/* Prints M as JSON and loads that again: the same bytes must come back. */
static int round_trips(const struct mft *m)
{
    struct mft_buf again;
    struct errbuf err;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    const struct mft *m2;
    int same;

    mft_print_json(f, m, 0);
    fclose(f);
    m2 = load(text, &again, &err);
    same = m2 && memcmp(m2, m, MFT_SIZE(m->entries)) == 0;
    if (!m2)
        check_note("reloading: %s", err.msg);
    free(text);
    return same;
}

static void test_valid(int n)
{
    char *text = manifest_with(n);
    struct mft_buf buf;
    struct errbuf err;
    struct mft *m = load(text, &buf, &err);
    int layout = m != NULL;

    if (!CHECK(m != NULL, "a manifest with %d devices is accepted", n)) {
        check_note("%s", err.msg);
        free(text);
        return;
    }
    layout = m->version == 1 && m->entries == (uint32_t)n + 1 &&
             m->e[0].type == MFT_RESERVED_FIRST && m->e[0].name[0] == '\0';
    for (int i = 0; i < n && layout; i++) {
        char name[16];
        snprintf(name, sizeof name, "dev%d", i);
        layout = strcmp(m->e[i + 1].name, name) == 0 &&
                 m->e[i + 1].type == (i % 2 ? MFT_DEV_NET_BASIC : MFT_DEV_BLOCK_BASIC) &&
                 !m->e[i + 1].attached;
    }
    CHECK(layout, "%d devices: entry 0 reserved, then each device in file order", n);
    CHECK(passes_note_check(m), "%d devices: the binary form passes mft_from_note", n);
    CHECK(round_trips(m), "%d devices: printed as JSON, it loads back the same", n);
    free(text);
}

struct bad {
    const char *name, *json, *want;
};

#define HEAD "{\"type\": \"solo5.manifest\", \"version\": 1, "
#define DEV(name, type) "{\"name\": " name ", \"type\": " type "}"

static const struct bad bad_cases[] = {
    { "a top level that is not an object", "[]",
      "top level: expected an object, found an array" },
    { "a wrong type string", "{\"type\": \"solo5.manifes\", \"version\": 1, \"devices\": []}",
      "type: 'solo5.manifes' is not 'solo5.manifest'" },
    { "a type that is not a string", "{\"type\": 1, \"version\": 1, \"devices\": []}",
      "type: expected a string, found a number" },
    { "version 2", "{\"type\": \"solo5.manifest\", \"version\": 2, \"devices\": []}",
      "version: 2 is not 1, the only manifest version" },
    { "version 1.0", "{\"type\": \"solo5.manifest\", \"version\": 1.0, \"devices\": []}",
      "version: 1.0 is not 1, the only manifest version" },
    { "a version that is a string", "{\"type\": \"solo5.manifest\", \"version\": \"1\", \"devices\": []}",
      "version: expected a number, found a string" },
    { "a missing type", "{\"version\": 1, \"devices\": []}", "top level: missing key 'type'" },
    { "a missing version", "{\"type\": \"solo5.manifest\", \"devices\": []}",
      "top level: missing key 'version'" },
    { "missing devices", "{\"type\": \"solo5.manifest\", \"version\": 1}",
      "top level: missing key 'devices'" },
    { "devices that are not an array", HEAD "\"devices\": {}}",
      "devices: expected an array, found an object" },
    { "a device that is not an object", HEAD "\"devices\": [\"disk\"]}",
      "devices[0]: expected an object, found a string" },
    { "a name 68 characters long", HEAD "\"devices\": [" DEV(
      "\"a234567890123456789012345678901234567890123456789012345678901234567x\"",
      "\"NET_BASIC\"") "]}",
      "devices[0].name: device name 'a234567890123456...' is longer than 67 characters" },
    { "an empty name", HEAD "\"devices\": [" DEV("\"\"", "\"NET_BASIC\"") "]}",
      "devices[0].name: empty device name" },
    { "a name with a dash", HEAD "\"devices\": [" DEV("\"net\"", "\"NET_BASIC\"") ", "
      DEV("\"my-disk\"", "\"BLOCK_BASIC\"") "]}",
      "devices[1].name: device name 'my-disk' has a character other than A-Z, a-z, 0-9" },
    { "a name with a NUL", HEAD "\"devices\": [" DEV("\"a\\u0000b\"", "\"NET_BASIC\"") "]}",
      "devices[0].name: device name 'a' has a character other than A-Z, a-z, 0-9" },
    { "a name with a non-ASCII letter", HEAD "\"devices\": [" DEV("\"caf\\u00e9\"", "\"NET_BASIC\"") "]}",
      "devices[0].name: device name 'caf\xc3\xa9' has a character other than A-Z, a-z, 0-9" },
    { "a duplicate name", HEAD "\"devices\": [" DEV("\"disk\"", "\"BLOCK_BASIC\"") ", "
      DEV("\"net\"", "\"NET_BASIC\"") ", " DEV("\"disk\"", "\"NET_BASIC\"") "]}",
      "devices[2].name: 'disk' is also the name of devices[0]" },
    { "a name that is not a string", HEAD "\"devices\": [" DEV("7", "\"NET_BASIC\"") "]}",
      "devices[0].name: expected a string, found a number" },
    { "a missing name", HEAD "\"devices\": [{\"type\": \"NET_BASIC\"}]}",
      "devices[0]: missing key 'name'" },
    { "a missing device type", HEAD "\"devices\": [{\"name\": \"a\"}]}",
      "devices[0]: missing key 'type'" },
    { "an unknown device type", HEAD "\"devices\": [" DEV("\"a\"", "\"BLOCK\"") "]}",
      "devices[0].type: 'BLOCK' is not BLOCK_BASIC or NET_BASIC" },
    { "a lower-case device type", HEAD "\"devices\": [" DEV("\"a\"", "\"net_basic\"") "]}",
      "devices[0].type: 'net_basic' is not BLOCK_BASIC or NET_BASIC" },
    { "the reserved type", HEAD "\"devices\": [" DEV("\"a\"", "\"RESERVED_FIRST\"") "]}",
      "devices[0].type: 'RESERVED_FIRST' is not BLOCK_BASIC or NET_BASIC" },
    { "a device type that is a number", HEAD "\"devices\": [" DEV("\"a\"", "1") "]}",
      "devices[0].type: expected a string, found a number" },
    { "an unknown top-level key", HEAD "\"devices\": [], \"devics\": []}",
      "top level: unknown key 'devics' (allowed: type, version, devices)" },
    { "an unknown device key", HEAD "\"devices\": [{\"name\": \"a\", \"type\": \"NET_BASIC\", \"mtu\": 9000}]}",
      "devices[0]: unknown key 'mtu' (allowed: name, type)" },
    { "a long unknown key, shown shortened",
      HEAD "\"devices\": [], \"abcdefghijabcdefghijabcdefghijabcdefghijabcdefghij\": 1}",
      "top level: unknown key 'abcdefghijabcdefghijabcdefghijabcdefghij...' "
      "(allowed: type, version, devices)" },
    { "a repeated key", HEAD "\"version\": 1, \"devices\": []}",
      "top level: key 'version' appears twice" },
    { "trailing garbage", HEAD "\"devices\": []}}",
      "1:56: unexpected '}', expected nothing after the JSON value" },
    { "truncated JSON", HEAD "\"devices\": [{\"name\": \"a\"",
      "1:66: unexpected end of input, expected ',' or '}' in an object" },
    { "deep nesting", HEAD "\"devices\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
      "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]"
      "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
      "]]]]]]]]]]]]]}",
      "1:116: nesting deeper than 64 levels" },
};

static void test_bad(const struct bad *b)
{
    struct mft_buf buf;
    struct errbuf err = { "" };
    struct mft *m = load(b->json, &buf, &err);

    if (!CHECK(!m && strcmp(err.msg, b->want) == 0, "refuses %s", b->name))
        check_note("got '%s', want '%s'", m ? "(accepted)" : err.msg, b->want);
}

int main(void)
{
    struct mft_buf buf;
    struct errbuf err = { "" };
    char *text;

    test_valid(0);
    test_valid(1);
    test_valid(2);
    test_valid(MFT_MAX_DEVICES);

    text = manifest_with(MFT_MAX_DEVICES + 1);
    if (!CHECK(!load(text, &buf, &err) &&
               strcmp(err.msg, "devices: 64 devices, more than 63") == 0,
               "refuses 64 devices"))
        check_note("got '%s'", err.msg);
    free(text);

    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++)
        test_bad(&bad_cases[i]);

    const char *max_name = HEAD "\"devices\": [" DEV(
        "\"a234567890123456789012345678901234567890123456789012345678901234567\"",
        "\"NET_BASIC\"") "]}";
    struct mft *m = load(max_name, &buf, &err);
    CHECK(m && strlen(m->e[1].name) == MFT_NAME_MAX && m->e[1].name[67] == '\0',
          "a 67-character name is accepted and stays NUL terminated");
    return check_done();
}
