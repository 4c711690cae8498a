# SPDX-License-Identifier: ISC
# Host unit tests of libos/kv, built with ASan and UBSan: the ustar core
# against archives made by tar (corrupted, truncated, mutated), the block
# reader over a stub solo5, and the crunch back end with tests/data/kv/tree
# crunched by ukvm-crunch. Included from tests/tests.mk.
KV_UNIT_TESTS := $(BUILD)/unit/test_kv_tar $(BUILD)/unit/test_kv_block \
	$(BUILD)/unit/test_kv_crunch
UNIT_TESTS += $(KV_UNIT_TESTS)

KV_UNIT_CFLAGS = $(HOST_CFLAGS) $(SAN_FLAGS) -Ilibos/kv -Ilibos/kv/include \
	-Itests/unit
KV_UNIT_HDRS = tests/unit/check.h tests/unit/test_kv_util.h \
	$(wildcard libos/kv/*.h libos/kv/include/*.h)
KV_UNIT_TAR = libos/kv/kv.c libos/kv/tar_header.c libos/kv/tar_index.c
# Every file and directory of the tree, spaces escaped for make.
KV_UNIT_TREE := $(shell find tests/data/kv/tree | sed 's/ /\\ /g')

.PHONY: unit-tests
unit-tests: $(KV_UNIT_TESTS)

$(BUILD)/unit/test_kv_tar: tests/unit/test_kv_tar.c $(KV_UNIT_TAR) \
		$(KV_UNIT_HDRS)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(KV_UNIT_CFLAGS) -o $@ tests/unit/test_kv_tar.c $(KV_UNIT_TAR)

$(BUILD)/unit/test_kv_block: tests/unit/test_kv_block.c $(KV_UNIT_TAR) \
		libos/kv/tar_block.c $(KV_UNIT_HDRS) guest/include/solo5.h
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(KV_UNIT_CFLAGS) -Iguest/include -o $@ tests/unit/test_kv_block.c \
		$(KV_UNIT_TAR) libos/kv/tar_block.c

$(BUILD)/unit/kv_crunch_tree.c: $(BUILD)/ukvm-crunch $(KV_UNIT_TREE)
	@mkdir -p $(@D)
	$(call quiet,GEN,$@)$(BUILD)/ukvm-crunch tests/data/kv/tree $@

$(BUILD)/unit/test_kv_crunch: tests/unit/test_kv_crunch.c libos/kv/kv.c \
		libos/kv/crunch.c $(BUILD)/unit/kv_crunch_tree.c $(KV_UNIT_HDRS)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(KV_UNIT_CFLAGS) -o $@ tests/unit/test_kv_crunch.c libos/kv/kv.c \
		libos/kv/crunch.c $(BUILD)/unit/kv_crunch_tree.c
