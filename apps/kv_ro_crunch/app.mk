# SPDX-License-Identifier: ISC
# kv_ro_crunch: the key/value store compiled in. ukvm-crunch turns
# apps/kv_ro_crunch/data into $(BUILD)/apps/kv_ro_crunch/data.c; the
# listing code is kv_ro's (apps/kv_ro/show.c).
APP_SRCS_kv_ro_crunch := apps/kv_ro_crunch/main.c apps/kv_ro/show.c
APP_LIBS_kv_ro_crunch := kv
APP_CFLAGS_kv_ro_crunch := -Iapps/kv_ro
APP_GEN_kv_ro_crunch := $(BUILD)/apps/kv_ro_crunch/data.c

$(BUILD)/apps/kv_ro_crunch.hvt: apps/kv_ro/show.h

$(BUILD)/apps/kv_ro_crunch/data.c: $(BUILD)/ukvm-crunch \
		$(shell find apps/kv_ro_crunch/data 2>/dev/null)
	@mkdir -p $(@D)
	$(call quiet,GEN,$@)$(BUILD)/ukvm-crunch apps/kv_ro_crunch/data $@
