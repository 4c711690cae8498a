# ukvm: top-level build. Each part of the tree brings its own fragment.
BUILD ?= build
CC = gcc
HOST_CFLAGS ?= -std=c11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE -Iinclude -Ihostlib
SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

.PHONY: all clean run test conformance
all:

include hostlib/hostlib.mk
-include monitor/monitor.mk
-include tools/tools.mk
-include guest/guest.mk
-include libos/libc/libc.mk
-include libos/net/net.mk
-include libos/kv/kv.mk
-include libos/http/http.mk
-include tools/crunch/crunch.mk
-include apps/apps.mk
-include tests/tests.mk
-include bench/bench.mk

# The README's two commands.
# make run: hello on ukvm; make run APP=NAME [ARGS=...]: an application.
run:
	scripts/install-deps build
ifdef APP
	scripts/run-app $(APP) $(ARGS)
else
	$(MAKE) all guest-tests
	$(BUILD)/ukvm $(BUILD)/tests/test_hello.hvt Hello from ukvm
endif

test:
	scripts/install-deps
	tests/run

# Binary compatibility with Solo5 0.12 both ways, against a kit laid out
# like ../shared/solo5-0.12.1: make conformance SOLO5=DIR
ifneq ($(filter conformance,$(MAKECMDGOALS)),)
ifeq ($(SOLO5),)
$(error make conformance needs SOLO5=DIR, a Solo5 kit with bin/ and guests/)
endif
endif
conformance:
	scripts/install-deps
	$(MAKE) -s all guest-tests apps
	BUILD=$(BUILD) tests/conformance/run $(SOLO5)

clean:
	rm -rf $(BUILD)
