/* SPDX-License-Identifier: ISC */
/* features: the runtime-spec features document (what config.json may ask
 * of ukvm-oci), and the annotations it reads. */
#include <stdio.h>

#include "cli.h"
#include "log.h"
#include "plan.h"

int cmd_features(const struct oci_global *g, int argc, char **argv)
{
    (void)g;
    (void)argv;
    if (argc > 1) {
        oci_error("features: no arguments");
        return 1;
    }
    printf("{\"ociVersionMin\":\"1.0.0\",\"ociVersionMax\":\"1.2.0\","
           "\"hooks\":[\"prestart\",\"createRuntime\",\"poststart\",\"poststop\"],"
           "\"mountOptions\":[\"bind\",\"rbind\"],"
           "\"linux\":{"
           "\"namespaces\":[\"network\",\"pid\",\"mount\",\"ipc\",\"uts\",\"cgroup\"],"
           "\"capabilities\":[");
    for (int c = 0; c < OCI_CAPS; c++)
        printf("%s\"CAP_%s\"", c ? "," : "", oci_cap_names[c]);
    printf("],"
           "\"cgroup\":{\"v1\":false,\"v2\":false,\"systemd\":false,\"systemdUser\":false},"
           "\"seccomp\":{\"enabled\":false},"
           "\"apparmor\":{\"enabled\":false},"
           "\"selinux\":{\"enabled\":false},"
           "\"intelRdt\":{\"enabled\":false}},"
           "\"annotations\":{"
           "\"org.ukvm.target\":\"hvt or spt: must match the unikernel's ABI note\","
           "\"org.ukvm.unikernel\":\"the unikernel's path in the rootfs (default: process.args[0])\","
           "\"org.ukvm.block.NAME\":\"block device NAME's file in the rootfs (default: /NAME.img)\","
           "\"org.ukvm.runtime\":\"ukvm-oci\"}}\n");
    return 0;
}
