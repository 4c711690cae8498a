# SPDX-License-Identifier: ISC
# The site is compiled in (crunch) and also served from a tar archive on
# the block device "storage" with --kv=block (scripts/run-app makes it).
APP_SRCS_static_web := apps/static_web/main.c
APP_LIBS_static_web := http kv net
APP_GEN_static_web := $(BUILD)/apps/static_web/site.c

$(BUILD)/apps/static_web/site.c: $(BUILD)/ukvm-crunch \
		$(shell find apps/static_web/site -type f 2>/dev/null)
	@mkdir -p $(@D)
	$(call quiet,GEN,$@)$(BUILD)/ukvm-crunch apps/static_web/site $@
