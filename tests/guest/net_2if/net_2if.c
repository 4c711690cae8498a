/* SPDX-License-Identifier: ISC */
/* net_2if: answers ARP and ICMP echo for 10.0.0.2 on "service0" and for
 * 10.1.0.2 on "service1"; "limit=N" counts the pings of both. */
#include "pingd.h"

int solo5_app_main(const struct solo5_start_info *si)
{
    struct iface ifs[] = {
        { .name = "service0", .ip = { 10, 0, 0, 2 } },
        { .name = "service1", .ip = { 10, 1, 0, 2 } },
    };

    return pingd_run(ifs, 2, si->cmdline);
}
