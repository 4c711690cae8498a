# SPDX-License-Identifier: ISC
APP_SRCS_stackv4 := apps/stackv4/main.c
APP_LIBS_stackv4 := net
