# SPDX-License-Identifier: ISC
# stackv4 on two networks: the same program (apps/stackv4/main.c) with a
# manifest of two network devices, service0 and service1. A manifest of
# its own, because every tender requires each device the manifest
# declares to be attached: stackv4 itself keeps needing one tap.
APP_SRCS_stackv4_dual := apps/stackv4/main.c
APP_LIBS_stackv4_dual := net
