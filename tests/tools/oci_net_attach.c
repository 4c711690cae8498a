/* SPDX-License-Identifier: ISC */
/*
 * oci-net-attach: oci/net.c's three calls from the command line, for
 * tests/bats/oci_net.bats (run inside the "pod" namespace).
 *
 *   oci-net-attach attach TAP
 *       attaches; prints ifname=, tap=, mac=, addr=A/N, gw= (empty: none)
 *       and mtu= lines; exit 0, 1 when there is no interface to take, 2 on
 *       an error (one line on stderr)
 *   oci-net-attach exec TAP [--vnet] -- COMMAND [ARGS...]
 *       attaches, opens the tap (with virtio-net headers for --vnet) as
 *       descriptor 3 and runs COMMAND with {fd}, {mac}, {addr}, {gw} and
 *       {mtu} in its arguments replaced, as ukvm-oci would run the monitor
 *       ({gw} is 0.0.0.0 where there is no default route: no gateway, for
 *       the library OS's --ipv4-gateway=)
 *   oci-net-attach detach IFNAME TAP
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../oci/net.h"

static int usage(void)
{
    fprintf(stderr, "usage: oci-net-attach attach TAP | exec TAP [--vnet] -- COMMAND... | "
                    "detach IFNAME TAP\n");
    return 2;
}

/* ARG with each {key} of KEYS replaced by its value; never freed. */
static char *fill(const char *arg, const char *const keys[][2])
{
    size_t cap = strlen(arg) + 1;
    char *out;

    for (int k = 0; keys[k][0]; k++)
        cap += strlen(keys[k][1]) * (strlen(arg) / strlen(keys[k][0]) + 1);
    out = malloc(cap);
    if (!out)
        exit(2);
    *out = '\0';
    while (*arg) {
        int k;
        for (k = 0; keys[k][0]; k++)
            if (strncmp(arg, keys[k][0], strlen(keys[k][0])) == 0)
                break;
        if (keys[k][0]) {
            strcat(out, keys[k][1]);
            arg += strlen(keys[k][0]);
        } else {
            strncat(out, arg, 1);
            arg++;
        }
    }
    return out;
}

int main(int argc, char **argv)
{
    struct oci_net n;
    char err[512], mac[18], addr[24], ip[16], gw[16] = "", mtu[16], fdbuf[16];
    int r;

    if (argc == 4 && strcmp(argv[1], "detach") == 0) {
        memset(&n, 0, sizeof n);
        snprintf(n.ifname, sizeof n.ifname, "%s", argv[2]);
        snprintf(n.tap, sizeof n.tap, "%s", argv[3]);
        oci_net_detach(&n);
        return 0;
    }
    if (argc < 3 || (strcmp(argv[1], "attach") != 0 && strcmp(argv[1], "exec") != 0))
        return usage();
    r = oci_net_attach(argv[2], &n, err, sizeof err);
    if (r < 0) {
        fprintf(stderr, "oci-net-attach: %s\n", err);
        return 2;
    }
    if (r == 1) {
        fprintf(stderr, "oci-net-attach: no interface with an IPv4 address\n");
        return 1;
    }
    oci_net_format_mac(n.mac, mac);
    oci_net_format_ip(n.addr, ip);
    snprintf(addr, sizeof addr, "%s/%d", ip, n.prefix);
    if (n.has_gw)
        oci_net_format_ip(n.gw, gw);
    snprintf(mtu, sizeof mtu, "%d", n.mtu);
    if (strcmp(argv[1], "attach") == 0) {
        if (argc != 3)
            return usage();
        printf("ifname=%s\ntap=%s\nmac=%s\naddr=%s\ngw=%s\nmtu=%s\n", n.ifname, n.tap, mac,
               addr, gw, mtu);
        return 0;
    }
    int i = 3, vnet = 0, fd;
    if (!n.has_gw)
        strcpy(gw, "0.0.0.0");
    if (i < argc && strcmp(argv[i], "--vnet") == 0) {
        vnet = 1;
        i++;
    }
    if (i + 1 >= argc || strcmp(argv[i], "--") != 0)
        return usage();
    i++;
    fd = oci_net_open_tap(&n, vnet, err, sizeof err);
    /* dup2 clears close-on-exec, except onto itself. */
    if (fd < 0 || (fd == 3 ? fcntl(fd, F_SETFD, 0) : dup2(fd, 3)) < 0) {
        fprintf(stderr, "oci-net-attach: %s\n", fd < 0 ? err : "dup2 failed");
        oci_net_detach(&n);
        return 2;
    }
    snprintf(fdbuf, sizeof fdbuf, "3");
    const char *const keys[][2] = { { "{fd}", fdbuf }, { "{mac}", mac }, { "{addr}", addr },
                                    { "{gw}", gw }, { "{mtu}", mtu }, { NULL, NULL } };
    char **args = calloc((size_t)(argc - i + 1), sizeof *args);
    if (!args)
        return 2;
    for (int j = i; j < argc; j++)
        args[j - i] = fill(argv[j], keys);
    execvp(args[0], args);
    perror(args[0]);
    oci_net_detach(&n);
    return 2;
}
