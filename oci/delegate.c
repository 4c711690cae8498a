/* SPDX-License-Identifier: ISC */
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "delegate.h"
#include "log.h"
#include "state.h"

/* create's --bundle (or -b), default ".". */
static const char *bundle_of(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if ((!strcmp(argv[i], "--bundle") || !strcmp(argv[i], "-b") ||
             !strcmp(argv[i], "-bundle")) && i + 1 < argc)
            return argv[i + 1];
        if (!strncmp(argv[i], "--bundle=", 9))
            return argv[i] + 9;
    }
    return ".";
}

/* Whether BUNDLE's config.json is a CRI sandbox (a pod's pause container). */
static int is_sandbox(const char *bundle)
{
    static const char *const keys[] = { "io.kubernetes.cri.container-type",
                                        "io.kubernetes.cri-o.ContainerType", NULL };
    char path[PATH_MAX];
    struct json_object *root, *ann, *v;
    int yes = 0;

    if (snprintf(path, sizeof path, "%s/config.json", bundle) >= (int)sizeof path)
        return 0;
    root = json_object_from_file(path);
    if (!root)
        return 0;     /* create will say what is wrong with it */
    if (json_object_object_get_ex(root, "annotations", &ann))
        for (const char *const *k = keys; *k; k++)
            if (json_object_object_get_ex(ann, *k, &v) &&
                json_object_is_type(v, json_type_string) &&
                !strcmp(json_object_get_string(v), "sandbox"))
                yes = 1;
    json_object_put(root);
    return yes;
}

static int marker(const struct oci_global *g, const char *id, char *out, size_t len)
{
    struct oci_state s;

    if (state_path(&s, g->root, id, NULL) < 0)
        return -1;
    return snprintf(out, len, "%s.runc", s.dir) >= (int)len ? -1 : 0;
}

/* runc's command line: ours with --root DIR/runc, without --monitor-dir. */
static char **runc_argv(const struct oci_global *g, int argc, char **argv, int global_end)
{
    char **v = calloc((size_t)argc + 4, sizeof *v), *root;
    int n = 0, i;

    if (!v || asprintf(&root, "%s/runc", g->root) < 0)
        return NULL;
    v[n++] = getenv("UKVM_OCI_RUNC") && *getenv("UKVM_OCI_RUNC") ? getenv("UKVM_OCI_RUNC")
                                                                  : "runc";
    v[n++] = "--root";
    v[n++] = root;
    for (i = 1; i < global_end; i++) {
        if (!strcmp(argv[i], "--root") || !strcmp(argv[i], "--monitor-dir")) {
            i++;
            continue;
        }
        if (!strncmp(argv[i], "--root=", 7) || !strncmp(argv[i], "--monitor-dir=", 14))
            continue;
        v[n++] = argv[i];
    }
    for (i = global_end; i < argc; i++)
        v[n++] = argv[i];
    v[n] = NULL;
    return v;
}

int delegate_maybe(const struct oci_global *g, int argc, char **argv, int global_end)
{
    const char *cmd = argv[global_end];
    char mark[PATH_MAX] = "", **v;
    int i, status, fd;
    pid_t pid;

    if (!strcmp(cmd, "create")) {
        if (global_end + 1 >= argc || !is_sandbox(bundle_of(argc - global_end, argv + global_end)))
            return -1;
        if (marker(g, argv[argc - 1], mark, sizeof mark) < 0)
            return -1;          /* a bad ID: create says so */
        state_make_root(g->root);
        fd = open(mark, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0) {
            oci_error("%s: %m", mark);
            return 1;
        }
        close(fd);
    } else {
        /* Any argument that names a container handed to runc. */
        for (i = global_end + 1; i < argc && !*mark; i++)
            if (marker(g, argv[i], mark, sizeof mark) == 0 && access(mark, F_OK) != 0)
                *mark = '\0';
        if (!*mark)
            return -1;
    }
    v = runc_argv(g, argc, argv, global_end);
    if (!v) {
        oci_error("out of memory");
        return 1;
    }
    oci_debug("%s: a Kubernetes sandbox container, run by %s", cmd, v[0]);
    pid = fork();
    if (pid == 0) {
        execvp(v[0], v);
        oci_error("%s: %m (ukvm-oci hands Kubernetes' sandbox containers to runc)", v[0]);
        _exit(127);
    }
    if (pid < 0 || waitpid(pid, &status, 0) < 0) {
        oci_error("%s: %m", v[0]);
        return 1;
    }
    status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    /* The mark lives as long as runc's container. */
    if ((!strcmp(cmd, "create") && status != 0) || (!strcmp(cmd, "delete") && status == 0))
        unlink(mark);
    return status;
}
