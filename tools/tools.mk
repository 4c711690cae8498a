# The tools: ukvm-elftool builds and inspects unikernel notes.
ELFTOOL_SRCS := $(wildcard tools/elftool/*.c)

all: $(BUILD)/ukvm-elftool

$(BUILD)/ukvm-elftool: $(ELFTOOL_SRCS) $(HOSTLIB_SRCS) $(wildcard tools/elftool/*.h) \
		$(wildcard hostlib/*.h) $(wildcard include/abi/*.h)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -Itools/elftool -o $@ $(ELFTOOL_SRCS) $(HOSTLIB_SRCS)
