/* SPDX-License-Identifier: ISC */
/* The JSON parser: what it accepts, what it refuses, and where it says so. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "json.h"

/* A string literal as (text, length), so tests may hold NUL bytes. */
#define S(lit) lit, sizeof(lit) - 1

static void refuses(const char *name, const char *text, size_t len,
                    const char *want)
{
    struct errbuf err = { "" };
    struct json_value *v = json_parse(text, len, &err);

    if (!CHECK(!v && strcmp(err.msg, want) == 0, "refuses %s", name))
        check_note("got '%s', want '%s'", v ? "(parsed)" : err.msg, want);
    json_free(v);
}

static void test_scalars(void)
{
    struct errbuf err;
    struct json_value *v;
    long long n;

    v = json_parse(S(" null "), &err);
    CHECK(v && v->type == JSON_NULL, "null parses");
    json_free(v);
    v = json_parse(S("true"), &err);
    CHECK(v && v->type == JSON_TRUE, "true parses");
    json_free(v);
    v = json_parse(S("\t\r\nfalse\n"), &err);
    CHECK(v && v->type == JSON_FALSE, "false parses, with whitespace around");
    json_free(v);
    v = json_parse(S("-12.5e+3"), &err);
    CHECK(v && v->type == JSON_NUMBER && strcmp(v->str, "-12.5e+3") == 0,
          "a number keeps its text");
    CHECK(v && json_integer(v, &n) < 0, "a fraction is not an integer");
    json_free(v);
    v = json_parse(S("1e0"), &err);
    CHECK(v && json_integer(v, &n) < 0, "an exponent is not an integer");
    json_free(v);
    v = json_parse(S("9223372036854775807"), &err);
    CHECK(v && json_integer(v, &n) == 0 && n == LLONG_MAX, "LLONG_MAX is an integer");
    json_free(v);
    v = json_parse(S("-9223372036854775808"), &err);
    CHECK(v && json_integer(v, &n) == 0 && n == LLONG_MIN, "LLONG_MIN is an integer");
    json_free(v);
    v = json_parse(S("9223372036854775808"), &err);
    CHECK(v && json_integer(v, &n) < 0, "LLONG_MAX + 1 is out of range");
    json_free(v);
    v = json_parse(S("-0"), &err);
    CHECK(v && json_integer(v, &n) == 0 && n == 0, "-0 is the integer 0");
    json_free(v);
}

static void test_strings(void)
{
    struct errbuf err;
    struct json_value *v;

    v = json_parse(S("\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\""), &err);
    CHECK(v && v->type == JSON_STRING && v->len == 9 &&
          memcmp(v->str, "a\"\\/\b\f\n\r\t", 9) == 0, "simple escapes decode");
    json_free(v);
    v = json_parse(S("\"x\\u0000y\""), &err);
    CHECK(v && v->len == 3 && memcmp(v->str, "x\0y", 3) == 0,
          "\\u0000 puts a NUL inside, and the length counts it");
    json_free(v);
    v = json_parse(S("\"\\u00e9\\u20AC\\ud83d\\ude00\""), &err);
    CHECK(v && v->len == 9 &&
          memcmp(v->str, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9) == 0,
          "\\u escapes and a surrogate pair decode to UTF-8");
    json_free(v);
    v = json_parse(S("\"caf\xc3\xa9 \xf0\x9f\x98\x80\""), &err);
    CHECK(v && v->len == 10, "raw UTF-8 passes through");
    json_free(v);
    v = json_parse(S("\"\""), &err);
    CHECK(v && v->len == 0 && v->str[0] == '\0', "the empty string parses");
    json_free(v);
}

