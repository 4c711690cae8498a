# SPDX-License-Identifier: ISC
# kv_ro: the key/value store read from a ustar archive on the block device
# "storage". The archive of apps/kv_ro_crunch/data (also reachable as
# apps/kv_ro/data, for scripts/run-app) is built with tar alongside the
# app: run it with --block:storage=$(BUILD)/apps/kv_ro.tar.
APP_SRCS_kv_ro := apps/kv_ro/main.c apps/kv_ro/show.c
APP_LIBS_kv_ro := kv

KV_RO_DATA := $(shell find apps/kv_ro_crunch/data 2>/dev/null)

apps $(BUILD)/apps/kv_ro.hvt: $(BUILD)/apps/kv_ro.tar

# Sorted names, no owners, times or umask: the same archive every build.
$(BUILD)/apps/kv_ro.tar: $(KV_RO_DATA) apps/kv_ro/app.mk
	@mkdir -p $(@D)
	$(call quiet,TAR,$@)tar --format=ustar --sort=name --owner=0 --group=0 --numeric-owner \
		--mtime=@0 --mode=a+rX,u+w,go-w -cf $@.tmp -C apps/kv_ro_crunch/data .
	$(Q)mv $@.tmp $@
