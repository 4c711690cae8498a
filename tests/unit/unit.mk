# SPDX-License-Identifier: ISC
# Host unit tests of ukvm-elftool, built with AddressSanitizer and UBSan.
# tests/run runs every $(BUILD)/unit/test_* and then tests/unit/*.sh.
ELFTOOL_UNIT_CFLAGS = $(HOST_CFLAGS) $(SAN_FLAGS) -Itools/elftool -Itests/unit
ELFTOOL_UNIT_JSON = tools/elftool/json.c
ELFTOOL_UNIT_MFT = tools/elftool/manifest_json.c tools/elftool/json.c hostlib/mft_check.c
ELFTOOL_UNIT_DEPS = tests/unit/check.h $(wildcard tools/elftool/*.h) \
	$(wildcard hostlib/*.h) $(wildcard include/abi/*.h)

UNIT_TESTS += $(BUILD)/unit/test_json $(BUILD)/unit/test_manifest_json

.PHONY: unit-tests

# The shell tests need the tool (plain for ukvm-build, sanitized for the
# tests themselves) and the note-dumping helper.
unit-tests: $(BUILD)/unit/test_json $(BUILD)/unit/test_manifest_json \
	$(BUILD)/unit/mft_note_dump $(BUILD)/ukvm-elftool $(BUILD)/ukvm-elftool-san

$(BUILD)/unit/test_json: tests/unit/test_json.c $(ELFTOOL_UNIT_JSON) $(ELFTOOL_UNIT_DEPS)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(ELFTOOL_UNIT_CFLAGS) -o $@ tests/unit/test_json.c $(ELFTOOL_UNIT_JSON)

$(BUILD)/unit/test_manifest_json: tests/unit/test_manifest_json.c $(ELFTOOL_UNIT_MFT) \
		$(ELFTOOL_UNIT_DEPS)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(ELFTOOL_UNIT_CFLAGS) -o $@ tests/unit/test_manifest_json.c $(ELFTOOL_UNIT_MFT)

$(BUILD)/unit/mft_note_dump: tests/unit/mft_note_dump.c tools/elftool/file_io.c \
		$(ELFTOOL_UNIT_MFT) $(ELFTOOL_UNIT_DEPS)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(ELFTOOL_UNIT_CFLAGS) -o $@ tests/unit/mft_note_dump.c tools/elftool/file_io.c \
		$(ELFTOOL_UNIT_MFT)
