# SPDX-License-Identifier: ISC
APP_SRCS_block := apps/block/main.c
APP_LIBS_block :=
