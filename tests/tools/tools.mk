# SPDX-License-Identifier: ISC
# Attack tools for tests/bats/app_static_web_attacks.bats and bench/attacks:
# a spoofed-SYN flooder and a slowloris client, host programs.
ATTACK_TOOLS = $(BUILD)/tests/tools/synflood $(BUILD)/tests/tools/slowloris
.PHONY: attack-tools
attack-tools: $(ATTACK_TOOLS)
all: $(ATTACK_TOOLS)

$(ATTACK_TOOLS): $(BUILD)/tests/tools/%: tests/tools/%.c
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(HOST_CFLAGS) -o $@ $<