static void test_containers(void)
{
    struct errbuf err;
    struct json_value *v;

    v = json_parse(S("{ \"a\": [1, [], {}], \"b\": {\"c\": null}, \"a\": 2 }"), &err);
    CHECK(v && v->type == JSON_OBJECT && v->count == 3, "an object keeps every member");
    CHECK(v && strcmp(v->members[0].key, "a") == 0 &&
          strcmp(v->members[2].key, "a") == 0, "members stay in file order, repeats kept");
    CHECK(v && v->members[0].value.type == JSON_ARRAY &&
          v->members[0].value.count == 3 &&
          v->members[0].value.items[1].type == JSON_ARRAY &&
          v->members[0].value.items[2].type == JSON_OBJECT, "nested values parse");
    json_free(v);
    v = json_parse(S("[]"), &err);
    CHECK(v && v->type == JSON_ARRAY && v->count == 0, "an empty array parses");
    json_free(v);
}

static void test_errors(void)
{
    refuses("empty input", S(""), "1:1: unexpected end of input, expected a value");
    refuses("only whitespace", S("  \n "),
            "2:2: unexpected end of input, expected a value");
    refuses("a trailing comma in an array", S("[1,]"),
            "1:4: unexpected ']', expected a value");
    refuses("a trailing comma in an object", S("{\"a\":1,}"),
            "1:8: unexpected '}', expected a string key");
    refuses("a missing colon", S("{\"a\" 1}"),
            "1:6: unexpected '1', expected ':' after a key");
    refuses("single quotes", S("{'a':1}"),
            "1:2: unexpected ''', expected a string key");
    refuses("a bare word", S("[tru]"), "1:2: unexpected 't', expected a value");
    refuses("a leading zero", S("01"), "1:2: a number has a leading zero");
    refuses("a bare minus", S("-"), "1:2: unexpected end of input, expected a digit");
    refuses("a bare plus", S("+1"), "1:1: unexpected '+', expected a value");
    refuses("a dot without digits", S("1.e5"),
            "1:3: unexpected 'e', expected a digit after '.'");
    refuses("an empty exponent", S("1e+"),
            "1:4: unexpected end of input, expected a digit in the exponent");
    refuses("trailing garbage", S("{} x"),
            "1:4: unexpected 'x', expected nothing after the JSON value");
    refuses("two values", S("1 2"),
            "1:3: unexpected '2', expected nothing after the JSON value");
    refuses("a NUL byte outside strings", S("[1]\0"),
            "1:4: unexpected byte 0x00, expected nothing after the JSON value");
    refuses("a byte order mark", S("\xef\xbb\xbf{}"),
            "1:1: unexpected byte 0xef, expected a value");
    refuses("an unterminated string", S("[\"abc"),
            "1:6: unexpected end of input in a string");
    refuses("a string ending in a backslash", S("\"ab\\"),
            "1:5: unexpected end of input in a string");
    refuses("a raw tab in a string", S("\"a\tb\""),
            "1:3: control character 0x09 in a string (write it as an escape)");
    refuses("a raw newline in a string", S("\"a\nb\""),
            "1:3: control character 0x0a in a string (write it as an escape)");
    refuses("an unknown escape", S("\"a\\x\""), "1:3: unknown escape '\\x' in a string");
    refuses("a short \\u escape", S("\"\\u12\""), "1:2: expected four hex digits after '\\u'");
    refuses("a lone low surrogate", S("\"\\udc00\""),
            "1:2: unpaired surrogate '\\udc00' in a string");
    refuses("a lone high surrogate", S("\"\\ud800\""),
            "1:2: unpaired surrogate '\\ud800' in a string");
    refuses("a high surrogate before a non-surrogate", S("\"\\ud800\\u0041\""),
            "1:2: unpaired surrogate '\\ud800' in a string");
    refuses("an overlong UTF-8 form", S("\"\xc0\xaf\""), "1:2: invalid UTF-8 in a string");
    refuses("a UTF-8 surrogate", S("\"\xed\xa0\x80\""), "1:2: invalid UTF-8 in a string");
    refuses("UTF-8 past U+10FFFF", S("\"\xf4\x90\x80\x80\""),
            "1:2: invalid UTF-8 in a string");
    refuses("truncated UTF-8", S("\"\xe2\x82\""), "1:2: invalid UTF-8 in a string");
    refuses("a stray continuation byte", S("\"\x80\""), "1:2: invalid UTF-8 in a string");
    refuses("an error on line 3 (columns count characters)",
            S("{\n  \"\xc3\xa9\": 1,\n  \"b\": tru\n}"),
            "3:8: unexpected 't', expected a value");
}

