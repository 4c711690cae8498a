/* SPDX-License-Identifier: ISC */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "state.h"

int state_path(struct oci_state *s, const char *root, const char *id, struct errbuf *err)
{
    size_t n = strlen(id);

    if (n == 0 || n > OCI_ID_MAX ||
        id[strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.+-")] ||
        !strcmp(id, ".") || !strcmp(id, ".."))
        return err_set(err, "container id %.64s%s: 1 to %d of A-Z a-z 0-9 _ . + -",
                       id, n > 64 ? "..." : "", OCI_ID_MAX);
    if (strlen(root) >= OCI_PATH_MAX)
        return err_set(err, "--root: too long");
    memcpy(s->id, id, n + 1);
    snprintf(s->dir, sizeof s->dir, "%s/%s", root, id);
    return 0;
}

static void mac_text(const unsigned char *m, char *out)
{
    sprintf(out, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

int state_write(const struct oci_state *s, struct errbuf *err)
{
    struct json_object *o = json_object_new_object(), *ann;
    char tmp[sizeof s->dir + 32], final[sizeof s->dir + 32], mac[18];
    const char *text;
    int fd, r = 0;

    json_object_object_add(o, "id", json_object_new_string(s->id));
    json_object_object_add(o, "pid", json_object_new_int(s->pid));
    json_object_object_add(o, "startTime", json_object_new_uint64(s->start_time));
    json_object_object_add(o, "bundle", json_object_new_string(s->bundle));
    json_object_object_add(o, "created", json_object_new_string(s->created));
    json_object_object_add(o, "target", json_object_new_string(s->target));
    ann = json_tokener_parse(s->annotations);
    json_object_object_add(o, "annotations", ann ? ann : json_object_new_object());
    json_object_object_add(o, "netns", json_object_new_int(s->netns));
    json_object_object_add(o, "netnsPath", json_object_new_string(s->netns_path));
    if (s->has_net) {
        struct json_object *n = json_object_new_object();
        char a[INET_ADDRSTRLEN];

        json_object_object_add(n, "ifname", json_object_new_string(s->net.ifname));
        json_object_object_add(n, "tap", json_object_new_string(s->net.tap));
        mac_text(s->net.mac, mac);
        json_object_object_add(n, "mac", json_object_new_string(mac));
        inet_ntop(AF_INET, s->net.addr, a, sizeof a);
        json_object_object_add(n, "address", json_object_new_string(a));
        json_object_object_add(n, "prefix", json_object_new_int(s->net.prefix));
        json_object_object_add(o, "net", n);
    }
    text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
    snprintf(tmp, sizeof tmp, "%s/state.json.tmp", s->dir);
    snprintf(final, sizeof final, "%s/state.json", s->dir);
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text) ||
        fsync(fd) < 0 || close(fd) < 0 || rename(tmp, final) < 0)
        r = err_set(err, "%s: %m", final);
    json_object_put(o);
    return r;
}

static const char *str(struct json_object *o, const char *key)
{
    struct json_object *v;

    return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string)
               ? json_object_get_string(v) : "";
}

static long long num(struct json_object *o, const char *key)
{
    struct json_object *v;

    return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_int)
               ? json_object_get_int64(v) : 0;
}

