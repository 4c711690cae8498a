/* SPDX-License-Identifier: ISC */
/*
 * Host tests of the ustar back end's core (tar_header.c, tar_index.c,
 * kv.c): archives made by the host's tar from tests/data/kv/tree and
 * others made on the spot, then corrupted, truncated and mutated at
 * random. Every outcome must be a store or a clear KV_ECORRUPT, never a
 * crash or a read outside the archive (ASan and UBSan watch).
 */
#include "test_kv_util.h"

/* tar ARGS > scratch/NAME, then the archive in memory. */
static unsigned char *make_tar(const char *name, const char *args,
                               size_t *size)
{
    sh("tar -cf '%s/%s' %s", scratch, name, args);
    return slurp(name, size);
}

static int keys_are(struct kv_store *s, const char *const *keys, size_t n)
{
    if (s == NULL || kv_count(s) != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(kv_key(s, i), keys[i]) != 0)
            return 0;
    return 1;
}

static int values_match_tree(struct kv_store *s, size_t piece)
{
    for (size_t i = 0; i < TREE_KEYS; i++) {
        size_t want_size, got_size;
        unsigned char *want = tree_file(tree_keys[i], &want_size);
        kv_result_t r;
        unsigned char *got = read_value(s, i, piece, &got_size, &r);
        int same = r == KV_OK && got_size == want_size &&
                   memcmp(got, want, want_size) == 0;

        free(want);
        free(got);
        if (!same)
            return 0;
    }
    return 1;
}

static int error_has(const char *text)
{
    return strstr(kv_last_error(), text) != NULL;
}

static void test_ustar_tree(void)
{
    size_t size, i, got;
    unsigned char *tar = make_tar("tree.tar",
                                  "--format=ustar -C " KV_TREE " .", &size);
    struct mem_archive m;
    struct kv_store *s = mem_open(&m, tar, size);
    unsigned char buf[16];

    CHECK(keys_are(s, tree_keys, TREE_KEYS),
          "tar: a ustar archive of the tree lists its %zu files, sorted",
          TREE_KEYS);
    if (s == NULL) {
        check_note("%s", kv_last_error());
        free(tar);
        return;
    }
    CHECK(values_match_tree(s, SIZE_MAX), "tar: every value reads back whole");
    CHECK(values_match_tree(s, 7), "tar: every value reads back in 7-byte pieces");
    CHECK(values_match_tree(s, 512), "tar: every value reads back in 512-byte pieces");
    CHECK(kv_lookup(s, "docs/guide/notes.txt", &i) == KV_OK && i == 1 &&
          kv_size(s, i) == 2400, "tar: lookup gives the key's number and size");
    CHECK(kv_lookup(s, "/index.html", &i) == KV_OK && i == 4,
          "tar: lookup ignores a leading /");
    CHECK(kv_lookup(s, "docs", &i) == KV_ENOTFOUND &&
          kv_lookup(s, "nosuch", &i) == KV_ENOTFOUND &&
          kv_last_result() == KV_ENOTFOUND && error_has("nosuch: no such key"),
          "tar: a directory or unknown name is KV_ENOTFOUND");
    CHECK(kv_read(s, 0, kv_size(s, 0), buf, sizeof(buf), &got) == KV_OK &&
          got == 0 && kv_read(s, 0, 1000000, buf, sizeof(buf), &got) == KV_OK &&
          got == 0, "tar: a read at or past the end of a value gives 0 bytes");
    CHECK(kv_read(s, 0, 40, buf, sizeof(buf), &got) == KV_OK && got == 2 &&
          memcmp(buf, "}\n", 2) == 0,
          "tar: a read running over the end of a value is cut short");
    CHECK(kv_read(s, TREE_KEYS, 0, buf, 1, &got) == KV_EINVAL && got == 0 &&
          kv_key(s, TREE_KEYS) == NULL && kv_size(s, TREE_KEYS) == 0,
          "tar: key numbers past the end are refused");
    CHECK(m.out_of_bounds == 0, "tar: nothing was read outside the archive");
    kv_close(s);
    free(tar);
}

