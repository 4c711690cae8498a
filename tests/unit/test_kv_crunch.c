/* SPDX-License-Identifier: ISC */
/*
 * Host tests of the crunch back end: tests/data/kv/tree, crunched by
 * ukvm-crunch at build time (tests/unit/kv_unit.mk) and linked in, must
 * list the tree's files and give back their bytes.
 */
#include "kv_crunch.h"
#include "test_kv_util.h"

static void test_listing(struct kv_store *s)
{
    int same = kv_count(s) == TREE_KEYS;

    for (size_t i = 0; same && i < TREE_KEYS; i++)
        same = strcmp(kv_key(s, i), tree_keys[i]) == 0;
    CHECK(same, "crunch: the store lists the tree's %zu files, sorted",
          TREE_KEYS);
    CHECK(kv_key(s, TREE_KEYS) == NULL && kv_size(s, TREE_KEYS) == 0,
          "crunch: key numbers past the end have no key and no size");
}

static void test_values(struct kv_store *s)
{
    static const size_t pieces[] = { 1, 7, 512, SIZE_MAX };

    for (size_t p = 0; p < sizeof(pieces) / sizeof(pieces[0]); p++) {
        int same = 1;

        for (size_t i = 0; same && i < kv_count(s); i++) {
            size_t want_size, got_size;
            unsigned char *want = tree_file(kv_key(s, i), &want_size);
            kv_result_t r;
            unsigned char *got = read_value(s, i, pieces[p], &got_size, &r);

            same = r == KV_OK && got_size == want_size &&
                   kv_size(s, i) == want_size &&
                   memcmp(got, want, want_size) == 0;
            free(want);
            free(got);
        }
        CHECK(same, "crunch: every value equals its file, read in pieces of "
              "%zu bytes", pieces[p] == SIZE_MAX ? 0 : pieces[p]);
    }
}

static void test_lookup_and_reads(struct kv_store *s)
{
    unsigned char buf[8];
    size_t i, got;

    CHECK(kv_lookup(s, "docs/with space.txt", &i) == KV_OK && i == 2,
          "crunch: lookup finds a key with a space");
    CHECK(kv_lookup(s, "/css/site.css", &i) == KV_OK && i == 0 &&
          kv_lookup(s, "//index.html", &i) == KV_OK && i == 4,
          "crunch: lookup ignores leading /");
    CHECK(kv_lookup(s, "docs", &i) == KV_ENOTFOUND &&
          kv_lookup(s, "", &i) == KV_ENOTFOUND &&
          kv_lookup(s, "index.htm", &i) == KV_ENOTFOUND &&
          kv_lookup(s, "zzz", &i) == KV_ENOTFOUND &&
          strcmp(kv_last_error(), "zzz: no such key") == 0,
          "crunch: directories, prefixes and unknown keys are not found");
    CHECK(kv_lookup(s, "empty", &i) == KV_OK && kv_size(s, i) == 0 &&
          kv_read(s, i, 0, buf, sizeof(buf), &got) == KV_OK && got == 0,
          "crunch: an empty file is a key with an empty value");
    CHECK(kv_read(s, 0, 38, buf, sizeof(buf), &got) == KV_OK && got == 4 &&
          memcmp(buf, "; }\n", 4) == 0 &&
          kv_read(s, 0, 42, buf, sizeof(buf), &got) == KV_OK && got == 0,
          "crunch: reads stop at the end of the value");
    CHECK(kv_read(s, 99, 0, buf, sizeof(buf), &got) == KV_EINVAL,
          "crunch: reading a key number past the end is KV_EINVAL");
}

int main(void)
{
    struct kv_store *s = kv_open_crunch();

    CHECK(s != NULL && kv_crunch_count == TREE_KEYS,
          "crunch: the compiled-in store opens");
    if (s == NULL)
        return check_done();
    test_listing(s);
    test_values(s);
    test_lookup_and_reads(s);
    kv_close(s);
    return check_done();
}
