/* SPDX-License-Identifier: ISC */
/*
 * http_path.h: from a request target to a key of the store, and back to
 * a URL path for redirects. Pure functions.
 */
#ifndef HTTP_PATH_H
#define HTTP_PATH_H

#include <stdbool.h>
#include <stddef.h>

/* The longest key http_target_key makes, without its NUL. */
#define HTTP_KEY_MAX 1023

/*
 * Turns target (origin form "/a/b?q", or absolute form "http://host/a/b")
 * into the key "a/b": the query and fragment are dropped, %XX escapes
 * decoded, empty and "." segments skipped. A target naming a directory
 * ("/", "/sub/") gets "index.html" appended and *is_dir set.
 * key must hold HTTP_KEY_MAX + 1 bytes. Returns 0, or the error status:
 *   400  not starting with "/", a bad or NUL escape, a control character,
 *        a ".." segment (nothing may reach outside the site)
 *   414  a key longer than HTTP_KEY_MAX
 */
int http_target_key(const char *target, size_t len, char *key, bool *is_dir);

/*
 * Writes "/" key "/" into out (size bytes), percent-encoding what a URL
 * path may not hold: the Location of a redirect from a directory's name
 * to the directory. Returns the length, or 0 if it does not fit.
 */
size_t http_dir_location(const char *key, char *out, size_t size);

#endif
