/* SPDX-License-Identifier: ISC */
/*
 * Networking for ukvm-oci: the container's network namespace, as CNI
 * left it (a veth with the pod's IPv4 address and a default route), is
 * handed to the unikernel. A tap is created beside the veth and tc
 * ingress redirects join the two both ways, so every frame that reaches
 * the veth goes to the guest and every frame the guest sends leaves by
 * the veth. The guest takes the veth's MAC and address (passed as
 * --net-mac:service0=MAC and --ipv4=A/N --ipv4-gateway=G) and answers
 * on the pod's IP, with no NAT and no bridge. docs/containers.md.
 */
#ifndef UKVM_OCI_NET_H
#define UKVM_OCI_NET_H

#include <stddef.h>

struct oci_net {
    char ifname[16];        /* the CNI interface, e.g. "eth0" */
    char tap[16];           /* the tap made beside it */
    unsigned char mac[6];   /* the interface's MAC: the guest's */
    unsigned char addr[4];  /* its IPv4 address: the guest's */
    int prefix;             /* its prefix length */
    unsigned char gw[4];    /* the namespace's default gateway */
    int has_gw;             /* 0: no IPv4 default route */
    int mtu;                /* the interface's MTU, given to the tap too */
};

/*
 * In the current network namespace (the container's): finds the CNI
 * interface (the one non-loopback interface with an IPv4 address; with
 * several, the one of the default route, else the lowest index), creates
 * the persistent tap TAP_NAME (root's, as ip tuntap makes it) with the
 * interface's MTU, and connects the two both ways with tc ingress
 * redirects. Of several IPv4 addresses the first the kernel lists (the
 * primary) is the guest's. The interface keeps its address: its ingress
 * all goes to the guest, so the namespace's own stack never answers for
 * it. Returns 0 and fills OUT; 1 when there is no such interface (no
 * networking: OUT is zeroed); -1 with a one-line message in ERR, having
 * undone what it did. Runs ip and tc (iproute2) from PATH, else from
 * /usr/sbin, /sbin, /usr/bin or /bin, 10 s at most each.
 */
int oci_net_attach(const char *tap_name, struct oci_net *out, char *err, size_t errlen);

/*
 * Removes the tap and the filters (only IFNAME and TAP of N are used, so a
 * later process may pass what it saved). Quiet and idempotent: what is
 * already gone is no error. Call it in the same network namespace.
 */
void oci_net_detach(const struct oci_net *n);

/*
 * Opens N's tap for the monitor's --net:service0=@FD (instead of passing
 * the name, for a monitor without CAP_NET_ADMIN or under seccomp). VNET:
 * with virtio-net headers (IFF_VNET_HDR), for unikernels built with ukvm,
 * which then get offloads; 0 for any unikernel (Solo5's too). The fd is
 * close-on-exec: dup2 it into the child. A tap takes one open file at a
 * time: close it before the monitor opens the tap by name. Returns the
 * fd, or -1 with a message in ERR.
 */
int oci_net_open_tap(const struct oci_net *n, int vnet, char *err, size_t errlen);

/* "02:00:0a:00:00:02" and "10.0.0.2": into BUF (18 and 16 bytes). */
void oci_net_format_mac(const unsigned char mac[6], char buf[18]);
void oci_net_format_ip(const unsigned char ip[4], char buf[16]);

/*
 * The parts that read no system state, for the unit tests.
 * oci_net_default_route: from the text of /proc/net/route, the interface
 * (IFNAME, 16 bytes) and gateway of the IPv4 default route of lowest
 * metric (the first such line on a tie); 0 if found, 1 if there is none.
 */
int oci_net_default_route(const char *route_text, char ifname[16], unsigned char gw[4]);

struct oci_net_cand {       /* one IPv4 address on an interface */
    char ifname[16];
    unsigned ifindex;
    int loopback;
    unsigned char addr[4];
    int prefix;
};

/*
 * Which of the N candidates (in the kernel's order) is the guest's: not
 * loopback; on the default route's interface DEFAULT_IF (may be NULL or
 * "") when that has one, else on the lowest ifindex; that interface's
 * first address. Returns its index, or -1 if there is none.
 */
int oci_net_choose(const struct oci_net_cand *c, int n, const char *default_if);

#endif
