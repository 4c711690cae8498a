# SPDX-License-Identifier: ISC
# The guest test unikernels: $(BUILD)/tests/test_NAME.hvt and .spt from
# tests/guest/NAME/. Not part of `all`; build them with `make guest-tests`.
ifndef GUEST_TESTS_MK
GUEST_TESTS_MK = 1

# Every tests/guest/NAME/ with a manifest.json is a test (NAME/NAME.c),
# built for both targets except where it tests one target's own traits.
GUEST_TESTS = $(patsubst tests/guest/%/manifest.json,%, \
	$(wildcard tests/guest/*/manifest.json))
GUEST_TESTS_HVT_ONLY = abuse cpuid
GUEST_TESTS_SPT_ONLY = syscall blkescape
GUEST_TEST_BINS = \
	$(patsubst %,$(BUILD)/tests/test_%.hvt,$(filter-out $(GUEST_TESTS_SPT_ONLY),$(GUEST_TESTS))) \
	$(patsubst %,$(BUILD)/tests/test_%.spt,$(filter-out $(GUEST_TESTS_HVT_ONLY),$(GUEST_TESTS)))
UKVM_ELFTOOL ?= $(BUILD)/ukvm-elftool

# Tests run where guest SSE is emulated (PVM), so only fpu may use it.
# include/ too: tests that misuse the hypercalls need the ABI headers.
GUEST_TEST_CFLAGS = -std=gnu11 -g -Wall -Wextra -Werror -Itests/guest/common \
	-Iinclude
GUEST_TEST_FPU_FLAGS = -mgeneral-regs-only

# A test that links libraries names them here: flags and .a files for
# ukvm-build (the .a files become prerequisites too).
GUEST_TEST_EXTRA_libc = -Ilibos/libc/include $(BUILD)/libos/libc.a

.PHONY: guest-tests
guest-tests: $(GUEST_TEST_BINS)

# $(1) test name, $(2) target. GUEST_TEST_EXTRA_<name> may name more
# sources, flags or libraries for one test.
define guest_test_rule
$(BUILD)/tests/test_$(1).$(2): tests/guest/$(1)/$(1).c \
		tests/guest/$(1)/manifest.json $(wildcard tests/guest/common/*.h) \
		tools/ukvm-build $(BUILD)/guest/ukvm_$(2).o $(BUILD)/guest/$(2).lds \
		$(UKVM_ELFTOOL) $(wildcard guest/include/*.h) $$(filter %.a,$$(GUEST_TEST_EXTRA_$(1)))
	@mkdir -p $$(dir $$@)
	$$(Q)$$(call say,CC.$(2),tests/guest/$(1)/$(1).c)$$(call say,LD.$(2),$$@)\
	UKVM_BUILD_DIR=$(BUILD) UKVM_ELFTOOL=$(UKVM_ELFTOOL) CC=$(CC) \
		tools/ukvm-build -t $(2) -o $$@ -m tests/guest/$(1)/manifest.json \
		$(GUEST_TEST_CFLAGS) $(if $(filter fpu,$(1)),,$(GUEST_TEST_FPU_FLAGS)) \
		tests/guest/$(1)/$(1).c $$(GUEST_TEST_EXTRA_$(1))
endef
$(foreach t,$(GUEST_TESTS),$(foreach g,hvt spt,$(eval $(call guest_test_rule,$(t),$(g)))))

endif
