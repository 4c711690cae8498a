/* SPDX-License-Identifier: ISC */
/*
 * tree.c: collects the files of a directory tree for ukvm-crunch, with
 * the checks that keep the store to what the directory plainly holds.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crunch.h"

struct walk {
    const char *dir;        /* as given, for messages */
    char *root;             /* its real path */
    struct crunch_tree *tree;
};

/* a "/" b, or b alone when a is empty; NULL when out of memory. */
static char *join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = malloc(la + lb + 2);

    if (s == NULL)
        return NULL;
    memcpy(s, a, la);
    if (la > 0)
        s[la++] = '/';
    memcpy(s + la, b, lb + 1);
    return s;
}

/* The path for a one-line message: control characters become '?'. */
static const char *printable(char *path)
{
    for (char *p = path; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
    return path;
}

static int has_control_char(const char *name)
{
    for (; *name; name++)
        if ((unsigned char)*name < 0x20 || *name == 0x7f)
            return 1;
    return 0;
}

static int add_file(struct crunch_tree *tree, char *key, char *path)
{
    if (tree->count == tree->capacity) {
        size_t n = tree->capacity ? 2 * tree->capacity : 64;
        struct crunch_file *f = realloc(tree->files, n * sizeof(*f));

        if (f == NULL) {
            crunch_error("out of memory");
            return -1;
        }
        tree->files = f;
        tree->capacity = n;
    }
    tree->files[tree->count].key = key;
    tree->files[tree->count].path = path;
    tree->count++;
    return 0;
}

/* A symbolic link is kept only if it leads to a regular file in dir. */
static int check_link(const struct walk *w, char *path)
{
    char *real = realpath(path, NULL);
    size_t n = strlen(w->root);
    struct stat st;
    int rc = -1;

    if (real == NULL) {
        crunch_error("%s: broken symbolic link", printable(path));
        return -1;
    }
    if (strcmp(w->root, "/") != 0 &&
        (strncmp(real, w->root, n) != 0 || real[n] != '/'))
        crunch_error("%s: symbolic link leads outside %s", printable(path),
                     w->dir);
    else if (stat(real, &st) != 0)
        crunch_error("%s: %s", printable(path), strerror(errno));
    else if (S_ISDIR(st.st_mode))
        crunch_error("%s: symbolic link to a directory (not supported)",
                     printable(path));
    else if (!S_ISREG(st.st_mode))
        crunch_error("%s: symbolic link to something not a regular file",
                     printable(path));
    else
        rc = 0;
    free(real);
    return rc;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of directory path except "." and "..", sorted. */
static char **list_dir(const char *path, size_t *count)
{
    DIR *d = opendir(path);
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, cap = 0;

    if (d == NULL)
        return NULL;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (n == cap) {
            char **more = realloc(names, (cap = cap ? 2 * cap : 16) *
                                  sizeof(*names));
            if (more == NULL)
                goto fail;
            names = more;
        }
        if ((names[n] = strdup(e->d_name)) == NULL)
            goto fail;
        n++;
    }
    closedir(d);
    if (n > 0)
        qsort(names, n, sizeof(*names), compare_names);
    *count = n;
    return names != NULL ? names : calloc(1, sizeof(*names));
fail:
    closedir(d);
    while (n > 0)
        free(names[--n]);
    free(names);
    errno = ENOMEM;
    return NULL;
}

static int walk_dir(struct walk *w, const char *path, const char *prefix)
{
    size_t count = 0, i;
    char **names = list_dir(path, &count);
    int rc = 0;

    if (names == NULL) {
        char *p = strdup(path);

        crunch_error("%s: %s", p ? printable(p) : path, strerror(errno));
        free(p);
        return -1;
    }
    for (i = 0; i < count && rc == 0; i++) {
        char *child = join(path, names[i]);
        char *key = join(prefix, names[i]);
        struct stat st;

        rc = -1;
        if (child == NULL || key == NULL)
            crunch_error("out of memory");
        else if (has_control_char(names[i]))
            crunch_error("%s: name has a control character",
                         printable(child));
        else if (lstat(child, &st) != 0)
            crunch_error("%s: %s", printable(child), strerror(errno));
        else if (S_ISDIR(st.st_mode))
            rc = walk_dir(w, child, key);
        else if (S_ISREG(st.st_mode) ||
                 (S_ISLNK(st.st_mode) && check_link(w, child) == 0)) {
            rc = add_file(w->tree, key, child);
            if (rc == 0)
                child = key = NULL;     /* the tree owns them now */
        } else if (!S_ISLNK(st.st_mode))
            crunch_error("%s: not a regular file, directory or symbolic link",
                         printable(child));
        free(child);
        free(key);
    }
    for (i = 0; i < count; i++)
        free(names[i]);
    free(names);
    return rc;
}

static int compare_files(const void *a, const void *b)
{
    return strcmp(((const struct crunch_file *)a)->key,
                  ((const struct crunch_file *)b)->key);
}

int crunch_tree_read(const char *dir, struct crunch_tree *tree)
{
    struct walk w = { .dir = dir, .tree = tree };
    struct stat st;
    char *top;
    int rc;

    if (stat(dir, &st) != 0) {
        crunch_error("%s: %s", dir, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        crunch_error("%s: not a directory", dir);
        return -1;
    }
    w.root = realpath(dir, NULL);
    if (w.root == NULL) {
        crunch_error("%s: %s", dir, strerror(errno));
        return -1;
    }
    /* "data/" and "data" give the same paths in messages. */
    top = strdup(dir);
    if (top == NULL) {
        crunch_error("out of memory");
        free(w.root);
        return -1;
    }
    for (size_t n = strlen(top); n > 1 && top[n - 1] == '/'; n--)
        top[n - 1] = 0;
    rc = walk_dir(&w, top, "");
    free(top);
    free(w.root);
    if (rc == 0 && tree->count > 0)
        qsort(tree->files, tree->count, sizeof(*tree->files), compare_files);
    return rc;
}

void crunch_tree_free(struct crunch_tree *tree)
{
    for (size_t i = 0; i < tree->count; i++) {
        free(tree->files[i].key);
        free(tree->files[i].path);
    }
    free(tree->files);
    tree->files = NULL;
    tree->count = tree->capacity = 0;
}
