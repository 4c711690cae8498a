# SPDX-License-Identifier: ISC
# make install / make uninstall (GNU conventions). DESTDIR is prepended
# to every path; PREFIX (default /usr/local) and each directory below may
# be set on the command line. The installed ukvm-cc finds its files
# relative to itself, so a tree installed under DESTDIR works in place.
#
#   bindir       ukvm ukvm-spt ukvm-oci ukvm-elftool ukvm-crunch ukvm-cc ukvm-build
#                x86_64-ukvm-hvt-cc x86_64-ukvm-spt-cc
#   libdir/ukvm/TARGET/  the guest kernel, its linker script, libos archives
#   includedir/ukvm/     solo5.h ukvm_net.h libc/ net/ lwip/ kv/ http/
#   libdir/pkgconfig/    ukvm-libc.pc ukvm-net.pc ukvm-kv.pc ukvm-http.pc
#   mandir/man1/         man/*.1
#   docdir/              README.md LICENSE docs/*.md examples/

PREFIX ?= /usr/local
prefix ?= $(PREFIX)
exec_prefix ?= $(prefix)
bindir ?= $(exec_prefix)/bin
libdir ?= $(exec_prefix)/lib
includedir ?= $(prefix)/include
datarootdir ?= $(prefix)/share
mandir ?= $(datarootdir)/man
docdir ?= $(datarootdir)/doc/ukvm
pkgconfigdir ?= $(libdir)/pkgconfig
INSTALL ?= install

