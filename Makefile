# ukvm: top-level build. Each part of the tree brings its own fragment.
BUILD ?= build
CC = gcc
HOST_CFLAGS ?= -std=c11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE -Iinclude -Ihostlib
SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

.PHONY: all clean run test
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

clean:
	rm -rf $(BUILD)
