# hdx — health data exchange toolkit.
#
#   make            build the tools into build/bin
#   make check      install missing packages (as root), build a second copy
#                   with ASan/UBSan into build-san/ and run every test with it
#   make demo       the nightly chain on the embedded demo hospital
#   make bench      benchmarks (bench/README.md): every stage and the chain
#   make bench-scale  the chain at 0.1M, 1M and 10M rows
#   make torture    the crash tests at 20 kill points
#   make valgrind   the demo chain with every tool under valgrind
#   make install    PREFIX=/usr/local DESTDIR=

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
MANDIR   = $(PREFIX)/share/man
DATADIR  = $(PREFIX)/share/hdx

BUILD ?= build
SAN   ?=

PKGS     = libpq odbc jansson libcurl openssl check sqlite3
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs libpq odbc jansson libcurl openssl sqlite3 2>/dev/null)
CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null)

WARN    = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
# Link-time optimisation: the hot paths cross modules (a rule's check calls
# rules_typed(), buf_add(), hmap_hash() of other files); hdx-check's CPU
# is 8-14% less with it (bench/README.md).
CFLAGS ?= -O2 -g -flto=auto
# GCC 12 warns "may be used uninitialized" at link time where code is
# inlined across files and an out-parameter is set only on success; the
# sanitizer build (make check) compiles each file with the warning on.
LDFLAGS ?= -Wno-maybe-uninitialized
ifneq ($(SAN),)
CFLAGS  = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
endif
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -pthread $(WARN) $(CFLAGS) -Ilib $(PKG_CFLAGS) \
	-DHDX_DATADIR='"$(DATADIR)"'
LIBS = -lcsv $(PKG_LIBS) -lm -pthread

LIB_SRC  := $(wildcard lib/*.c)
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
TOOL_SRC := $(wildcard extract/hdx-*.c map/hdx-*.c validate/hdx-*.c upload/hdx-*.c)
TOOLS    := $(patsubst %.c,$(BUILD)/bin/%,$(notdir $(TOOL_SRC)))
UNIT_SRC := $(wildcard test/unit/test_*.c)
UNITS    := $(UNIT_SRC:test/unit/%.c=$(BUILD)/test/%)
FUZZ_SRC := $(wildcard test/fuzz/fuzz_*.c)
REPLAYS  := $(FUZZ_SRC:test/fuzz/%.c=$(BUILD)/test/replay_%)
SCRIPTS  := $(wildcard scripts/hdx-*) scripts/install-cron
MANPAGES := $(wildcard man/*.[1-8])

vpath hdx-%.c extract map validate upload

.PHONY: all check units demo bench bench-scale torture valgrind install clean deps lint-man fuzz
all: $(TOOLS)

$(BUILD)/lib/%.o: lib/%.c lib/*.h | $(BUILD)/lib
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/libhdx.a: $(LIB_OBJ)
	@$(AR) rcs $@ $^

$(BUILD)/bin/%: %.c $(BUILD)/libhdx.a lib/*.h | $(BUILD)/bin
	@echo "  LD      $@"
	@$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libhdx.a $(LIBS)

$(BUILD)/test/%: test/unit/%.c test/unit/unit.h $(BUILD)/libhdx.a | $(BUILD)/test
	@echo "  LD      $@"
	@$(CC) $(ALL_CFLAGS) -Itest/unit $(LDFLAGS) -o $@ $< $(BUILD)/libhdx.a $(LIBS) $(CHECK_LIBS)

$(BUILD)/lib $(BUILD)/bin $(BUILD)/test:
	mkdir -p $@

deps:
	@scripts/install-deps --if-missing

# The tests run on the sanitizer build; build/ stays the optimised one.
check: deps
	$(MAKE) BUILD=build-san SAN=1 all units
	$(MAKE) BUILD=build-san lint-man
	HDX_BIN=$(CURDIR)/build-san/bin HDX_UNITS=$(CURDIR)/build-san/test test/run

units: $(UNITS) $(REPLAYS)

# The fuzz harnesses built as replayers of their seed corpus (make check),
# and with libFuzzer for a time-boxed run (make fuzz).
$(BUILD)/test/replay_%: test/fuzz/%.c $(BUILD)/libhdx.a | $(BUILD)/test
	@echo "  LD      $@"
	@$(CC) $(ALL_CFLAGS) -DFUZZ_REPLAY $(LDFLAGS) -o $@ $< $(BUILD)/libhdx.a $(LIBS)

FUZZ_SECONDS ?= 60
fuzz: deps
	@for h in $(FUZZ_SRC); do n=$$(basename $$h .c); c=$${n#fuzz_}; \
		clang $(ALL_CFLAGS) -fno-lto -O1 -fsanitize=fuzzer,address,undefined \
		    -o build/$$n $$h $(LIB_SRC) -lcsv $(PKG_LIBS) -lm || exit 1; \
		d=$$(mktemp -d); cp test/fuzz/$$c/* $$d/; \
		build/$$n -max_total_time=$(FUZZ_SECONDS) $$d || exit 1; rm -rf $$d; done

lint-man:
	@for m in $(MANPAGES); do mandoc -Tlint -Wwarning $$m || exit 1; done

demo: deps all
	demo/run-demo

bench: deps all
	bench/run-bench

bench-scale: deps all
	bench/run-scale

# The crash tests (the chain and each stage) at 20 kill points instead of
# the 3 of make check.
torture: deps all
	HDX_BIN=$(CURDIR)/build/bin HDX_UNITS=/nonexistent CRASH_POINTS=20 \
	    TESTS='crash*' test/run

# The demo chain with every tool under valgrind, on the optimised build.
valgrind: deps all
	HDX_BIN=$(CURDIR)/build/bin HDX_UNITS=/nonexistent HDX_VALGRIND=1 \
	    TESTS=valgrind test/run

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/dict/domains
	install -m 755 $(TOOLS) $(SCRIPTS) $(DESTDIR)$(BINDIR)
	install -m 644 scripts/lib.sh $(DESTDIR)$(DATADIR)/lib.sh
	install -m 644 dict/*.csv $(DESTDIR)$(DATADIR)/dict
	install -m 644 dict/domains/*.csv $(DESTDIR)$(DATADIR)/dict/domains
	for m in $(MANPAGES); do s=$${m##*.}; \
		install -d $(DESTDIR)$(MANDIR)/man$$s; \
		install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s; done

clean:
	rm -rf build build-san