INSTALL_TARGETS = hvt spt
INSTALL_TOOLS = ukvm ukvm-spt ukvm-oci ukvm-elftool ukvm-crunch
INSTALL_CC_NAMES = ukvm-build x86_64-ukvm-hvt-cc x86_64-ukvm-spt-cc
INSTALL_LIBS = c net kv http
INSTALL_PCS = $(patsubst tools/pkgconfig/%.pc.in,%.pc,$(wildcard tools/pkgconfig/*.pc.in))
INSTALL_MANS = $(wildcard man/*.1)
INSTALL_DOCS = README.md $(wildcard LICENSE)
INSTALL_DOCS_DOCS = $(wildcard docs/*.md)
# The library OS headers, DIR:FROM: includedir/ukvm/DIR gets FROM's *.h.
INSTALL_HDRS = libc:libos/libc/include net:libos/net/include kv:libos/kv/include \
	http:libos/http/include lwip:$(NET_LWIP_DIR)/src/include
# The .pc files name directories from ${prefix} where they can.
INSTALL_PC_INCLUDEDIR = $(patsubst $(prefix)/%,$${prefix}/%,$(includedir))

D_BIN = $(DESTDIR)$(bindir)
D_LIB = $(DESTDIR)$(libdir)/ukvm
D_INC = $(DESTDIR)$(includedir)/ukvm
D_DOC = $(DESTDIR)$(docdir)

.PHONY: install uninstall
install: $(INSTALL_TOOLS:%=$(BUILD)/%) \
		$(INSTALL_TARGETS:%=$(BUILD)/guest/ukvm_%.o) \
		$(INSTALL_TARGETS:%=$(BUILD)/guest/%.lds) \
		$(INSTALL_LIBS:%=$(BUILD)/libos/lib%.a) $(NET_LWIP_STAMP)
	$(call quiet,INSTALL,$(DESTDIR)$(prefix))$(INSTALL) -d $(D_BIN)
	$(Q)$(INSTALL) -m 755 $(INSTALL_TOOLS:%=$(BUILD)/%) $(D_BIN)
	$(Q)sed -e 's|^installed_libdir=$$|installed_libdir=$(shell realpath -m --relative-to=$(bindir) $(libdir)/ukvm)|' \
	    -e 's|^installed_includedir=$$|installed_includedir=$(shell realpath -m --relative-to=$(bindir) $(includedir)/ukvm)|' \
	    -e 's|^installed_version=$$|installed_version=$(shell cat VERSION)|' \
	    tools/ukvm-cc >$(D_BIN)/ukvm-cc.tmp
	$(Q)chmod 755 $(D_BIN)/ukvm-cc.tmp
	$(Q)mv -f $(D_BIN)/ukvm-cc.tmp $(D_BIN)/ukvm-cc
	$(Q)for n in $(INSTALL_CC_NAMES); do ln -sf ukvm-cc $(D_BIN)/$$n; done
	$(Q)for t in $(INSTALL_TARGETS); do \
	    $(INSTALL) -d $(D_LIB)/$$t && \
	    $(INSTALL) -m 644 $(BUILD)/guest/ukvm_$$t.o $(BUILD)/guest/$$t.lds \
	        $(INSTALL_LIBS:%=$(BUILD)/libos/lib%.a) $(D_LIB)/$$t || exit 1; \
	done
	$(Q)$(INSTALL) -d $(D_INC)
	$(Q)$(INSTALL) -m 644 guest/include/solo5.h guest/include/ukvm_net.h $(D_INC)
	$(Q)for p in $(INSTALL_HDRS); do \
	    (cd $${p#*:} && find . -name '*.h') | while read -r h; do \
	        $(INSTALL) -D -m 644 $${p#*:}/$$h $(D_INC)/$${p%%:*}/$${h#./} || exit 1; \
	    done || exit 1; \
	done
	$(Q)$(INSTALL) -d $(DESTDIR)$(pkgconfigdir)
	$(Q)for p in $(INSTALL_PCS); do \
	    sed -e 's|@prefix@|$(prefix)|' -e 's|@includedir@|$(INSTALL_PC_INCLUDEDIR)|' \
	        -e 's|@version@|$(shell cat VERSION)|' tools/pkgconfig/$$p.in \
	        >$(DESTDIR)$(pkgconfigdir)/$$p || exit 1; \
	done
	$(Q)$(if $(INSTALL_MANS),$(INSTALL) -d $(DESTDIR)$(mandir)/man1)
	$(Q)$(if $(INSTALL_MANS),$(INSTALL) -m 644 $(INSTALL_MANS) $(DESTDIR)$(mandir)/man1)
	$(Q)$(INSTALL) -d $(D_DOC)
	$(Q)$(INSTALL) -m 644 $(INSTALL_DOCS) $(D_DOC)
	$(Q)$(if $(INSTALL_DOCS_DOCS),$(INSTALL) -d $(D_DOC)/docs)
	$(Q)$(if $(INSTALL_DOCS_DOCS),$(INSTALL) -m 644 $(INSTALL_DOCS_DOCS) $(D_DOC)/docs)
	$(Q)rm -rf $(D_DOC)/examples
	$(Q)if [ -d examples ]; then cp -R examples $(D_DOC)/examples && \
	    chmod -R u+w,a+rX,go-w $(D_DOC)/examples; fi

# What install put there, from the source tree's lists alone (no build/
# needed); the ukvm directories under libdir, includedir and docdir are
# ours entirely.
uninstall:
	$(call quiet,UNINSTALL,$(DESTDIR)$(prefix))rm -f $(INSTALL_TOOLS:%=$(D_BIN)/%) $(D_BIN)/ukvm-cc $(INSTALL_CC_NAMES:%=$(D_BIN)/%)
	$(Q)rm -rf $(D_LIB) $(D_INC) $(D_DOC)/examples $(D_DOC)/docs
	$(Q)rm -f $(INSTALL_PCS:%=$(DESTDIR)$(pkgconfigdir)/%)
	$(Q)rm -f $(INSTALL_MANS:man/%=$(DESTDIR)$(mandir)/man1/%)
	$(Q)rm -f $(INSTALL_DOCS:%=$(D_DOC)/%)
	$(Q)rmdir $(D_DOC) 2>/dev/null || true