static void test_other_tars(void)
{
    const char *const two[] = { "css/site.css", "index.html" };
    size_t size;
    unsigned char *tar;
    struct mem_archive m;
    struct kv_store *s;

    tar = make_tar("gnu.tar", "-C " KV_TREE " .", &size);
    s = mem_open(&m, tar, size);
    CHECK(keys_are(s, tree_keys, TREE_KEYS) && values_match_tree(s, 100),
          "tar: a GNU-format archive (tar's default) reads the same");
    kv_close(s);
    free(tar);

    tar = make_tar("plain.tar", "--format=ustar -C " KV_TREE " index.html css",
                   &size);
    s = mem_open(&m, tar, size);
    CHECK(keys_are(s, two, 2), "tar: names without ./ are keys as they are");
    kv_close(s);
    free(tar);

    tar = make_tar("empty.tar", "--format=ustar -T /dev/null", &size);
    s = mem_open(&m, tar, size);
    CHECK(s != NULL && kv_count(s) == 0, "tar: an empty archive has no keys");
    kv_close(s);
    free(tar);

    tar = make_tar("v7.tar", "--format=v7 -C " KV_TREE " index.html", &size);
    s = mem_open(&m, tar, size);
    CHECK(s == NULL && kv_last_result() == KV_ECORRUPT &&
          strcmp(kv_last_error(), "mem: no ustar header at offset 0 "
                 "(not a tar archive?)") == 0,
          "tar: a v7 archive (no ustar magic) is refused: %s", kv_last_error());
    free(tar);
}

