# SPDX-License-Identifier: ISC
# Host unit tests of the guest libc (libos/libc/src), ASan and UBSan on.
# The libc is compiled for the host with every name it defines turned
# into uk_NAME by a generated -include header (the names come from the
# guest build of libc.a), so it links beside glibc and each test compares
# the two on the same inputs. test_libc_solo5.c stands in for the kernel.
LIBC_UNIT_TESTS := $(addprefix $(BUILD)/unit/test_libc_, \
	printf strtol string ctype qsort malloc runtime)
UNIT_TESTS += $(LIBC_UNIT_TESTS)

.PHONY: unit-tests
unit-tests: $(LIBC_UNIT_TESTS)

LIBC_HOST_DIR = $(BUILD)/unit/libc
LIBC_HOST_OBJS = $(LIBC_SRCS:libos/libc/src/%.c=$(LIBC_HOST_DIR)/%.o)
LIBC_HOST_CFLAGS = -std=c11 -O2 -g -ffreestanding -fno-builtin \
	-fno-tree-loop-distribute-patterns -nostdinc -isystem $(LIBC_CC_INCLUDE) \
	-Ilibos/libc/include -Iguest/include -include $(LIBC_HOST_DIR)/rename.h \
	-Wall -Wextra -Werror $(SAN_FLAGS)
LIBC_UNIT_CFLAGS = $(HOST_CFLAGS) $(SAN_FLAGS) -Itests/unit -Iguest/include \
	-Wno-format-truncation

# main is not defined by the libc but called by it: the tests define uk_main.
$(LIBC_HOST_DIR)/rename.h: $(BUILD)/libos/libc.a
	@mkdir -p $(@D)
	$(call quiet,GEN,$@){ nm -g --defined-only $< | awk 'NF == 3 { print $$3 }'; echo main; } | \
	    sort -u | awk '{ print "#define " $$1 " uk_" $$1 }' >$@

$(LIBC_HOST_DIR)/%.o: libos/libc/src/%.c $(LIBC_HEADERS) $(LIBC_HOST_DIR)/rename.h
	$(call quiet,CC,$<)$(CC) $(LIBC_HOST_CFLAGS) -c $< -o $@

$(LIBC_HOST_DIR)/libc_host.a: $(LIBC_HOST_OBJS)
	@rm -f $@
	$(call quiet,AR,$@)$(AR) rcs $@ $^

$(BUILD)/unit/test_libc_%: tests/unit/test_libc_%.c tests/unit/test_libc_solo5.c \
		tests/unit/test_libc.h tests/unit/check.h $(LIBC_HOST_DIR)/libc_host.a
	$(call quiet,CCLD,$@)$(CC) $(LIBC_UNIT_CFLAGS) -o $@ $< tests/unit/test_libc_solo5.c \
	    $(LIBC_HOST_DIR)/libc_host.a -lm
