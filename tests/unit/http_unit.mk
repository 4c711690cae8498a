# SPDX-License-Identifier: ISC
# Unit tests of the HTTP library's pure parts (libos/http/http_*.c, no
# lwIP), built for the host with ASan/UBSan.
HTTP_UNIT_TESTS := $(BUILD)/unit/test_http_parse $(BUILD)/unit/test_http_path \
	$(BUILD)/unit/test_http_response
UNIT_TESTS += $(HTTP_UNIT_TESTS)

.PHONY: unit-tests
unit-tests: $(HTTP_UNIT_TESTS)

HTTP_UNIT_CFLAGS = $(HOST_CFLAGS) $(SAN_FLAGS) -Ilibos/http/include -Itests/unit

$(BUILD)/unit/test_http_parse: libos/http/http_request.c
$(BUILD)/unit/test_http_path: libos/http/http_path.c
$(BUILD)/unit/test_http_response: libos/http/http_response.c

$(HTTP_UNIT_TESTS): $(BUILD)/unit/test_http_%: tests/unit/test_http_%.c \
		$(wildcard libos/http/include/*.h) tests/unit/check.h
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(HTTP_UNIT_CFLAGS) -o $@ $< $(filter libos/http/%.c,$^)
