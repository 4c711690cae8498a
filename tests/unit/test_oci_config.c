/* SPDX-License-Identifier: ISC */
/*
 * ukvm-oci's config.json checks (oci/config.c) and its rootfs resolution
 * (oci/rootfs.c): the configs runc, Docker, containerd and podman write
 * (tests/data/oci) give the plan they mean; malformed, hostile and
 * privileged ones are refused with one line naming the field.
 */
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "plan.h"
#include "rootfs.h"

static const char *data_dir = "tests/data/oci";

static char *slurp(const char *name)
{
    char path[512];
    FILE *f;
    char *buf;
    long n;

    snprintf(path, sizeof path, "%s/%s", data_dir, name);
    f = fopen(path, "r");
    if (!f) {
        printf("Bail out! %s: %m\n", path);
        exit(1);
    }
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    buf = calloc(1, (size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
        exit(1);
    fclose(f);
    return buf;
}

/* Parses TEXT: the status, the message in MSG. */
static int parse(const char *text, struct oci_plan *p, char *msg)
{
    struct errbuf err = { "" };
    int r = oci_plan_parse(p, text, strlen(text), &err);

    strcpy(msg, r < 0 ? err.msg : "");
    return r;
}

/*
 * BASE's JSON with the field at PATH ("process.args", "linux.devices")
 * set to VALUE (JSON text; NULL removes it). The caller frees the text.
 */
static char *with(const char *base, const char *path, const char *value)
{
    struct json_object *root = json_tokener_parse(base), *o = root, *next;
    char key[128], *dot, *text;
    const char *p = path;

    while ((dot = strchr(p, '.'))) {
        snprintf(key, sizeof key, "%.*s", (int)(dot - p), p);
        if (!json_object_object_get_ex(o, key, &next)) {
            next = json_object_new_object();
            json_object_object_add(o, key, next);
        }
        o = next;
        p = dot + 1;
    }
    if (value)
        json_object_object_add(o, p, json_tokener_parse(value));
    else
        json_object_object_del(o, p);
    text = strdup(json_object_to_json_string(root));
    json_object_put(root);
    return text;
}

/* Refused, with a one-line message holding WANT. */
static void refused(const char *base, const char *path, const char *value, const char *want)
{
    char *text = with(base, path, value), msg[256];
    struct oci_plan p;
    int r = parse(text, &p, msg);

    CHECK(r < 0 && strstr(msg, want) && !strchr(msg, '\n'),
          "config: %s = %.60s is refused: \"%s\"", path, value ? value : "(removed)", msg);
    oci_plan_free(&p);
    free(text);
}

static void accepted(const char *base, const char *path, const char *value)
{
    char *text = with(base, path, value), msg[256];
    struct oci_plan p;
    int r = parse(text, &p, msg);

    CHECK(r == 0, "config: %s = %.60s is accepted%s%s", path, value ? value : "(removed)",
          r ? ": " : "", msg);
    oci_plan_free(&p);
    free(text);
}

static void engine_configs(void)
{
    struct oci_plan p;
    char msg[256], *t;

    t = slurp("runc-spec.json");
    CHECK(parse(t, &p, msg) == 0, "runc spec's default config.json is accepted %s", msg);
    CHECK(p.terminal && !strcmp(p.unikernel, "sh") && p.nargs == 0 && !p.args[0],
          "runc spec: a terminal, args[0] the unikernel, no application arguments");
    CHECK(p.netns == OCI_NETNS_NEW && p.no_new_privs && p.nrlimits == 1 &&
          p.rlimit[0].soft == 1024 && !strcmp(p.root, "rootfs") && p.mem_mib == 0,
          "runc spec: a new network namespace, noNewPrivileges, RLIMIT_NOFILE, no memory limit");
    CHECK(p.has_cap_bounding && p.cap_bounding == (1ULL << 29 | 1ULL << 5 | 1ULL << 10),
          "runc spec: the bounding set is AUDIT_WRITE, KILL and NET_BIND_SERVICE (bits 29, 5, 10)");
    oci_plan_free(&p);
    free(t);

    t = slurp("docker.json");
    CHECK(parse(t, &p, msg) == 0, "Docker's config.json is accepted %s", msg);
    CHECK(!strcmp(p.unikernel, "/unikernel") && p.nargs == 1 && !strcmp(p.args[0], "--verbose"),
          "docker: args[0] the unikernel, the rest the application's");
    CHECK(p.mem_mib == 256 && p.netns == OCI_NETNS_NEW && p.root[0] == '/',
          "docker: -m 256m is --mem=256, a new network namespace, an absolute root");
    CHECK(p.nhooks[OCI_HOOK_PRESTART] == 1 &&
          !strcmp(p.hooks[OCI_HOOK_PRESTART][0].args[0], "libnetwork-setkey") &&
          p.hooks[OCI_HOOK_PRESTART][0].args[4] == NULL,
          "docker: libnetwork's prestart hook is kept, with its arguments");
    oci_plan_free(&p);
    free(t);

    t = slurp("containerd.json");
    CHECK(parse(t, &p, msg) == 0, "containerd's (CRI) config.json is accepted %s", msg);
    CHECK(p.netns == OCI_NETNS_PATH && !strcmp(p.netns_path, "/var/run/netns/cni-1234-5678"),
          "containerd: the CNI network namespace's path");
    CHECK(p.mem_mib == 128 && p.target == OCI_TARGET_HVT && p.has_oom_score_adj &&
          p.oom_score_adj == -997 && p.ngids == 1,
          "containerd: memory, org.ukvm.target, oomScoreAdj, additionalGids");
    CHECK(p.nblocks == 1 && !strcmp(p.block[0].name, "storage") &&
          !strcmp(p.block[0].path, "/data/disk.img") && p.nbinds == 0,
          "containerd: org.ukvm.block.storage names the block file");
    CHECK(strstr(p.annotations_json, "\"io.kubernetes.cri.sandbox-id\":\"9f\"") != NULL,
          "containerd: the annotations are kept for state");
    oci_plan_free(&p);
    free(t);

    t = slurp("podman.json");
    CHECK(parse(t, &p, msg) == 0, "podman's config.json is accepted %s", msg);
    CHECK(p.nargs == 2 && !strcmp(p.args[1], "world") && p.netns == OCI_NETNS_PATH &&
          p.nrlimits == 2, "podman: arguments, its netns path, two rlimits");
    oci_plan_free(&p);
    free(t);
}

static void malformed(void)
{
    static const char *const bad[] = {
        "", "{", "[]", "null", "\"config\"", "{\"ociVersion\":\"1.0.2\"} {}",
        "{\"ociVersion\":\"1.0.2\",}", "{'ociVersion':'1.0.2'}",
    };
    struct oci_plan p;
    char msg[256], *deep;
    size_t i;

    for (i = 0; i < sizeof bad / sizeof *bad; i++) {
        int r = parse(bad[i], &p, msg);

        CHECK(r < 0 && (strstr(msg, "not JSON") || strstr(msg, "not a JSON object")),
              "config: %s is refused as no JSON object: \"%s\"", bad[i], msg);
        oci_plan_free(&p);
    }
    deep = malloc(20001);
    memset(deep, '[', 10000);
    memset(deep + 10000, ']', 10000);
    deep[20000] = '\0';
    CHECK(parse(deep, &p, msg) < 0 && strstr(msg, "not JSON"),
          "config: 10000 nested arrays are refused (depth): \"%s\"", msg);
    oci_plan_free(&p);
    free(deep);
    {
        const char nul[] = "{\"ociVersion\":\"1.0.2\",\"root\":{\"path\":\"ro\\u0000ot\"}}";

        CHECK(parse(nul, &p, msg) < 0 && strstr(msg, "root.path: contains a NUL"),
              "config: a NUL inside root.path is refused: \"%s\"", msg);
        oci_plan_free(&p);
    }
    {
        size_t n = OCI_CONFIG_MAX + 2;
        char *big = malloc(n);
        struct errbuf err;

        memset(big, ' ', n);
        big[0] = '{';
        big[n - 2] = '}';
        big[n - 1] = '\0';
        CHECK(oci_plan_parse(&p, big, n - 1, &err) < 0 && strstr(err.msg, "more than"),
              "config: a config.json over 4 MiB is refused: \"%s\"", err.msg);
        oci_plan_free(&p);
        free(big);
    }
}

static void fields(const char *base)
{
    char many[16384], *s;
    int i;

    /* Types. */
    refused(base, "process.args", "\"/hello\"", "process.args: not an array");
    refused(base, "process.args", "[\"/hello\", 7]", "process.args[1]: not a string");
    refused(base, "process.args", "[]", "process.args: empty");
    refused(base, "process.args", NULL, "process.args: empty");
    refused(base, "process.terminal", "\"yes\"", "process.terminal: not true or false");
    refused(base, "process.user.uid", "-1", "process.user.uid: out of range");
    refused(base, "process.user.uid", "\"0\"", "process.user.uid: not an integer");
    refused(base, "process.user.uid", "4294967296", "process.user.uid: out of range");
    refused(base, "process.env", "[\"NOEQUALS\"]", "process.env[0]: not NAME=VALUE");
    refused(base, "linux.resources.memory.limit", "\"256m\"", "memory.limit: not an integer");
    refused(base, "linux.resources.memory.limit", "1048576", "less than the 2 MiB");
    refused(base, "process.rlimits", "[{\"type\":\"RLIMIT_BOGUS\",\"soft\":1,\"hard\":1}]",
            "RLIMIT_BOGUS is not a limit");
    refused(base, "process.rlimits", "[{\"type\":\"RLIMIT_NOFILE\",\"soft\":9,\"hard\":1}]",
            "soft 9 above hard 1");
    refused(base, "process.capabilities.bounding", "[\"CAP_KILL; rm\"]", "is not a capability");
    refused(base, "process.capabilities.effective", "[\"CAP_FROBNICATE\"]",
            "process.capabilities.effective[0]: CAP_FROBNICATE is not a capability");
    refused(base, "process.capabilities.bounding", "[\"KILL\"]", "KILL is not a capability");
    accepted(base, "process.capabilities.bounding", "[\"CAP_CHECKPOINT_RESTORE\", \"CAP_CHOWN\"]");
    refused(base, "process.oomScoreAdj", "1001", "process.oomScoreAdj: out of range");
    refused(base, "root", NULL, "root: missing");
    refused(base, "root.path", "\"\"", "root.path: missing");
    refused(base, "ociVersion", NULL, "ociVersion: missing");
    refused(base, "ociVersion", "\"2.0.0\"", "is not 1.0.x to 1.2.x");
    refused(base, "ociVersion", "\"1.3.0\"", "is not 1.0.x to 1.2.x");
    refused(base, "ociVersion", "\"1.0\"", "is not 1.0.x to 1.2.x");
    accepted(base, "ociVersion", "\"1.2.0\"");
    accepted(base, "ociVersion", "\"1.0.2-dev\"");
    /* Sizes. */
    accepted(base, "linux.resources.memory.limit", "4611686018427387904");
    {
        char *t = with(base, "linux.resources.memory.limit", "4611686018427387904"), msg[256];
        struct oci_plan p;

        CHECK(parse(t, &p, msg) == 0 && p.mem_mib == 4096,
              "config: a 4 EiB memory limit gives the monitors' most, 4096 MiB");
        oci_plan_free(&p);
        free(t);
        t = with(base, "linux.resources.memory.limit", "100000000");
        CHECK(parse(t, &p, msg) == 0 && p.mem_mib == 94,
              "config: a 100000000-byte limit gives --mem=94 (whole even MiB)");
        oci_plan_free(&p);
        free(t);
    }
    s = many;
    s += sprintf(s, "[\"/hello\"");
    for (i = 0; i < 300; i++)
        s += sprintf(s, ",\"a\"");
    strcpy(s, "]");
    refused(base, "process.args", many, "process.args: more than 256 entries");
    s = many;
    s += sprintf(s, "[\"/hello\",\"");
    memset(s, 'x', 8000);
    s += 8000;
    strcpy(s, "\",\"0123456789\",\"0123456789\",\"0123456789\",\"0123456789\",\"0123456789\","
              "\"0123456789\",\"0123456789\",\"0123456789\",\"0123456789\",\"0123456789\","
              "\"0123456789\",\"0123456789\",\"0123456789\",\"0123456789\",\"0123456789\","
              "\"0123456789\",\"0123456789\",\"0123456789\"]");
    refused(base, "process.args", many, "characters joined, more than the monitors' 8191");
    /* Paths that leave the bundle or the rootfs. */
    refused(base, "root.path", "\"../../etc\"", "root.path: ../../etc leaves the bundle");
    refused(base, "root.path", "\"rootfs/../..\"", "leaves the bundle");
    refused(base, "process.args", "[\"/../../../bin/sh\"]",
            "process.args[0]: /../../../bin/sh leaves the rootfs");
    refused(base, "annotations", "{\"org.ukvm.unikernel\":\"../x\"}",
            "annotations.org.ukvm.unikernel: ../x leaves the rootfs");
    refused(base, "annotations", "{\"org.ukvm.block.disk\":\"/a/../../b.img\"}",
            "annotations.org.ukvm.block.disk: /a/../../b.img leaves the rootfs");
    refused(base, "annotations", "{\"org.ukvm.block.d-1\":\"/b.img\"}", "not a device name");
    refused(base, "annotations", "{\"org.ukvm.target\":\"xen\"}", "xen is not hvt or spt");
    refused(base, "annotations", "{\"a\":1}", "annotations.a: not a string");
    /* Unknown fields. */
    refused(base, "frobnicate", "1", "frobnicate: unknown field");
    refused(base, "process.frobnicate", "1", "process.frobnicate: unknown field");
    refused(base, "linux.frobnicate", "{}", "linux.frobnicate: unknown field");
    refused(base, "linux.resources.frobnicate", "{}", "linux.resources.frobnicate: unknown field");
    refused(base, "root.frobnicate", "1", "root.frobnicate: unknown field");
    refused(base, "mounts", "[{\"destination\":\"/x\",\"type\":\"tmpfs\",\"frob\":1}]",
            "mounts[].frob: unknown field");
    refused(base, "annotations", "{\"org.ukvm.memory\":\"64\"}",
            "annotations.org.ukvm.memory: unknown");
    accepted(base, "annotations", "{\"com.example.anything\":\"goes\"}");
    /* Privileges that cannot be honoured. */
    refused(base, "process.selinuxLabel", "\"system_u:system_r:container_t:s0\"",
            "process.selinuxLabel: SELinux labels are not supported");
    accepted(base, "process.selinuxLabel", "\"\"");
    refused(base, "linux.mountLabel", "\"system_u:object_r:container_file_t:s0\"",
            "linux.mountLabel: SELinux labels are not supported");
    refused(base, "linux.uidMappings", "[{\"containerID\":0,\"hostID\":1000,\"size\":1}]",
            "user namespaces are not supported");
    refused(base, "linux.namespaces", "[{\"type\":\"user\"}]",
            "linux.namespaces: user namespaces are not supported");
    refused(base, "linux.namespaces", "[{\"type\":\"bogus\"}]", "bogus is not a namespace");
    refused(base, "linux.namespaces", "[{\"type\":\"network\",\"path\":\"netns\"}]",
            "path: not absolute");
    refused(base, "linux.devices", "[{\"path\":\"/dev/sda\",\"type\":\"b\",\"major\":8,\"minor\":0}]",
            "linux.devices: /dev/sda: host devices cannot reach a unikernel");
    accepted(base, "linux.devices", "[{\"path\":\"/dev/kvm\",\"type\":\"c\",\"major\":10,\"minor\":232}]");
    refused(base, "linux.intelRdt", "{\"closID\":\"x\"}", "linux.intelRdt: not supported");
    refused(base, "linux.personality", "{\"domain\":\"LINUX32\"}", "linux.personality: not supported");
    refused(base, "process.scheduler", "{\"policy\":\"SCHED_FIFO\"}", "process.scheduler: not supported");
    refused(base, "windows", "{}", "windows: not supported");
    refused(base, "process.commandLine", "\"a b\"", "process.commandLine: Windows only");
    refused(base, "hooks.createContainer", "[{\"path\":\"/bin/true\"}]",
            "hooks.createContainer: a unikernel has no container");
    refused(base, "hooks.prestart", "[{\"path\":\"true\"}]", "path: missing or not absolute");
    refused(base, "mounts", "[{\"destination\":\"/data\",\"type\":\"bind\",\"source\":\"/srv\","
            "\"options\":[\"rbind\"]}]",
            "mounts[0]: /data: a bind mount reaches a unikernel only as a block device");
    refused(base, "mounts", "[{\"destination\":\"/mnt\",\"type\":\"nfs\",\"source\":\"h:/x\"}]",
            "file system type nfs cannot reach a unikernel");
    refused(base, "mounts", "[{\"destination\":\"/d.img\",\"type\":\"bind\",\"source\":\"/srv/d.img\","
            "\"uidMappings\":[]}]", "id-mapped mounts are not supported");
    {
        char *t = with(base, "mounts", "[{\"destination\":\"/disk.img\",\"type\":\"bind\","
                       "\"source\":\"/srv/disk.img\",\"options\":[\"rbind\"]}]"), msg[256];
        struct oci_plan p;

        CHECK(parse(t, &p, msg) == 0 && p.nbinds == 1 &&
              !strcmp(p.bind[0].source, "/srv/disk.img"),
              "config: a bind mount to /NAME.img is a block device's file %s", msg);
        oci_plan_free(&p);
        free(t);
    }
}

/* rootfs.c: the unikernel and block files are found inside the rootfs,
 * whatever the symlinks say. */
static void rootfs(void)
{
    char dir[] = "/tmp/test_oci_rootfs.XXXXXX", path[256];
    struct errbuf err;
    int bundle, root, fd;

    if (!mkdtemp(dir)) {
        printf("Bail out! mkdtemp: %m\n");
        exit(1);
    }
    snprintf(path, sizeof path, "%s/rootfs", dir);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/secret", dir);
    close(open(path, O_WRONLY | O_CREAT, 0600));
    snprintf(path, sizeof path, "%s/rootfs/hello", dir);
    close(open(path, O_WRONLY | O_CREAT, 0755));
    snprintf(path, sizeof path, "%s/rootfs/abs", dir);
    if (symlink(dir, path) < 0) {
        /* The absolute link to the bundle's directory, outside the rootfs. */
    }
    snprintf(path, sizeof path, "%s/rootfs/rel", dir);
    if (symlink("../../../../secret", path) < 0) {
        /* checked below */
    }
    snprintf(path, sizeof path, "%s/rootfs/fifo", dir);
    mkfifo(path, 0600);
    snprintf(path, sizeof path, "%s/out", dir);
    if (symlink("/tmp", path) < 0) {
        /* checked below */
    }
    bundle = open(dir, O_PATH | O_DIRECTORY);
    root = rootfs_open(bundle, "rootfs", &err);
    CHECK(root >= 0, "rootfs: the bundle's rootfs opens");
    fd = rootfs_open_file(root, "/hello", O_RDONLY, &err);
    CHECK(fd >= 0, "rootfs: /hello opens");
    close(fd);
    fd = rootfs_open_file(root, "hello", O_RDONLY, &err);
    CHECK(fd >= 0, "rootfs: hello (relative) opens the same");
    close(fd);
    snprintf(path, sizeof path, "%s/secret", dir + 0);
    fd = rootfs_open_file(root, "/abs/secret", O_RDONLY, &err);
    CHECK(fd < 0 && strstr(err.msg, "/abs/secret: no such file in the rootfs"),
          "rootfs: an absolute symlink to the bundle's directory stays in the rootfs: \"%s\"",
          err.msg);
    fd = rootfs_open_file(root, "/rel", O_RDONLY, &err);
    CHECK(fd < 0 && strstr(err.msg, "/rel: no such file in the rootfs"),
          "rootfs: a ../../ symlink out of the rootfs stays in it: \"%s\"", err.msg);
    fd = rootfs_open_file(root, "/fifo", O_RDONLY, &err);
    CHECK(fd < 0 && strstr(err.msg, "/fifo: not a regular file"),
          "rootfs: a FIFO is refused without being opened: \"%s\"", err.msg);
    fd = rootfs_open_file(root, "/", O_RDONLY, &err);
    CHECK(fd < 0 && strstr(err.msg, "not a regular file"),
          "rootfs: a directory is refused: \"%s\"", err.msg);
    fd = rootfs_open(bundle, "out", &err);
    CHECK(fd < 0 && strstr(err.msg, "root.path: out: leaves the bundle"),
          "rootfs: a root.path symlink out of the bundle is refused: \"%s\"", err.msg);
    close(root);
    close(bundle);
    {
        char cmd[300];

        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            check_note("could not remove %s", dir);
    }
}

int main(void)
{
    char *base;

    if (getenv("OCI_TEST_DATA"))
        data_dir = getenv("OCI_TEST_DATA");
    engine_configs();
    malformed();
    base = slurp("runc-spec.json");
    fields(base);
    free(base);
    rootfs();
    return check_done();
}
