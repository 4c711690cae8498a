# SPDX-License-Identifier: ISC
# ukvm: top-level build. Each part of the tree brings its own fragment.
BUILD ?= build
CC = gcc
HOST_CFLAGS ?= -std=c11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE -Iinclude -Ihostlib
# The usual CPPFLAGS, CFLAGS and LDFLAGS (dpkg-buildflags' hardening, say)
# reach the host programs only: guest code is freestanding and never sees them.
HOST_CFLAGS += $(CPPFLAGS) $(CFLAGS) $(LDFLAGS)
SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# Quiet builds: one short line per step ("  CC.hvt   guest/hvt/hvt.c",
# "  AR       build/libos/libc.a"), the full commands with V=1, neither
# with make -s. A rule's command starts with $(call quiet,TAG,FILES)
# (one line per file); its other commands with $(Q). Errors and warnings
# always show.
V ?= 0
ifeq ($(V),1)
Q :=
say =
else ifneq ($(findstring s,$(firstword -$(MAKEFLAGS))),)
Q := @
say =
else
Q := @
say = printf '  %-8s %s\n' $(foreach f,$(2),'$(1)' '$(f)');
endif
quiet = $(Q)$(say)

.PHONY: all clean run test conformance help
all:
# A command that fails leaves no half-made target behind.
.DELETE_ON_ERROR:

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
-include oci/net.mk
-include oci/image.mk
-include tests/tests.mk
-include bench/bench.mk
-include oci/oci.mk
-include install.mk

# The README's two commands.
# make run: hello on ukvm (UKVM_TARGET=spt: on ukvm-spt), or the application
# make config_NAME chose; make run APP=NAME [ARGS=...]: that application.
# Each builds only what it runs.
APP_CONFIG = $(BUILD)/app.config
APP ?= $(shell cat $(APP_CONFIG) 2>/dev/null)
RUN_TARGET = $(if $(filter spt,$(UKVM_TARGET)),spt,hvt)
RUN_TENDER = $(BUILD)/$(if $(filter spt,$(RUN_TARGET)),ukvm-spt,ukvm)
run:
	$(Q)scripts/install-deps build
ifneq ($(APP),)
	$(Q)scripts/run-app $(APP) $(ARGS)
else
	$(Q)$(MAKE) --no-print-directory run-deps \
		RUN_DEPS="$(RUN_TENDER) $(BUILD)/tests/test_hello.$(RUN_TARGET)"
	$(RUN_TENDER) $(BUILD)/tests/test_hello.$(RUN_TARGET) Hello from ukvm
endif

# make run-deps RUN_DEPS="FILES": builds FILES, silent when they are up
# to date (make run, scripts/run-app).
.PHONY: run-deps
run-deps: $(RUN_DEPS)
	@:

# make config_console (config_block, ..., config_static_web): what make run
# runs, as in the original ukvm's workflow; config_hello goes back to hello.
config_%:
	@mkdir -p $(BUILD)
	@if [ "$*" = hello ]; then rm -f $(APP_CONFIG); \
	    echo "make run: hello (UKVM_TARGET=spt make run: on ukvm-spt)"; \
	elif [ -f apps/$*/app.mk ]; then echo $* >$(APP_CONFIG); \
	    echo "make run: builds and runs $* (UKVM_TARGET=spt make run: on ukvm-spt)"; \
	else echo "config_$*: no application $* (apps: $(APPS_ALL); or hello)" >&2; exit 1; fi

help:
	@echo "make run           build and run hello, or the app config_NAME chose"
	@echo "                   (UKVM_TARGET=spt: on ukvm-spt; APP=NAME ARGS=...: that app)"
	@echo "make config_NAME   choose what make run runs:"
	@echo "                   $(APPS_ALL:%=config_%) config_hello"
	@echo "make test          install what the tests need, run every test"
	@echo "make all           the monitors, the tools and the guest kernels"
	@echo "make apps          every application, for hvt and spt"
	@echo "make guest-tests   the test unikernels"
	@echo "make fuzz          the libFuzzer targets"
	@echo "make conformance SOLO5=DIR  the harness against a Solo5 0.12.1 kit"
	@echo "make oci-image APP=NAME  an OCI image of NAME (or hello) in $(BUILD)/oci/"
	@echo "                   (UKVM_TARGET=spt: of NAME.spt, =both: of both); docs/containers.md"
	@echo "make install       the monitors, ukvm-cc and the library OS under PREFIX"
	@echo "                   (default /usr/local; DESTDIR=DIR installs into DIR)"
	@echo "make uninstall     remove what make install put there"
	@echo "make clean         remove $(BUILD)/"
	@echo "BUILD=DIR (default: build) puts everything in DIR"
	@echo "V=1 prints every command in full (default: one short line a step)"

test:
	$(Q)scripts/install-deps
	$(Q)tests/run

# Binary compatibility with Solo5 0.12 both ways, against a kit laid out
# like ../shared/solo5-0.12.1: make conformance SOLO5=DIR
ifneq ($(filter conformance,$(MAKECMDGOALS)),)
ifeq ($(SOLO5),)
$(error make conformance needs SOLO5=DIR, a Solo5 kit with bin/ and guests/)
endif
endif
conformance:
	$(Q)scripts/install-deps
	$(Q)$(MAKE) -s all guest-tests apps
	$(Q)BUILD=$(BUILD) tests/conformance/run $(SOLO5)

clean:
	$(call quiet,CLEAN,$(BUILD))rm -rf $(BUILD)
