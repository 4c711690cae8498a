# SPDX-License-Identifier: ISC
APP_SRCS_console := apps/console/main.c
APP_LIBS_console :=
