/* SPDX-License-Identifier: ISC */
#include <fcntl.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static int log_fd = -1;
static bool log_json, log_debug;

int oci_log_open(const char *path, bool json, bool debug)
{
    log_json = json;
    log_debug = debug;
    if (!path)
        return 0;
    log_fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0644);
    if (log_fd < 0) {
        fprintf(stderr, "ukvm-oci: --log %s: %m\n", path);
        return -1;
    }
    return 0;
}

int oci_log_fd(void)
{
    return log_fd;
}

void oci_now_rfc3339(char *buf, size_t len)
{
    struct timespec ts;
    struct tm tm;
    char sec[32];

    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strftime(sec, sizeof sec, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf, len, "%s.%09ldZ", sec, ts.tv_nsec);
}

/* One line to the log: JSON, or logfmt-like text. */
static void log_line(const char *level, const char *msg)
{
    char t[64], *line = NULL;
    size_t n;
    FILE *f;

    if (log_fd < 0)
        return;
    oci_now_rfc3339(t, sizeof t);
    f = open_memstream(&line, &n);
    if (!f)
        return;
    if (log_json) {
        struct json_object *o = json_object_new_object();

        json_object_object_add(o, "level", json_object_new_string(level));
        json_object_object_add(o, "msg", json_object_new_string(msg));
        json_object_object_add(o, "time", json_object_new_string(t));
        fprintf(f, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
        json_object_put(o);
    } else {
        fprintf(f, "time=\"%s\" level=%s msg=\"", t, level);
        for (const char *c = msg; *c; c++)
            fprintf(f, *c == '"' || *c == '\\' ? "\\%c" : "%c", *c);
        fprintf(f, "\"\n");
    }
    fclose(f);
    if (write(log_fd, line, n) < 0) {
        /* Nowhere left to say it. */
    }
    free(line);
}

static void vsay(const char *level, const char *fmt, va_list ap, bool to_stderr)
{
    char msg[1024];

    vsnprintf(msg, sizeof msg, fmt, ap);
    for (char *c = msg; *c; c++)
        if (*c == '\n')
            *c = ' ';
    if (to_stderr)
        fprintf(stderr, "ukvm-oci: %s\n", msg);
    log_line(level, msg);
}

void oci_error(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsay("error", fmt, ap, true);
    va_end(ap);
}

void oci_debug(const char *fmt, ...)
{
    va_list ap;

    if (!log_debug)
        return;
    va_start(ap, fmt);
    vsay("debug", fmt, ap, log_fd < 0);
    va_end(ap);
}
