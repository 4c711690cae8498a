# SPDX-License-Identifier: ISC
# Tests: guest unikernels, host unit tests (ASan/UBSan), the fuzz target.
.PHONY: guest-tests unit-tests
-include tests/guest/guest_tests.mk
-include tests/unit/unit.mk
-include tests/unit/monitor_unit.mk
-include tests/unit/guest_unit.mk
-include tests/unit/libc_unit.mk
-include tests/unit/kv_unit.mk
-include tests/unit/http_unit.mk
-include fuzz/fuzz.mk
-include tests/tools/tools.mk
-include tests/unit/gdb_unit.mk
-include tests/unit/core_unit.mk
-include tests/unit/symbolize_unit.mk
