/* SPDX-License-Identifier: ISC */
/*
 * Inside config.c and its parts: json-c trees read with checks. Each
 * cfg_* returns 0, or -1 with a message naming WHERE; a missing key is no
 * error (the output is NULL, false or unset).
 */
#ifndef UKVM_OCI_CONFIG_JSON_H
#define UKVM_OCI_CONFIG_JSON_H

#include <json-c/json.h>
#include <stdbool.h>

#include "plan.h"

typedef struct json_object J;

int cfg_only_keys(J *obj, const char *where, const char *const *keys, struct errbuf *err);
J *cfg_get(J *obj, const char *key);
int cfg_want(J *v, enum json_type t, const char *where, const char *what, struct errbuf *err);
int cfg_obj(J *obj, const char *key, J **out, const char *where, struct errbuf *err);
int cfg_arr(J *obj, const char *key, J **out, const char *where, size_t max,
            struct errbuf *err);
int cfg_str(J *obj, const char *key, const char **out, size_t max, const char *where,
            struct errbuf *err);
int cfg_bool(J *obj, const char *key, bool *out, const char *where, struct errbuf *err);
int cfg_int(J *obj, const char *key, long long min, long long max, long long *out,
            bool *set, const char *where, struct errbuf *err);
int cfg_strings(J *arr, const char *where, size_t max, struct errbuf *err);
const char **cfg_string_vector(J *arr);

/* The sections, each filling its part of the plan. */
int config_process(J *root, struct oci_plan *p, struct errbuf *err);
int config_mounts(J *root, J *annotations, struct oci_plan *p, struct errbuf *err);
int config_hooks(J *root, struct oci_plan *p, struct errbuf *err);
int config_linux(J *root, struct oci_plan *p, struct errbuf *err);

#endif
