/* SPDX-License-Identifier: ISC */
/*
 * Request targets to store keys (libos/http/http_path.c) under
 * ASan/UBSan: directories get index.html, escapes are decoded, nothing
 * reaches outside the site, random targets never overflow the key.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "http_path.h"

static char key[HTTP_KEY_MAX + 1];
static bool is_dir;

static int key_of(const char *target)
{
    size_t len = strlen(target);
    char *buf = malloc(len ? len : 1);  /* exactly its size, for ASan */
    memcpy(buf, target, len);
    int status = http_target_key(buf, len, key, &is_dir);
    free(buf);
    return status;
}

static void expect(const char *target, const char *want, bool dir)
{
    int status = key_of(target);
    CHECK(status == 0 && strcmp(key, want) == 0 && is_dir == dir,
          "key: \"%s\" is \"%s\"%s (got %d \"%s\")", target, want,
          dir ? ", a directory" : "", status, status == 0 ? key : "");
}

static void expect_status(const char *target, int want, const char *why)
{
    int status = key_of(target);
    CHECK(status == want, "key: %s is %d (got %d)", why, want, status);
}

static void test_keys(void)
{
    expect("/", "index.html", true);
    expect("/index.html", "index.html", false);
    expect("/sub/", "sub/index.html", true);
    expect("/sub", "sub", false);
    expect("/css/site.css?v=3", "css/site.css", false);
    expect("/a#frag", "a", false);
    expect("//a///b", "a/b", false);
    expect("/./a/./b/.", "a/b/index.html", true);
    expect("/a%20b%2Ec", "a b.c", false);
    expect("/a%2fb", "a/b", false);
    expect("/?x", "index.html", true);
    expect("http://10.0.0.2/sub/x.txt", "sub/x.txt", false);
    expect("HTTP://h", "index.html", true);
    expect("http://h?q", "index.html", true);
    expect("/...", "...", false);
    expect("/..a/b..", "..a/b..", false);
}

static void test_refused(void)
{
    expect_status("/..", 400, "/..");
    expect_status("/../etc/passwd", 400, "/../etc/passwd");
    expect_status("/a/../../b", 400, "/a/../../b");
    expect_status("/a/..", 400, "/a/.. (any .. segment)");
    expect_status("/%2e%2e/x", 400, "an escaped ..");
    expect_status("/a%2f%2e%2e%2fb", 400, "an escaped /../");
    expect_status("/a%00b", 400, "an escaped NUL");
    expect_status("/a%0ab", 400, "an escaped LF");
    expect_status("/a%zz", 400, "a bad escape");
    expect_status("/a%2", 400, "a cut escape");
    expect_status("a/b", 400, "no leading /");
    expect_status("*", 400, "the asterisk form");
    expect_status("", 400, "an empty target");
    expect_status("http:/x", 400, "a scheme without an authority");

    char *long_target = malloc(HTTP_KEY_MAX + 3);
    long_target[0] = '/';
    memset(long_target + 1, 'a', HTTP_KEY_MAX + 1);
    long_target[HTTP_KEY_MAX + 2] = '\0';
    expect_status(long_target, 414, "a key longer than HTTP_KEY_MAX");
    long_target[HTTP_KEY_MAX + 1] = '\0';
    expect_status(long_target, 0, "a key of exactly HTTP_KEY_MAX");
    long_target[HTTP_KEY_MAX - 5] = '/';
    long_target[HTTP_KEY_MAX - 4] = '\0';
    expect_status(long_target, 414, "a directory whose index.html would not fit");
    free(long_target);
}

static void test_location(void)
{
    char out[64];

    CHECK(http_dir_location("sub", out, sizeof(out)) == 5 && strcmp(out, "/sub/") == 0,
          "location: sub is /sub/");
    CHECK(http_dir_location("a b/c%", out, sizeof(out)) > 0 &&
          strcmp(out, "/a%20b/c%25/") == 0, "location: space and %% are escaped");
    CHECK(http_dir_location("abcdef", out, 8) == 0, "location: too small a buffer is 0");
    CHECK(http_dir_location("abcde", out, 8) == 7, "location: an exact fit");
}

/* Random targets: any status is fine, but the key stays in bounds and
 * never holds a ".." segment, a control character or a leading "/". */
static void test_random(void)
{
    static const char alphabet[] = "/./%2e%2E%2f%00aZ..?#\x01\xff";
    uint64_t s = 0x243f6a8885a308d3ULL;
    bool sane = true;
    int ok = 0, iterations = 200000;

    for (int it = 0; it < iterations; it++) {
        char t[40];
        s ^= s << 13; s ^= s >> 7; s ^= s << 17;
        size_t n = 1 + s % (sizeof(t) - 1);
        t[0] = '/';
        for (size_t i = 1; i < n; i++) {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            t[i] = alphabet[s % (sizeof(alphabet) - 1)];
        }
        char *buf = malloc(n);
        memcpy(buf, t, n);
        int status = http_target_key(buf, n, key, &is_dir);
        free(buf);
        if (status != 0) {
            sane &= status == 400;
            continue;
        }
        ok++;
        size_t kn = strlen(key);
        sane &= kn > 0 && kn <= HTTP_KEY_MAX && key[0] != '/';
        for (size_t i = 0; i < kn; i++)
            sane &= (unsigned char)key[i] >= 0x20 && key[i] != 0x7f;
        char *seg = key;
        for (;;) {
            char *end = strchr(seg, '/');
            size_t len = end ? (size_t)(end - seg) : strlen(seg);
            sane &= !(len == 2 && seg[0] == '.' && seg[1] == '.');
            sane &= len > 0 && !(len == 1 && seg[0] == '.');
            if (!end)
                break;
            seg = end + 1;
        }
    }
    CHECK(sane && ok > 0, "random: %d targets: keys in bounds, no '..', '.' or "
          "empty segment, no control character (%d accepted)", iterations, ok);
}

int main(void)
{
    test_keys();
    test_refused();
    test_location();
    test_random();
    return check_done();
}
