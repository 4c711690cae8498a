# SPDX-License-Identifier: ISC
# ukvm-crunch: the host tool that compiles a directory into a C file for
# libos/kv's crunch back end (kv_open_crunch).
CRUNCH_SRCS := $(wildcard tools/crunch/*.c)

all: $(BUILD)/ukvm-crunch

$(BUILD)/ukvm-crunch: $(CRUNCH_SRCS) tools/crunch/crunch.h
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(HOST_CFLAGS) -o $@ $(CRUNCH_SRCS)
