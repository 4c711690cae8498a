/* SPDX-License-Identifier: ISC */
/* The checked getters config.json's readers share: each refuses a
 * wrong type, a size past its bound or an unknown key, naming where. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_json.h"

/* Refuses any key of OBJ (at WHERE) not in the NULL-terminated KEYS. */
int cfg_only_keys(J *obj, const char *where, const char *const *keys,
                     struct errbuf *err)
{
    json_object_object_foreach(obj, k, v) {
        const char *const *p;

        (void)v;
        for (p = keys; *p && strcmp(*p, k); p++)
            ;
        if (!*p)
            return err_set(err, "%s%s%.64s: unknown field", where,
                           *where ? "." : "", k);
    }
    return 0;
}

J *cfg_get(J *obj, const char *key)
{
    J *v;

    return json_object_object_get_ex(obj, key, &v) ? v : NULL;
}

/* Type checks: each returns 0, or -1 naming WHERE. A JSON null counts as
 * absent. */
int cfg_want(J *v, enum json_type t, const char *where, const char *what,
                struct errbuf *err)
{
    if (!json_object_is_type(v, t))
        return err_set(err, "%s: not %s", where, what);
    return 0;
}

int cfg_obj(J *obj, const char *key, J **out, const char *where,
                   struct errbuf *err)
{
    *out = cfg_get(obj, key);
    if (!*out)
        return 0;
    return cfg_want(*out, json_type_object, where, "an object", err);
}

int cfg_arr(J *obj, const char *key, J **out, const char *where,
                   size_t max, struct errbuf *err)
{
    *out = cfg_get(obj, key);
    if (!*out)
        return 0;
    if (cfg_want(*out, json_type_array, where, "an array", err) < 0)
        return -1;
    if (json_object_array_length(*out) > max)
        return err_set(err, "%s: more than %zu entries", where, max);
    return 0;
}

int cfg_str(J *obj, const char *key, const char **out, size_t max,
                   const char *where, struct errbuf *err)
{
    J *v = cfg_get(obj, key);

    *out = NULL;
    if (!v)
        return 0;
    if (cfg_want(v, json_type_string, where, "a string", err) < 0)
        return -1;
    if ((size_t)json_object_get_string_len(v) > max)
        return err_set(err, "%s: longer than %zu bytes", where, max);
    if (strlen(json_object_get_string(v)) != (size_t)json_object_get_string_len(v))
        return err_set(err, "%s: contains a NUL byte", where);
    *out = json_object_get_string(v);
    return 0;
}

int cfg_bool(J *obj, const char *key, bool *out, const char *where,
                    struct errbuf *err)
{
    J *v = cfg_get(obj, key);

    *out = false;
    if (!v)
        return 0;
    if (cfg_want(v, json_type_boolean, where, "true or false", err) < 0)
        return -1;
    *out = json_object_get_boolean(v);
    return 0;
}

/* An integer in [MIN, MAX]; *SET says whether it was there. */
int cfg_int(J *obj, const char *key, long long min, long long max,
                   long long *out, bool *set, const char *where,
                   struct errbuf *err)
{
    J *v = cfg_get(obj, key);
    long long n;

    *set = false;
    if (!v)
        return 0;
    if (!json_object_is_type(v, json_type_int))
        return err_set(err, "%s: not an integer", where);
    errno = 0;
    n = json_object_get_int64(v);
    if (errno || n < min || n > max)
        return err_set(err, "%s: out of range %lld to %lld", where, min, max);
    *out = n;
    *set = true;
    return 0;
}

/* Each entry of array ARR (at WHERE) a string of at most MAX bytes. */
int cfg_strings(J *arr, const char *where, size_t max, struct errbuf *err)
{
    size_t i, n = arr ? json_object_array_length(arr) : 0;

    for (i = 0; i < n; i++) {
        J *s = json_object_array_get_idx(arr, i);

        if (!json_object_is_type(s, json_type_string))
            return err_set(err, "%s[%zu]: not a string", where, i);
        if ((size_t)json_object_get_string_len(s) > max ||
            strlen(json_object_get_string(s)) != (size_t)json_object_get_string_len(s))
            return err_set(err, "%s[%zu]: longer than %zu bytes or with a NUL",
                           where, i, max);
    }
    return 0;
}

/* A NULL-terminated copy of ARR's string pointers (into the tree). */
const char **cfg_string_vector(J *arr)
{
    size_t i, n = arr ? json_object_array_length(arr) : 0;
    const char **v = calloc(n + 1, sizeof *v);

    if (!v)
        return NULL;
    for (i = 0; i < n; i++)
        v[i] = json_object_get_string(json_object_array_get_idx(arr, i));
    return v;
}
