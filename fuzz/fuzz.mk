# SPDX-License-Identifier: ISC
# libFuzzer targets (clang only): the loader, ukvm-elftool's query-abi
# and query-manifest readers, and the --deprivilege shim's decoder
# (fuzz_deprivilege needs no corpus); the modules' hypercall handlers, the
# manifest.json parser, the HTTP request parser, the kv tar index,
# lwIP's input path through the net port, the gdb remote stub (a client's
# bytes) and the fault reports' symbolizer (a unikernel file), each with a
# seed corpus in
# fuzz/corpus/<target> (tests/unit/test_fuzz_smoke.sh runs them all
# briefly). Run one on a scratch copy of the committed corpus, e.g.:
#   mkdir -p /tmp/elf-corpus && cp tests/data/elf/bad/*.elf tests/data/elf/good/*.elf /tmp/elf-corpus
#   build/fuzz/fuzz_elf_load -max_total_time=60 /tmp/elf-corpus
#   build/fuzz/fuzz_elftool_query -max_total_time=60 /tmp/elf-corpus
#   cp -r fuzz/corpus/fuzz_kv_tar /tmp/kv && build/fuzz/fuzz_kv_tar -max_total_time=60 /tmp/kv
# fuzz/corpus/make-seeds.py writes the seeds of fuzz/corpus again.
FUZZ_CC ?= clang
FUZZ_CFLAGS = $(HOST_CFLAGS) -Imonitor -Imonitor/hvt -Imonitor/x86_64 -fsanitize=fuzzer,address,undefined \
              -fno-omit-frame-pointer -fno-sanitize-recover=all

FUZZ_TARGETS = fuzz_elf_load fuzz_elftool_query fuzz_deprivilege \
      fuzz_hypercalls fuzz_manifest_json fuzz_http_request fuzz_kv_tar \
      fuzz_lwip_input fuzz_lwip_offload

.PHONY: fuzz
fuzz: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/%)

$(BUILD)/fuzz/fuzz_elf_load: fuzz/fuzz_elf_load.c monitor/elf_load.c monitor/x86_64/paging.c \
        $(HOSTLIB_SRCS) $(MONITOR_HDRS)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(filter %.c,$^)