/* A name of 100+ characters: ustar's prefix field, GNU's long name. */
static void test_long_names(void)
{
    char dir[200], key[300];
    size_t size, i;
    unsigned char *tar;
    struct mem_archive m;
    struct kv_store *s;

    snprintf(dir, sizeof(dir), "long/%s/%s", "abcdefghijklmnopqrstuvwxyz0123456789"
             "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
    snprintf(key, sizeof(key), "%s/a-rather-long-file-name-too.txt", dir);
    sh("mkdir -p '%s/%s' && printf deep > '%s/%s'", scratch, dir, scratch, key);

    sh("tar --format=ustar -cf '%s/long.tar' -C '%s' long", scratch, scratch);
    tar = slurp("long.tar", &size);
    s = mem_open(&m, tar, size);
    CHECK(s != NULL && kv_count(s) == 1 && strcmp(kv_key(s, 0), key) == 0 &&
          kv_lookup(s, key, &i) == KV_OK && kv_size(s, i) == 4,
          "tar: a %zu-character name is rebuilt from the ustar prefix field",
          strlen(key));
    kv_close(s);
    free(tar);

    sh("tar --format=gnu -cf '%s/gnulong.tar' -C '%s' long", scratch, scratch);
    tar = slurp("gnulong.tar", &size);
    s = mem_open(&m, tar, size);
    CHECK(s == NULL && kv_last_result() == KV_ECORRUPT &&
          error_has("GNU long name at offset") && error_has("--format=ustar"),
          "tar: a GNU long name is refused, saying how to make the archive: %s",
          kv_last_error());
    free(tar);

    sh("tar --format=posix -cf '%s/pax.tar' -C '%s' long", scratch, scratch);
    tar = slurp("pax.tar", &size);
    s = mem_open(&m, tar, size);
    CHECK(s == NULL && kv_last_result() == KV_ECORRUPT &&
          error_has("pax extended header at offset"),
          "tar: a pax extended header is refused: %s", kv_last_error());
    free(tar);
}

static void test_links_and_appends(void)
{
    const char *const keys[] = { "a.txt", "hard.txt", "sub/b.txt" };
    unsigned char buf[32];
    size_t size, i, got;
    unsigned char *tar;
    struct mem_archive m;
    struct kv_store *s;

    sh("mkdir -p '%s/links/sub' && printf one > '%s/links/a.txt' && "
       "printf two > '%s/links/sub/b.txt' && ln '%s/links/a.txt' '%s/links/hard.txt' "
       "&& ln -s a.txt '%s/links/soft.txt' && ln -s sub '%s/links/dirlink'",
       scratch, scratch, scratch, scratch, scratch, scratch, scratch);
    sh("tar --format=ustar --sort=name -cf '%s/links.tar' -C '%s/links' .",
       scratch, scratch);
    tar = slurp("links.tar", &size);
    s = mem_open(&m, tar, size);
    CHECK(keys_are(s, keys, 3),
          "tar: symbolic links and directories are skipped, hard links kept");
    CHECK(s != NULL && kv_lookup(s, "hard.txt", &i) == KV_OK &&
          kv_read(s, i, 0, buf, sizeof(buf), &got) == KV_OK && got == 3 &&
          memcmp(buf, "one", 3) == 0,
          "tar: a hard link reads its target's data");
    kv_close(s);
    free(tar);

    /* The link's target missing: the link header pointing nowhere. */
    sh("cd '%s/links' && tar --format=ustar -cf ../lonely.tar a.txt hard.txt && "
       "tar --delete -f ../lonely.tar a.txt", scratch);
    tar = slurp("lonely.tar", &size);
    s = mem_open(&m, tar, size);
    CHECK(s == NULL && kv_last_result() == KV_ECORRUPT &&
          error_has("hard link \"hard.txt\" at offset 0: its target \"a.txt\""),
          "tar: a hard link to nothing earlier is refused: %s", kv_last_error());
    free(tar);

    sh("cd '%s/links' && tar --format=ustar -cf ../append.tar a.txt sub/b.txt && "
       "printf 'newer one' > a.txt && tar --format=ustar -rf ../append.tar a.txt",
       scratch);
    tar = slurp("append.tar", &size);
    s = mem_open(&m, tar, size);
    CHECK(s != NULL && kv_count(s) == 2 && kv_lookup(s, "a.txt", &i) == KV_OK &&
          kv_read(s, i, 0, buf, sizeof(buf), &got) == KV_OK && got == 9 &&
          memcmp(buf, "newer one", 9) == 0,
          "tar: of a name stored twice (tar -r), the later one counts");
    kv_close(s);
    free(tar);
}

/* A ustar header for a file (type '0') or a hard link (type '1'). */
static void put_header(unsigned char *h, const char *name, char type,
                       const char *link, unsigned long long size)
{
    memset(h, 0, 512);
    snprintf((char *)h, 100, "%s", name);
    memcpy(h + 100, "0000644", 8);
    memcpy(h + 108, "0000000", 8);
    memcpy(h + 116, "0000000", 8);
    snprintf((char *)h + 124, 12, "%011llo", size);
    memcpy(h + 136, "00000000000", 12);
    h[156] = (unsigned char)type;
    if (link != NULL)
        snprintf((char *)h + 157, 100, "%s", link);
    memcpy(h + 257, "ustar", 6);
    memcpy(h + 263, "00", 2);
    fix_checksum(h);
}

static void test_many_links(void)
{
    enum { LINKS = 50000 };
    size_t size = (size_t)(LINKS + 5) * 512, got, i;
    unsigned char *tar = calloc(1, size), buf[8];
    struct mem_archive m;
    struct kv_store *s;
    char name[32], prev[32];

    if (tar == NULL)
        die("links fixture");
    put_header(tar, "target", '0', NULL, 5);
    memcpy(tar + 512, "data\n", 5);
    for (int k = 0; k < LINKS; k++) {
        /*
         * Even ones link to the first file (a backward scan for it would
         * be quadratic), odd ones to the link before (a chain: resolved
         * in archive order).
         */
        snprintf(name, sizeof(name), "link%05d", k);
        put_header(tar + 1024 + (size_t)k * 512, name, '1',
                   k % 2 ? prev : "target", 0);
        memcpy(prev, name, sizeof(name));
    }
    s = mem_open(&m, tar, size);
    CHECK(s != NULL && kv_count(s) == LINKS + 1 &&
          kv_lookup(s, "link49999", &i) == KV_OK && kv_size(s, i) == 5 &&
          kv_read(s, i, 0, buf, sizeof(buf), &got) == KV_OK && got == 5 &&
          memcmp(buf, "data\n", 5) == 0,
          "tar: %d hard links, to the first file and chained, resolve",
          LINKS);
    if (s == NULL)
        check_note("%s", kv_last_error());
    kv_close(s);

    /* A link to a name that only comes later is refused. */
    put_header(tar + 1024, "link00000", '1', "link00001", 0);
    s = mem_open(&m, tar, size);
    CHECK(s == NULL && kv_last_result() == KV_ECORRUPT &&
          strcmp(kv_last_error(), "mem: hard link \"link00000\" at offset "
                 "1024: its target \"link00001\" is not an earlier file of "
                 "the archive") == 0,
          "tar: a hard link to a later entry is refused: %s", kv_last_error());
    free(tar);
}

static void test_corruption(void)
{
    size_t size;
    unsigned char *tar = make_tar("c.tar", "--format=ustar --sort=name -C "
                                  KV_TREE " .", &size);
    unsigned char *bad = malloc(size);
    long notes = header_offset(tar, size, "./docs/guide/notes.txt");
    long site = header_offset(tar, size, "./css/site.css");
    struct mem_archive m;
    struct kv_store *s;
    char want[200];

    if (bad == NULL || notes < 0 || site < 0)
        die("corruption fixture");

    memcpy(bad, tar, size);
    bad[148 + 2] ^= 1;          /* a digit of the first checksum */
    s = mem_open(&m, bad, size);
    CHECK(s == NULL && kv_last_result() == KV_ECORRUPT &&
          strcmp(kv_last_error(), "mem: bad header checksum at offset 0") == 0,
          "tar: a flipped checksum digit is a bad checksum at offset 0: %s",
          kv_last_error());

    memcpy(bad, tar, size);
    bad[notes + 10] ^= 0x20;    /* a byte of the name; checksum now wrong */
    s = mem_open(&m, bad, size);
    snprintf(want, sizeof(want), "mem: bad header checksum at offset %ld", notes);
    CHECK(s == NULL && strcmp(kv_last_error(), want) == 0,
          "tar: a changed name byte is a bad checksum at that header: %s",
          kv_last_error());

    memcpy(bad, tar, size);
    memcpy(bad + site + 124, "0000000009x", 11);
    fix_checksum(bad + site);
    s = mem_open(&m, bad, size);
    snprintf(want, sizeof(want), "mem: bad size field in the header at offset %ld",
             site);
    CHECK(s == NULL && strcmp(kv_last_error(), want) == 0,
          "tar: a size that is not octal is refused: %s", kv_last_error());

    memcpy(bad, tar, size);
    memcpy(bad + site + 124, "77777777777", 11);
    fix_checksum(bad + site);
    s = mem_open(&m, bad, size);
    CHECK(s == NULL && kv_last_result() == KV_ECORRUPT &&
          error_has("\"css/site.css\" at offset") &&
          error_has("runs past the end of the device"),
          "tar: a size past the end of the device is refused: %s",
          kv_last_error());

    /* base-256: top bit set, then the size big-endian. */
    memcpy(bad, tar, size);
    memset(bad + site + 124, 0, 12);
    bad[site + 124] = 0x80;
    bad[site + 135] = 42;       /* css/site.css is 42 bytes */
    fix_checksum(bad + site);
    s = mem_open(&m, bad, size);
    CHECK(s != NULL && kv_count(s) == TREE_KEYS && kv_size(s, 0) == 42 &&
          values_match_tree(s, 64), "tar: a base-256 size field is read");
    kv_close(s);

    bad[site + 124] = 0xff;     /* base-256, negative */
    fix_checksum(bad + site);
    s = mem_open(&m, bad, size);
    CHECK(s == NULL && kv_last_result() == KV_ECORRUPT &&
          error_has("bad size field"), "tar: a negative base-256 size is refused");

    memcpy(bad, tar, size);
    bad[site + 156] = 'S';      /* GNU sparse file */
    fix_checksum(bad + site);
    s = mem_open(&m, bad, size);
    snprintf(want, sizeof(want), "mem: unsupported entry type 'S' at offset %ld",
             site);
    CHECK(s == NULL && strcmp(kv_last_error(), want) == 0,
          "tar: an unknown entry type is refused: %s", kv_last_error());
    free(bad);
    free(tar);
}

static void test_truncation(void)
{
    size_t size, end = 0;
    unsigned char *tar = make_tar("t.tar", "--format=ustar --sort=name -C "
                                  KV_TREE " .", &size);
    struct mem_archive m;
    struct kv_store *s;
    int bad = 0, oob = 0, opened = 0;
    char want[200];

    /* Where the archive's own records end: the first all-zero record. */
    while (end < size && tar[end] != 0)
        end += 512 + (size_t)(strtoull((char *)tar + end + 124, NULL, 8) + 511)
               / 512 * 512;

    s = mem_open(&m, tar, end);
    snprintf(want, sizeof(want), "mem: the archive ends at offset %zu without "
             "an end-of-archive record (truncated?)", end);
    CHECK(s == NULL && kv_last_result() == KV_ECORRUPT &&
          strcmp(kv_last_error(), want) == 0,
          "tar: an archive without its end record is truncated: %s",
          kv_last_error());

    s = mem_open(&m, tar, 1536 + 100);
    CHECK(s == NULL && kv_last_result() == KV_ECORRUPT &&
          (error_has("runs past the end of the device") ||
           error_has("truncated")),
          "tar: an archive cut inside a file is truncated: %s", kv_last_error());

    /* Every cut, aligned or not: a store only if the end record is in. */
    for (size_t cut = 0; cut <= size; cut += cut < end + 1024 ? 1 : 512) {
        s = mem_open(&m, tar, cut);
        if (s != NULL) {
            opened++;
            if (cut < end + 512)
                bad++;
            kv_close(s);
        } else if (kv_last_result() != KV_ECORRUPT) {
            bad++;
        }
        oob += m.out_of_bounds;
    }
    CHECK(bad == 0 && oob == 0 && opened > 0,
          "tar: every truncation is KV_ECORRUPT until the end record is in "
          "(%d bad, %d reads out of bounds)", bad, oob);
    free(tar);
}

static void test_io_errors(void)
{
    size_t size, got, i;
    unsigned char *tar = make_tar("io.tar", "--format=ustar --sort=name -C "
                                  KV_TREE " .", &size);
    struct mem_archive m;
    struct kv_store *s;
    unsigned char buf[64];

    m.fail_from = 0;
    {
        struct kv_reader reader = {
            .name = "mem", .size = size, .read = mem_read, .ctx = &m,
        };
        m.data = tar;
        m.size = size;
        m.out_of_bounds = 0;
        s = kv_open_tar(&reader);
    }
    CHECK(s == NULL && kv_last_result() == KV_EIO &&
          strcmp(kv_last_error(), "mem: read failed at offset 0") == 0,
          "tar: a failing device read at open is KV_EIO: %s", kv_last_error());

    s = mem_open(&m, tar, size);
    if (s == NULL || kv_lookup(s, "index.html", &i) != KV_OK)
        die("io fixture");
    m.fail_from = 0;
    CHECK(kv_read(s, i, 0, buf, sizeof(buf), &got) == KV_EIO && got == 0,
          "tar: a failing device read of a value is KV_EIO");
    kv_close(s);
    free(tar);
}

/* xorshift64*: the same mutations on every run. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}

/*
 * Random mutations: bytes anywhere, or header fields with the checksum
 * then fixed so the parser gets past it; and random cuts. The outcome
 * must be a store whose values read in bounds, or KV_ECORRUPT.
 */
static void test_fuzz(void)
{
    size_t size;
    unsigned char *tar = make_tar("f.tar", "--format=ustar -C " KV_TREE " .",
                                  &size);
    unsigned char *bad = malloc(size);
    static const char alphabet[] = "0123456777 \0\x80\xff/.x1L5g";
    int iterations = 100000, wrong = 0, opened = 0, oob = 0;
    size_t headers[64], nheaders = 0, off = 0;
    struct mem_archive m;

    if (bad == NULL)
        die("fuzz fixture");
    /* Half the mutations hit a header, where the parsing happens. */
    while (off + 512 <= size && tar[off] != 0 && nheaders < 64) {
        headers[nheaders++] = off;
        off += 512 + (size_t)(strtoull((char *)tar + off + 124, NULL, 8) + 511)
               / 512 * 512;
    }
    for (int it = 0; it < iterations; it++) {
        size_t len = size;
        int n = 1 + (int)(rng() % 8);

        memcpy(bad, tar, size);
        for (int k = 0; k < n; k++) {
            size_t at = rng() % 2 ? rng() % size
                        : headers[rng() % nheaders] + rng() % 512;

            if (rng() % 2)
                bad[at] = (unsigned char)rng();
            else
                bad[at] = (unsigned char)alphabet[rng() % (sizeof(alphabet) - 1)];
            if (rng() % 4 != 0)
                fix_checksum(bad + at / 512 * 512);
        }
        if (rng() % 8 == 0)
            len = rng() % (size + 1);
        struct kv_store *s = mem_open(&m, bad, len);
        if (s != NULL) {
            opened++;
            for (size_t i = 0; i < kv_count(s); i++) {
                size_t got_size;
                kv_result_t r;
                unsigned char *v = read_value(s, i, 300, &got_size, &r);

                if (r != KV_OK || got_size != kv_size(s, i) ||
                    strlen(kv_key(s, i)) == 0)
                    wrong++;
                free(v);
            }
            kv_close(s);
        } else if (kv_last_result() != KV_ECORRUPT) {
            wrong++;
        }
        oob += m.out_of_bounds;
    }
    CHECK(wrong == 0 && oob == 0,
          "tar: %d random mutations give a sound store (%d) or KV_ECORRUPT "
          "(%d wrong, %d reads out of bounds)", iterations, opened, wrong, oob);
    free(bad);
    free(tar);
}

int main(void)
{
    scratch_make();
    test_ustar_tree();
    test_other_tars();
    test_long_names();
    test_links_and_appends();
    test_many_links();
    test_corruption();
    test_truncation();
    test_io_errors();
    test_fuzz();
    scratch_remove();
    return check_done();
}
