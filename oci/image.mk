# SPDX-License-Identifier: ISC
# make oci-image APP=NAME [UKVM_TARGET=hvt|spt|both]: an OCI image of the
# app (or of hello, the test guest) in $(BUILD)/oci/NAME-TARGET.tar (OCI
# archive) and NAME-TARGET.docker.tar (Docker archive); "both" holds the
# hvt and the spt build, for ukvm-oci to choose. scripts/oci-image.
.PHONY: oci-image
OCI_TARGET = $(or $(filter spt both,$(UKVM_TARGET)),hvt)
OCI_BASE = $(if $(filter hello,$(APP)),$(BUILD)/tests/test_hello,$(BUILD)/apps/$(APP))
OCI_KERNELS = $(if $(filter both,$(OCI_TARGET)),$(OCI_BASE).hvt $(OCI_BASE).spt,$(OCI_BASE).$(OCI_TARGET))
oci-image:
	@case " hello $(APPS_ALL) " in *" $(APP) "*) [ -n "$(APP)" ] ;; *) false ;; esac || \
	    { echo "make oci-image needs APP=NAME: hello or an app ($(APPS_ALL))" >&2; exit 1; }
	$(Q)$(MAKE) --no-print-directory run-deps RUN_DEPS="$(OCI_KERNELS) $(BUILD)/ukvm-elftool"
	$(call quiet,OCI,$(BUILD)/oci/$(APP)-$(OCI_TARGET).tar)BUILD=$(BUILD) \
		ELFTOOL=$(BUILD)/ukvm-elftool scripts/oci-image --app $(APP) --out $(BUILD)/oci $(OCI_KERNELS)
