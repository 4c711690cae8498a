# The guest test unikernels: $(BUILD)/tests/test_NAME.hvt from
# tests/guest/NAME/. Not part of `all`; build them with `make guest-tests`.
ifndef GUEST_TESTS_MK
GUEST_TESTS_MK = 1

# Every tests/guest/NAME/ with a manifest.json is a test (NAME/NAME.c).
GUEST_TESTS = $(patsubst tests/guest/%/manifest.json,%, \
	$(wildcard tests/guest/*/manifest.json))
GUEST_TEST_BINS = $(GUEST_TESTS:%=$(BUILD)/tests/test_%.hvt)
UKVM_ELFTOOL ?= $(BUILD)/ukvm-elftool

# Tests run where guest SSE is emulated (PVM), so only fpu may use it.
# include/ too: tests that misuse the hypercalls need the ABI headers.
GUEST_TEST_CFLAGS = -std=gnu11 -g -Wall -Wextra -Werror -Itests/guest/common \
	-Iinclude
GUEST_TEST_FPU_FLAGS = -mgeneral-regs-only

.PHONY: guest-tests
guest-tests: $(GUEST_TEST_BINS)

define guest_test_rule
$(BUILD)/tests/test_$(1).hvt: tests/guest/$(1)/$(1).c \
		tests/guest/$(1)/manifest.json $(wildcard tests/guest/common/*.h) \
		tools/ukvm-build $(BUILD)/guest/ukvm_hvt.o $(BUILD)/guest/hvt.lds \
		$(UKVM_ELFTOOL) guest/include/solo5.h
	@mkdir -p $$(dir $$@)
	UKVM_BUILD_DIR=$(BUILD) UKVM_ELFTOOL=$(UKVM_ELFTOOL) CC=$(CC) \
		tools/ukvm-build -o $$@ -m tests/guest/$(1)/manifest.json \
		$(GUEST_TEST_CFLAGS) $(if $(filter fpu,$(1)),,$(GUEST_TEST_FPU_FLAGS)) \
		tests/guest/$(1)/$(1).c
endef
$(foreach t,$(GUEST_TESTS),$(eval $(call guest_test_rule,$(t))))

endif
