/* SPDX-License-Identifier: ISC */
/* net: answers ARP and ICMP echo for 10.0.0.2 on "service0". With
 * "limit=N" it exits 0 after N echo requests answered, printing
 * "SUCCESS: answered N pings". */
#include "pingd.h"

int solo5_app_main(const struct solo5_start_info *si)
{
    struct iface ifs[] = { { .name = "service0", .ip = { 10, 0, 0, 2 } } };

    return pingd_run(ifs, 1, si->cmdline);
}
