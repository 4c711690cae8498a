/* SPDX-License-Identifier: ISC */
/*
 * A small, strict JSON parser (RFC 8259) for the tool's own inputs, such as
 * manifest.json. It builds a tree; it never trusts its input: every string
 * is checked UTF-8, nesting is limited, and any error gives one message
 * with the line and column where the text went wrong.
 */
#ifndef UKVM_ELFTOOL_JSON_H
#define UKVM_ELFTOOL_JSON_H

#include <stddef.h>

#include "errbuf.h"

#define JSON_MAX_DEPTH 64

enum json_type {
    JSON_NULL,
    JSON_FALSE,
    JSON_TRUE,
    JSON_NUMBER,
    JSON_STRING,
    JSON_ARRAY,
    JSON_OBJECT
};

struct json_member;

struct json_value {
    enum json_type type;
    /*
     * STRING: the decoded bytes, NUL terminated, but "\u0000" may put NULs
     * inside, so LEN counts. NUMBER: the number's text as written.
     */
    char *str;
    size_t len;
    size_t count;                /* ARRAY and OBJECT: number of items */
    struct json_value *items;    /* ARRAY */
    struct json_member *members; /* OBJECT, in file order; keys may repeat */
};

struct json_member {
    char *key;
    size_t key_len;
    struct json_value value;
};

/*
 * Parses LEN bytes of TEXT (no NUL terminator needed) as one JSON value.
 * Returns the tree, to be freed with json_free, or NULL with ERR set to
 * "LINE:COLUMN: what is wrong".
 */
struct json_value *json_parse(const char *text, size_t len, struct errbuf *err);
void json_free(struct json_value *v);

/* Sets *OUT and returns 0 if V is a number written as an integer in range. */
int json_integer(const struct json_value *v, long long *out);

/* "a string", "an object", ... for messages. */
const char *json_type_name(enum json_type t);

#endif
