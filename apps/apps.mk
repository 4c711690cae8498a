# SPDX-License-Identifier: ISC
# Applications: every apps/NAME/ with an app.mk becomes $(BUILD)/apps/NAME.hvt
# and $(BUILD)/apps/NAME.spt.
#
# apps/NAME/ holds main.c (and any other sources), manifest.json and an
# app.mk that declares, with NAME spelled as the directory is:
#
#   APP_SRCS_NAME   := apps/NAME/main.c ...   C sources (paths from the root)
#   APP_LIBS_NAME   := http kv net            libos libraries, in link order;
#                                             libc is always linked, last
#   APP_CFLAGS_NAME := -Iapps/NAME/include    extra compiler flags (optional)
#   APP_GEN_NAME    := $(BUILD)/apps/NAME/x.c generated sources (optional);
#                                             app.mk gives their rules
#
# Library LIB is $(BUILD)/libos/libLIB.a with headers in libos/LIB/include
# (libc: libos/libc/); its fragment may set LIB_APP_CFLAGS (upper case,
# e.g. NET_APP_CFLAGS: lwIP's include directory) for the apps using it.
# It counts as available once a makefile fragment from libos/LIB/ has
# been read, so this file must be included after the libos fragments.
# An app whose libraries are not all there cannot be built: `make apps`,
# `make run APP=NAME` and scripts/run-app fail, naming the app and what
# is missing, and remove any earlier build of it, so nothing runs that.
#
#   make apps                  every app whose libraries are available
#   make run-app APP=NAME      scripts/run-app NAME (ARGS="..." passed on)

# libos/http: read its fragment if the top Makefile did not.
ifeq ($(filter libos/http/http.mk,$(MAKEFILE_LIST)),)
-include libos/http/http.mk
endif

APPS_ALL := $(patsubst apps/%/app.mk,%,$(wildcard apps/*/app.mk))
include $(APPS_ALL:%=apps/%/app.mk)

UKVM_ELFTOOL ?= $(BUILD)/ukvm-elftool

# Every guest: no SSE/AVX (PVM cannot run SSE arithmetic), our libc first.
APP_CFLAGS = -std=c11 -g -Wall -Wextra -Werror -mgeneral-regs-only \
	-Ilibos/libc/include

# NET for net: the prefix of a library's LIB_APP_CFLAGS.
app_upper = $(subst z,Z,$(subst y,Y,$(subst x,X,$(subst w,W,$(subst v,V,$(subst u,U,$(subst t,T,$(subst s,S,$(subst r,R,$(subst q,Q,$(subst p,P,$(subst o,O,$(subst n,N,$(subst m,M,$(subst l,L,$(subst k,K,$(subst j,J,$(subst i,I,$(subst h,H,$(subst g,G,$(subst f,F,$(subst e,E,$(subst d,D,$(subst c,C,$(subst b,B,$(subst a,A,$(1)))))))))))))))))))))))))))
app_lib_dir = libos/$(if $(filter c,$(1)),libc,$(1))
app_lib_ready = $(strip $(foreach f,$(MAKEFILE_LIST), \
	$(if $(findstring $(call app_lib_dir,$(1))/,$(f)),$(f))))
# app_libs NAME: its libraries in link order, libc last.
app_libs = $(filter-out c,$(APP_LIBS_$(1))) c
app_missing = $(strip $(foreach l,$(call app_libs,$(1)), \
	$(if $(call app_lib_ready,$(l)),,$(call app_lib_dir,$(l)))))

APPS := $(foreach a,$(APPS_ALL),$(if $(call app_missing,$(a)),,$(a)))
APPS_WAITING := $(filter-out $(APPS),$(APPS_ALL))
APP_BINS := $(APPS:%=$(BUILD)/apps/%.hvt) $(APPS:%=$(BUILD)/apps/%.spt)

.PHONY: apps run-app
apps: $(APP_BINS) $(APPS_WAITING:%=$(BUILD)/apps/%.hvt) \
	$(APPS_WAITING:%=$(BUILD)/apps/%.spt)

run-app:
	@[ -n "$(APP)" ] || { echo "usage: make run-app APP=NAME [ARGS=...]" >&2; exit 1; }
	$(Q)scripts/run-app $(APP) $(ARGS)

# $(1) the app, $(2) the target (hvt, spt): the same sources for both.
define app_rule
$(BUILD)/apps/$(1).$(2): $(APP_SRCS_$(1)) $(APP_GEN_$(1)) apps/$(1)/manifest.json \
		apps/$(1)/app.mk apps/apps.mk $(wildcard apps/$(1)/*.h) \
		$(foreach l,$(call app_libs,$(1)),$(BUILD)/libos/lib$(l).a \
			$(wildcard $(call app_lib_dir,$(l))/include/*.h)) \
		tools/ukvm-build $(BUILD)/guest/ukvm_$(2).o $(BUILD)/guest/$(2).lds \
		$(UKVM_ELFTOOL)
	@mkdir -p $$(@D)
	$$(Q)$$(call say,CC.$(2),$(APP_SRCS_$(1)) $(APP_GEN_$(1)))$$(call say,LD.$(2),$$@)\
	UKVM_BUILD_DIR=$(BUILD) UKVM_ELFTOOL=$(UKVM_ELFTOOL) CC=$(CC) \
		tools/ukvm-build -t $(2) -o $$@ -m apps/$(1)/manifest.json $(APP_CFLAGS) \
		$(foreach l,$(filter-out c,$(APP_LIBS_$(1))),-Ilibos/$(l)/include \
			$($(call app_upper,$(l))_APP_CFLAGS)) \
		$(APP_CFLAGS_$(1)) $(APP_SRCS_$(1)) $(APP_GEN_$(1)) \
		$(foreach l,$(call app_libs,$(1)),$(BUILD)/libos/lib$(l).a)
endef
$(foreach a,$(APPS),$(foreach t,hvt spt,$(eval $(call app_rule,$(a),$(t)))))

# $(1) an app that cannot be built, $(2) the target: always fails.
define app_missing_rule
.PHONY: $(BUILD)/apps/$(1).$(2)
$(BUILD)/apps/$(1).$(2):
	@rm -f $(BUILD)/apps/$(1).hvt $(BUILD)/apps/$(1).spt
	@echo "apps: $(1) cannot be built: apps/$(1)/app.mk needs $(call app_missing,$(1)), which has no makefile fragment" >&2
	@exit 1
endef
$(foreach a,$(APPS_WAITING),$(foreach t,hvt spt,$(eval $(call app_missing_rule,$(a),$(t)))))