static char *nested(int depth)
{
    char *s = malloc(2 * (size_t)depth + 1);

    memset(s, '[', (size_t)depth);
    memset(s + depth, ']', (size_t)depth);
    s[2 * depth] = '\0';
    return s;
}

static void test_depth(void)
{
    struct errbuf err;
    struct json_value *v;
    char *s = nested(JSON_MAX_DEPTH), *deep = nested(JSON_MAX_DEPTH + 1);

    v = json_parse(s, strlen(s), &err);
    CHECK(v != NULL, "%d nested arrays parse", JSON_MAX_DEPTH);
    json_free(v);
    refuses("one level deeper than the limit", deep, strlen(deep),
            "1:65: nesting deeper than 64 levels");
    free(s);
    free(deep);

    /* Far deeper than any stack would allow, were recursion unbounded. */
    s = malloc(1000001);
    memset(s, '[', 1000000);
    v = json_parse(s, 1000000, &err);
    CHECK(!v, "a million open brackets are refused without a crash");
    free(s);
}

/* Every prefix of a valid document is refused; the whole one parses. */
static void test_truncations(void)
{
    static const char doc[] =
        "{ \"type\": \"solo5.manifest\", \"version\": 1, \"x\": [true, false, null,"
        " -1.5e3, \"\\u00e9\\ud83d\\ude00\\n\", {}], \"devices\": [ { \"name\":"
        " \"disk\", \"type\": \"BLOCK_BASIC\" } ] }";
    size_t refused = 0, len = sizeof doc - 1;
    struct errbuf err;

    for (size_t n = 0; n < len; n++) {
        char *copy = malloc(n ? n : 1);    /* exact size, so ASan sees overreads */
        struct json_value *v;

        memcpy(copy, doc, n);
        v = json_parse(copy, n, &err);
        refused += v == NULL;
        json_free(v);
        free(copy);
    }
    CHECK(refused == len, "each of the %zu truncations of a document is refused", len);
    struct json_value *v = json_parse(doc, len, &err);
    CHECK(v != NULL, "the whole document parses");
    json_free(v);
}

/* Random damage to a document never crashes the parser (ASan/UBSan watch). */
static void test_mutations(void)
{
    static const char doc[] =
        "{\"a\": [1, -2.5e-3, \"s\\u00e9\\ud83d\\ude00\", true, false, null],"
        " \"b\": {\"c\": [[[]]], \"d\": \"x\\\"y\"}}";
    static const char alphabet[] = "{}[]\",:\\u0e9-+.eE tfn\x80\xc3\xed\xf4\n";
    unsigned long seed = 12345;
    struct errbuf err;
    int ok = 1;

    for (int round = 0; round < 20000 && ok; round++) {
        size_t len = sizeof doc - 1;
        char *buf = malloc(len + 8);
        int edits;

        memcpy(buf, doc, len);
        seed = seed * 6364136223846793005UL + 1442695040888963407UL;
        edits = 1 + (int)(seed >> 60) % 4;
        for (int e = 0; e < edits; e++) {
            seed = seed * 6364136223846793005UL + 1442695040888963407UL;
            size_t at = (size_t)(seed >> 33) % len;
            char c = alphabet[(seed >> 20) % (sizeof alphabet - 1)];
            if ((seed >> 10) % 3 == 0 && at > 0)
                len = at;                 /* cut */
            else
                buf[at] = c;              /* overwrite */
        }
        struct json_value *v = json_parse(buf, len, &err);
        if (!v && (err.msg[0] < '1' || err.msg[0] > '9'))
            ok = 0;    /* every refusal names a line */
        json_free(v);
        free(buf);
    }
    CHECK(ok, "20000 damaged documents parse or are refused with a position");
}

int main(void)
{
    test_scalars();
    test_strings();
    test_containers();
    test_errors();
    test_depth();
    test_truncations();
    test_mutations();
    return check_done();
}