int state_read(struct oci_state *s, const char *root, const char *id, struct errbuf *err)
{
    char path[sizeof s->dir + 32];
    struct json_object *o, *n;

    memset(s, 0, sizeof *s);
    if (state_path(s, root, id, err) < 0)
        return -1;
    snprintf(path, sizeof path, "%s/state.json", s->dir);
    o = json_object_from_file(path);
    if (!o) {
        if (access(path, F_OK) < 0 && errno == ENOENT)
            return err_set(err, "container %s does not exist", id);
        return err_set(err, "%s: unreadable", path);
    }
    s->pid = (pid_t)num(o, "pid");
    {
        struct json_object *v;

        if (json_object_object_get_ex(o, "startTime", &v))
            s->start_time = json_object_get_uint64(v);
    }
    snprintf(s->bundle, sizeof s->bundle, "%s", str(o, "bundle"));
    snprintf(s->created, sizeof s->created, "%s", str(o, "created"));
    snprintf(s->target, sizeof s->target, "%s", str(o, "target"));
    s->netns = (int)num(o, "netns");
    snprintf(s->netns_path, sizeof s->netns_path, "%s", str(o, "netnsPath"));
    if (json_object_object_get_ex(o, "annotations", &n))
        snprintf(s->annotations, sizeof s->annotations, "%s",
                 json_object_to_json_string_ext(n, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
    if (json_object_object_get_ex(o, "net", &n)) {
        s->has_net = true;
        snprintf(s->net.ifname, sizeof s->net.ifname, "%s", str(n, "ifname"));
        snprintf(s->net.tap, sizeof s->net.tap, "%s", str(n, "tap"));
    }
    json_object_put(o);
    if (s->pid <= 0)
        return err_set(err, "%s: no pid", path);
    return 0;
}

unsigned long long process_start_time(pid_t pid)
{
    char path[64], buf[1024], *p, state;
    unsigned long long t = 0;
    ssize_t n;
    int fd, i;

    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    /* The name, field 2, may hold anything: the fields start after its
     * last ')'. Field 3 is the state, 22 the start time. */
    p = strrchr(buf, ')');
    if (!p || sscanf(p + 1, " %c", &state) != 1 || state == 'Z' || state == 'X')
        return 0;
    for (i = 3; i <= 22 && p; i++)
        p = strchr(p + 1, ' ');
    if (!p || sscanf(p, " %llu", &t) != 1)
        return 0;
    return t;
}

bool state_alive(const struct oci_state *s)
{
    unsigned long long t = process_start_time(s->pid);

    return t && t == s->start_time;
}

enum oci_status state_status(const struct oci_state *s)
{
    char fifo[sizeof s->dir + 32];

    if (!state_alive(s))
        return OCI_STOPPED;
    snprintf(fifo, sizeof fifo, "%s/start.fifo", s->dir);
    return access(fifo, F_OK) == 0 ? OCI_CREATED : OCI_RUNNING;
}

const char *status_name(enum oci_status st)
{
    return st == OCI_CREATED ? "created" : st == OCI_RUNNING ? "running" : "stopped";
}

char *state_json(const struct oci_state *s, enum oci_status st)
{
    struct json_object *o = json_object_new_object(), *ann;
    char *text;

    json_object_object_add(o, "ociVersion", json_object_new_string("1.2.0"));
    json_object_object_add(o, "id", json_object_new_string(s->id));
    json_object_object_add(o, "status", json_object_new_string(status_name(st)));
    json_object_object_add(o, "pid", json_object_new_int(st == OCI_STOPPED ? 0 : s->pid));
    json_object_object_add(o, "bundle", json_object_new_string(s->bundle));
    ann = json_tokener_parse(s->annotations);
    json_object_object_add(o, "annotations", ann ? ann : json_object_new_object());
    /* runc's extra field, which engines show. */
    json_object_object_add(o, "created", json_object_new_string(s->created));
    text = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(o);
    return text;
}

int state_remove(const struct oci_state *s, struct errbuf *err)
{
    static const char *const files[] = { "state.json", "state.json.tmp", "start.fifo", NULL };
    char path[sizeof s->dir + 32];
    const char *const *f;

    for (f = files; *f; f++) {
        snprintf(path, sizeof path, "%s/%s", s->dir, *f);
        if (unlink(path) < 0 && errno != ENOENT)
            return err_set(err, "%s: %m", path);
    }
    if (rmdir(s->dir) < 0 && errno != ENOENT)
        return err_set(err, "%s: %m", s->dir);
    return 0;
}

/* --root and the directories above it, as runc makes them (0711). */
int state_make_root(const char *path)
{
    char buf[PATH_MAX];
    size_t i, n = strlen(path);

    if (n >= sizeof buf) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(buf, path, n + 1);
    for (i = 1; i <= n; i++) {
        if (buf[i] != '/' && buf[i] != '\0')
            continue;
        buf[i] = '\0';
        if (mkdir(buf, 0711) < 0 && errno != EEXIST)
            return -1;
        buf[i] = i < n ? '/' : '\0';
    }
    return 0;
}