$(BUILD)/fuzz/fuzz_elftool_query: fuzz/fuzz_elftool_query.c tools/elftool/solo5_note.c \
        tools/elftool/solo5_print.c $(HOSTLIB_SRCS) \
        $(wildcard tools/elftool/solo5_*.h hostlib/*.h include/abi/*.h)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(FUZZ_CC) $(FUZZ_CFLAGS) -Itools/elftool -o $@ $(filter %.c,$^)

$(BUILD)/fuzz/fuzz_deprivilege: fuzz/fuzz_deprivilege.c monitor/x86_64/deprivilege.c \
        monitor/x86_64/guest_mem.c monitor/x86_64/paging.c $(MONITOR_HDRS)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(filter %.c,$^)

# The base, block and net modules behind the real hypercall table; net.c
# is compiled inside fuzz_hypercalls_net.c, which attaches a socketpair.
# clang, unlike gcc, warns of libseccomp's own SCMP_A* macros.
$(BUILD)/fuzz/fuzz_hypercalls: fuzz/fuzz_hypercalls.c fuzz/fuzz_hypercalls_net.c \
        monitor/modules/base/base_hvt.c monitor/modules/block/block.c \
        monitor/modules/block/block_hvt.c monitor/modules/net/net.c \
        monitor/modules/net/net_hvt.c monitor/hvt/hypercall.c monitor/modules.c \
        monitor/devices.c monitor/host_features.c monitor/poll_set.c \
        monitor/x86_64/guest_mem.c monitor/x86_64/paging.c $(HOSTLIB_SRCS) \
        $(MONITOR_HDRS)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(FUZZ_CC) $(FUZZ_CFLAGS) -Wno-missing-field-initializers -o $@ \
		$(filter-out monitor/modules/net/net.c,$(filter %.c,$^)) -lseccomp

$(BUILD)/fuzz/fuzz_manifest_json: fuzz/fuzz_manifest_json.c tools/elftool/json.c \
        tools/elftool/manifest_json.c $(HOSTLIB_SRCS) \
        $(wildcard tools/elftool/*.h hostlib/*.h include/abi/*.h)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(FUZZ_CC) $(FUZZ_CFLAGS) -Itools/elftool -o $@ $(filter %.c,$^)

$(BUILD)/fuzz/fuzz_http_request: fuzz/fuzz_http_request.c libos/http/http_request.c \
        libos/http/http_path.c $(wildcard libos/http/include/*.h)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(FUZZ_CC) $(FUZZ_CFLAGS) -Ilibos/http/include -o $@ $(filter %.c,$^)

$(BUILD)/fuzz/fuzz_kv_tar: fuzz/fuzz_kv_tar.c libos/kv/kv.c libos/kv/tar_header.c \
        libos/kv/tar_index.c $(wildcard libos/kv/*.h libos/kv/include/*.h)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(FUZZ_CC) $(FUZZ_CFLAGS) -Ilibos/kv -Ilibos/kv/include -o $@ $(filter %.c,$^)

# lwIP (net.mk's sources, fetched as for the guest) and the port, for the
# host: lwIP with its own relaxed warnings, the port and target with ours
# but two: arch/cc.h's BYTE_ORDER meets glibc's (same value), and clang's
# -Wstring-plus-int dislikes net_init.c's "string" + strlen (correct).
FUZZ_NET_INC = -Ilibos/net/include -Ilibos/net/src -Iguest/include \
        -isystem $(NET_LWIP_DIR)/src/include
FUZZ_LWIP_OBJS = $(NET_LWIP_SRCS:%.c=$(BUILD)/fuzz/lwip/%.o)

$(FUZZ_LWIP_OBJS): $(BUILD)/fuzz/lwip/%.o: $(NET_LWIP_STAMP) $(NET_HEADERS)
	@mkdir -p $(@D)
	$(call quiet,CC,$(NET_LWIP_DIR)/src/$*.c)$(FUZZ_CC) -std=gnu11 -O2 -g -w -fno-strict-aliasing $(FUZZ_NET_INC) \
		-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
		-fno-sanitize-recover=all -c $(NET_LWIP_DIR)/src/$*.c -o $@

$(BUILD)/fuzz/fuzz_lwip_input: fuzz/fuzz_lwip_input.c $(NET_PORT_SRCS) \
        $(FUZZ_LWIP_OBJS) $(NET_HEADERS)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(FUZZ_CC) $(FUZZ_CFLAGS) -Wno-macro-redefined -Wno-string-plus-int \
		$(FUZZ_NET_INC) -o $@ $(filter %.c %.o,$^)

# The same on a device with ukvm's offloads (headers, joined segments).
$(BUILD)/fuzz/fuzz_lwip_offload: fuzz/fuzz_lwip_input.c $(NET_PORT_SRCS) \
        $(FUZZ_LWIP_OBJS) $(NET_HEADERS)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(FUZZ_CC) $(FUZZ_CFLAGS) -DFUZZ_OFFLOADS -Wno-macro-redefined \
		-Wno-string-plus-int $(FUZZ_NET_INC) -o $@ $(filter %.c %.o,$^)

# The GDB remote stub fed a client's bytes, with a fake machine.
FUZZ_TARGETS += fuzz_gdb_remote
fuzz: $(BUILD)/fuzz/fuzz_gdb_remote
$(BUILD)/fuzz/fuzz_gdb_remote: fuzz/fuzz_gdb_remote.c hostlib/gdb_remote.c \
        hostlib/gdb_remote.h hostlib/errbuf.h
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(filter %.c,$^)

# hostlib/symbolize.c on whole unikernel files. Its seeds are two small
# unikernels with their symbols and line tables only (the other debug
# sections dropped): test_hello.hvt (DWARF 5) and the same built with
# -gdwarf-4 for spt, e.g.
#   objcopy -R .debug_info -R .debug_abbrev -R .debug_aranges -R .debug_frame \
#     -R .debug_loclists -R .debug_rnglists -R .debug_str build/tests/test_hello.hvt OUT
FUZZ_TARGETS += fuzz_symbolize
fuzz: $(BUILD)/fuzz/fuzz_symbolize
$(BUILD)/fuzz/fuzz_symbolize: fuzz/fuzz_symbolize.c $(sort hostlib/symbolize.c $(HOSTLIB_SRCS)) \
        $(wildcard hostlib/*.h include/abi/*.h)
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(filter %.c,$^)
