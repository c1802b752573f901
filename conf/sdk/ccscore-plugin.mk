# ccscore-plugin.mk: build, install and test a ccscore plugin.
#
# A plugin's whole Makefile:
#
#   PLUGIN = long_calls
#   SOURCES = long_calls.c
#   include $(shell pkg-config --variable=pluginmk ccscore)
#
# make            builds PLUGIN.so against the installed <ccscore/plugin.h>
# make check      runs the tests in test/ (see ccscore-plugin-test: test/expect
#                 names the ccscore runs and the figures they must report)
# make install    copies PLUGIN.so into ccscore's plugin folder; a user folder
#                 instead: make install PLUGINDIR=$$HOME/.local/lib/ccscore
#                 (then plugin_path = that folder in the policy)
# make clean
#
# Variables a Makefile (or the command line) may set before or after the
# include: CFLAGS, CPPFLAGS, LDFLAGS, LIBS (e.g. -lm), PLUGINDIR, TESTDIR.

PKG_CONFIG ?= pkg-config
CC ?= cc
CFLAGS ?= -O2 -g
TESTDIR ?= test
CCSCORE_CFLAGS := $(shell $(PKG_CONFIG) --cflags ccscore)
PLUGINDIR ?= $(shell $(PKG_CONFIG) --variable=plugindir ccscore)
CCSCORE ?= $(shell $(PKG_CONFIG) --variable=bindir ccscore)/ccscore
CCSCORE_PLUGIN_TEST ?= $(shell $(PKG_CONFIG) --variable=plugintest ccscore)

ifeq ($(strip $(PLUGIN)),)
$(error set PLUGIN = the module's name (as in CCS_MODULE) before including ccscore-plugin.mk)
endif
ifeq ($(strip $(SOURCES)),)
$(error set SOURCES = the plugin's .c files before including ccscore-plugin.mk)
endif

all: $(PLUGIN).so

$(PLUGIN).so: $(SOURCES) $(wildcard *.h)
	$(CC) -shared -fPIC -Wall -Wextra $(CCSCORE_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) \
	  -o $@ $(SOURCES) $(LIBS)

check: $(PLUGIN).so
	CCSCORE='$(CCSCORE)' '$(CCSCORE_PLUGIN_TEST)' '$(TESTDIR)'

install: $(PLUGIN).so
	install -d '$(DESTDIR)$(PLUGINDIR)'
	install -m 644 $(PLUGIN).so '$(DESTDIR)$(PLUGINDIR)/$(PLUGIN).so'

uninstall:
	rm -f '$(DESTDIR)$(PLUGINDIR)/$(PLUGIN).so'

clean:
	rm -f $(PLUGIN).so

.PHONY: all check install uninstall clean
