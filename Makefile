# imsguard: the IMS Guard cluster resource DLL and its Wine test bed.
# See README.md. All outputs go under build/<something>/.

.DEFAULT_GOAL := all
.SECONDARY:
.DELETE_ON_ERROR:
BUILD := build
include build/config.mk

# Quiet by default: one line per file built ("  CC   build/x86_64/obj/..."),
# warnings and errors as the compiler prints them. make V=1 shows every
# command line in full.
V ?= 0
ifeq ($(V),1)
Q   :=
say  = :
else
Q   := @
say  = printf '  %-5s %s\n' '$(1)' '$(2)'
endif

# Wine's helpers (winemenubuilder) write menu entries and caches under the
# XDG directories; keep everything a test does inside build/.
export XDG_DATA_HOME   := $(CURDIR)/$(BUILD)/xdg/data
export XDG_CONFIG_HOME := $(CURDIR)/$(BUILD)/xdg/config
export XDG_CACHE_HOME  := $(CURDIR)/$(BUILD)/xdg/cache

# ---------------------------------------------------------------- sources
CORE_SRC := $(sort $(wildcard resdll/core/*.c))
DLL_SRC  := $(CORE_SRC) $(sort $(wildcard resdll/win/*.c)) $(sort $(wildcard resdll/*.c))
MSG_MC   := resdll/imsguard_msg.mc
GEN      := $(BUILD)/gen

DLL_LIBS := -lclusapi -ladvapi32 -lversion -lws2_32 -lkernel32

# ---------------------------------------------------------------- message table
# windmc writes the header (arch independent) and the .rc/.bin it includes:
# one run makes both (a grouped target, so a parallel build runs it once).
$(GEN)/imsguard_msg.h $(GEN)/imsguard_msg.rc &: $(MSG_MC) | $(GEN)/
	@$(call say,MC,$@)
	$(Q)$(CROSS_x86_64)windmc -U -h $(GEN) -r $(GEN) -b $<

# ---------------------------------------------------------------- shell constants
# What the shell scripts need of the C headers (refusal codes, IMS builds,
# exit codes, a few Win32 codes), written from the headers themselves:
# scripts source $(GEN)/consts.sh instead of copying numbers.
CONSTS_SH      := $(GEN)/consts.sh
CONSTS_HEADERS := include/imsguard.h tests/bed/msexcimc/ims.h tests/bed/common/bedtest.h
# The path of mingw's winerror.h, asked of the compiler. Only a line naming
# winerror.h is taken: on a fresh machine, before build/deps.sh has installed
# mingw-w64, the compiler is missing, the path is empty and the sub-makes
# that build (make check, make demo) ask again once it is there. (Taking the
# shell's "not found" line made make stop on its colons before deps ran.)
WINERROR_H     := $(shell printf '\043include <winerror.h>\n' | $(CROSS_x86_64)gcc -E -H -x c - 2>&1 >/dev/null | \
                    sed -n '/winerror\.h$$/{s/^[. ]*//p;q;}')
$(CONSTS_SH): tests/lib/genconsts.sh $(CONSTS_HEADERS) $(WINERROR_H) | $(GEN)/
	@$(call say,GEN,$@)
	$(Q)sh $< $(CONSTS_HEADERS) $(WINERROR_H) > $@

# ---------------------------------------------------------------- per-arch rules
# $(1) = arch. PE objects of the project's own sources.
define arch_rules
CC_$(1)      := $$(CROSS_$(1))gcc
WINDRES_$(1) := $$(CROSS_$(1))windres
OBJDUMP_$(1) := $$(CROSS_$(1))objdump

$(BUILD)/$(1)/obj/%.o: %.c $(GEN)/imsguard_msg.h | dirs
	@mkdir -p $$(@D)
	@$(call say,CC,$$@)
	$(Q)$$(CC_$(1)) $$(WIN_CFLAGS) -I$(GEN) -MMD -MP -c $$< -o $$@

$(BUILD)/$(1)/obj/%.res.o: %.rc $(GEN)/imsguard_msg.rc | dirs
	@mkdir -p $$(@D)
	@$(call say,RC,$$@)
	$(Q)$$(WINDRES_$(1)) -Iinclude -I$(GEN) $$(RCFLAGS_$$*) -i $$< -o $$@

$(BUILD)/$(1)/imsguard.dll: $$(patsubst %.c,$(BUILD)/$(1)/obj/%.o,$$(DLL_SRC)) \
                           $(BUILD)/$(1)/obj/resdll/imsguard.res.o resdll/imsguard.def
	@$(call say,LINK,$$@)
	$(Q)$$(CC_$(1)) -shared -o $$@ $$(filter %.o,$$^) resdll/imsguard.def \
	    $$(WIN_LDFLAGS) $$(DLL_LIBS)

-include $$(shell find $(BUILD)/$(1)/obj -name '*.d' 2>/dev/null)
endef
$(foreach a,$(ARCHES),$(eval $(call arch_rules,$(a))))

# ---------------------------------------------------------------- test bed modules
# Each tests/bed/<name>/module.mk adds <name> to BED_MODULES and sets
# <name>_KIND (exe|dll), <name>_SRC, optional <name>_RC, <name>_DEF,
# <name>_LIBS; or writes its own rules with the variables above.
BED_MODULES :=
BED_OUTPUTS :=
include $(sort $(wildcard tests/bed/*/module.mk tools/*/module.mk))

# $(1) = arch, $(2) = module
define bed_rules
$(BUILD)/$(1)/$(2).$$($(2)_KIND): $$(patsubst %.c,$(BUILD)/$(1)/obj/%.o,$$($(2)_SRC)) \
        $$(patsubst %.rc,$(BUILD)/$(1)/obj/%.res.o,$$($(2)_RC)) $$($(2)_DEF)
	@$(call say,LINK,$$@)
	$(Q)$$(CC_$(1)) $$(if $$(filter dll,$$($(2)_KIND)),-shared) -o $$@ \
	    $$(filter %.o,$$^) $$($(2)_DEF) $$(WIN_LDFLAGS) $$($(2)_LIBS)
endef
$(foreach a,$(ARCHES),$(foreach m,$(BED_MODULES),$(eval $(call bed_rules,$(a),$(m)))))

BED_OUTPUTS += $(foreach a,$(ARCHES),$(foreach m,$(BED_MODULES),$(BUILD)/$(a)/$(m).$($(m)_KIND)))

# ---------------------------------------------------------------- native unit tests
UNIT_SRC   := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS  := $(patsubst tests/unit/%.c,$(BUILD)/native/%,$(UNIT_SRC))
NATIVE_OBJ := $(patsubst %.c,$(BUILD)/native/obj/%.o,$(CORE_SRC))

$(BUILD)/native/obj/%.o: %.c | dirs
	@mkdir -p $(@D)
	@$(call say,CC,$@)
	$(Q)$(NATIVE_CC) $(NATIVE_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/native/test_%: tests/unit/test_%.c $(NATIVE_OBJ) tests/unit/unit.h | dirs
	@$(call say,LINK,$@)
	$(Q)$(NATIVE_CC) $(NATIVE_CFLAGS) -Itests/unit -o $@ $< $(NATIVE_OBJ) $(NATIVE_LIBS)

-include $(shell find $(BUILD)/native/obj -name '*.d' 2>/dev/null)

# ---------------------------------------------------------------- top-level targets
DLLS := $(foreach a,$(ARCHES),$(BUILD)/$(a)/imsguard.dll)

.PHONY: all dlls bed deps check unit-test dll-check bed-test wine-test demo clean stop-wine dirs
all: dlls bed $(UNIT_BINS)
dlls: $(DLLS)
bed: $(BED_OUTPUTS) $(CONSTS_SH)

dirs: | $(GEN)/ $(BUILD)/native/
%/:
	@mkdir -p $@

deps:
	@sh build/deps.sh

# Each suite's command, in one place: its make target and `make flake` run it.
# The Wine suites run in a network namespace of their own (tests/netns.sh):
# their ports cannot collide with another suite's or a leftover process's.
NETNS              = sh tests/netns.sh
SUITE_unit         = sh tests/run-unit.sh $(UNIT_BINS)
SUITE_make         = sh tests/check-make.sh $(MAKE)
SUITE_dll          = sh tests/check-dll.sh $(foreach a,$(ARCHES),$(a):$(BUILD)/$(a)/imsguard.dll)
SUITE_checkers     = bash tests/wine/expect-check.sh
SUITE_bed-resmon   = $(NETNS) bash tests/bed/resmon/selftest.sh x86_64 i686
SUITE_bed-clusapi  = $(NETNS) bash tests/bed/clusapi/selftest.sh
SUITE_bed-clusreg  = $(NETNS) bash tests/bed/clusreg/selftest.sh
SUITE_bed-ims      = $(NETNS) bash tests/bed/msexcimc/selftest.sh
SUITE_wine         = $(NETNS) bash tests/wine/run.sh
SUITE_wine-x86_64  = $(NETNS) env IG_ARCHES=x86_64 bash tests/wine/run.sh
SUITE_wine-i686    = $(NETNS) env IG_ARCHES=i686 bash tests/wine/run.sh
SUITE_admin        = $(NETNS) bash tests/admin/run.sh
SUITE_failover     = $(NETNS) $(FO_BIN) --out $(BUILD)/failover $(FO_SCENARIOS)
SUITE_fuzz         = sh tests/fuzz/run.sh 5 $(FUZZ_BINS)
SUITE_soak         = $(NETNS) bash tests/soak/run.sh 0.1

unit-test: $(UNIT_BINS)
	@sh tests/suite.sh unit $(SUITE_unit)

# The DLLs export Startup undecorated and import nothing from resutils.
dll-check: $(DLLS)
	@sh tests/suite.sh dll $(SUITE_dll)

# The test bed's own self-tests: the emulator, clusapi.dll and the IMS
# stand-in are checked before their verdicts on the DLL are trusted.
bed-test: all
	@sh tests/suite.sh bed-resmon $(SUITE_bed-resmon)
	@sh tests/suite.sh bed-clusapi $(SUITE_bed-clusapi)
	@sh tests/suite.sh bed-clusreg $(SUITE_bed-clusreg)
	@sh tests/suite.sh bed-ims $(SUITE_bed-ims)

wine-test: all
	@sh tests/suite.sh wine $(SUITE_wine)

# make check: everything built first (in parallel), then every suite, in
# CHECK_JOBS lanes (default 2, one per core: the Wine suites spend much of
# their time waiting on Wine, so two lanes take about half the time of one),
# the longest suites first so that the lanes end together. Each Wine suite
# runs in a network namespace and on prefixes of its own, so lanes share
# nothing but the per-architecture template prefix, whose boot is locked
# (tests/wine/lib.sh). With more than one lane a suite's output goes to
# build/results/<suite>.log and the terminal gets its verdict line, and
# when it failed its failing checks and the log's last lines; CHECK_JOBS=1
# runs them one after another with their whole output.
CHECK_JOBS   ?= 2
CHECK_SUITES := wine-x86_64 wine-i686 failover pacemaker bed-ims admin bed-resmon ocf bed-clusreg stress fuzz \
                bed-clusapi soak failover-cli unit dll checkers make
SUITE_failover-cli = bash $(FO_DIR)/cli.sh $(FO_BIN)
SUITE_stress       = bash tests/stress/run.sh --count $(STRESS_CHECK_COUNT) --seed 1 --batch 12 --jobs 2
.PHONY: check-build check-suites $(addprefix check-suite-,$(CHECK_SUITES))
check: deps
	@$(MAKE) --no-print-directory -j$(CHECK_BUILD_JOBS) check-build
	@$(FO_BIN) --check $(FO_SCENARIOS)
	@rm -rf $(BUILD)/results
	@started=$$(date +%s); \
	    $(MAKE) --no-print-directory -k -j$(CHECK_JOBS) check-suites; \
	    sh tests/suite.sh --summary $(CHECK_SUITES); rc=$$?; \
	    echo "check: suites took $$(( $$(date +%s) - started )) s of wall time in $(CHECK_JOBS) lane(s)"; \
	    exit $$rc
check-suites: $(addprefix check-suite-,$(CHECK_SUITES))
$(addprefix check-suite-,$(CHECK_SUITES)): check-suite-%:
	@IG_SUITE_QUIET=$(if $(filter 1,$(CHECK_JOBS)),0,1) sh tests/suite.sh $* $(SUITE_$*)
CHECK_BUILD_JOBS ?= $(shell nproc 2>/dev/null || echo 2)

# make flake SUITES="bed-ims admin" RUNS=5 [LOAD=2]: each suite RUNS times
# (beside LOAD CPU hogs), every check's pass rate (tests/flake.sh). For one
# failover scenario: SUITES=failover FO_SCENARIOS=tests/failover/scenarios/x.scn
SUITES ?= bed-ims admin failover
RUNS   ?= 3
LOAD   ?= 0
.PHONY: flake
flake: deps
	@$(MAKE) --no-print-directory all $(FUZZ_BINS)
	@bash tests/flake.sh --runs '$(RUNS)' --load '$(LOAD)' --out '$(or $(FLAKE_OUT),$(BUILD)/flake)' \
	    $(foreach s,$(SUITES),'$(s)' '$(SUITE_$(s))')

demo: deps
	@$(MAKE) --no-print-directory all
	@bash tests/demo.sh

# stop-wine: ends every process whose WINEPREFIX is under build/ (an
# interrupted make check leaves Wine processes; the next run refuses their
# prefixes). clean stops, removing nothing, if one could not be ended.
stop-wine:
	@bash tests/wine/stop.sh '$(BUILD)'

clean: stop-wine
	rm -rf $(BUILD)/*/

# ---------------------------------------------------------------- hardening (issue 6)
# fuzz / fuzz-short: libFuzzer targets of the pure core (tests/fuzz/run.sh).
# bench: entry-point latency under Wine (tests/bench/run.sh).
# soak / soak-short: leaks over long runs under Wine (tests/soak/run.sh).
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
SOAK_SCALE   ?= 1
FUZZ_CFLAGS  := -std=c11 -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter \
                -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
                -fno-omit-frame-pointer -Iinclude -Iresdll/core -Itests/fuzz
FUZZ_BINS    := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
# What a bench/soak node needs (tests/bench/node.sh), and no more.
bench_needs   = $(addprefix $(BUILD)/$(1)/,imsguard.dll clusapi.dll imsctl.exe resmon.exe clusreg.exe imscheck.exe \
                  bench.exe ims/5.5.2448.0/msexcimc.exe)
BENCH_NEEDS  := $(call bench_needs,x86_64)
# make bench [RUNS=n | BENCH_RUNS=n] [BENCH_ARCHES="x86_64 i686"]: the whole
# measurement n times per architecture, the medians reported (tests/bench).
BENCH_RUNS   ?= $(or $(RUNS),1)
BENCH_ARCHES ?= $(ARCHES)
# The pure part of bench.exe (tests/bed/bench/module.mk), also built
# natively: benchsum summarises the runs, test_bench tests it.
BENCHSUM        := $(BUILD)/native/benchsum
BENCH_UNIT_BINS := $(BUILD)/native/bench-unit/test_bench
BENCH_PURE_HDR  := $(BENCH_PURE_SRC:.c=.h)

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(CORE_SRC) $(wildcard resdll/core/*.h)
	@mkdir -p $(@D)
	@$(call say,LINK,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(CORE_SRC) $(FUZZ_EXTRA_SRC)

# The failover scenario parser's target links the parser as well.
$(BUILD)/fuzz/fuzz_scn: $(wildcard tests/failover/src/scn*.[ch]) tests/failover/src/era.c tests/failover/src/era.h \
        tests/common/tok.c tests/common/tok.h
$(BUILD)/fuzz/fuzz_scn: FUZZ_EXTRA_SRC := tests/failover/src/scn.c tests/failover/src/scn_decl.c \
        tests/failover/src/scn_step.c tests/failover/src/era.c tests/common/tok.c
$(BUILD)/fuzz/fuzz_scn: FUZZ_CFLAGS += -Itests/failover/src -Itests/common

# clusreg's import parser is the test bed's own pure C, not the core's.
$(BUILD)/fuzz/fuzz_regtext: tests/fuzz/fuzz_regtext.c tests/fuzz/fuzz.h tests/bed/clusreg/regtext.c \
        tests/bed/clusreg/regtext.h
	@mkdir -p $(@D)
	@$(call say,LINK,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -Itests/bed/clusreg -o $@ $< tests/bed/clusreg/regtext.c

.PHONY: fuzz fuzz-short bench soak soak-short
fuzz: $(FUZZ_BINS)
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BINS)
fuzz-short: $(FUZZ_BINS)
	@sh tests/fuzz/run.sh 10 $(FUZZ_BINS)
bench: $(foreach a,$(BENCH_ARCHES),$(call bench_needs,$(a))) $(BENCHSUM)
	@BENCH_RUNS='$(BENCH_RUNS)' BENCH_ARCHES='$(BENCH_ARCHES)' BENCHSUM='$(BENCHSUM)' bash tests/bench/run.sh
soak: $(BENCH_NEEDS)
	@bash tests/soak/run.sh $(SOAK_SCALE)
soak-short: $(BENCH_NEEDS)
	@bash tests/soak/run.sh 0.1

$(BENCHSUM): tests/bed/bench/benchsum.c $(BENCH_PURE_SRC) $(BENCH_PURE_HDR) | dirs
	@$(call say,LINK,$@)
	$(Q)$(NATIVE_CC) $(NATIVE_CFLAGS) -o $@ tests/bed/bench/benchsum.c $(BENCH_PURE_SRC) -lm

$(BUILD)/native/bench-unit/test_%: tests/bed/bench/unit/test_%.c $(BENCH_PURE_SRC) $(BENCH_PURE_HDR) \
        tests/unit/unit.h | dirs
	@mkdir -p $(@D)
	@$(call say,LINK,$@)
	$(Q)$(NATIVE_CC) $(NATIVE_CFLAGS) -Itests/unit -Itests/bed/bench -o $@ $< $(BENCH_PURE_SRC) $(NATIVE_LIBS) -lm

UNIT_BINS += $(BENCH_UNIT_BINS)
all: $(BENCHSUM) $(BENCH_UNIT_BINS)
unit-test: $(BENCH_UNIT_BINS)

# The short fuzz and soak runs of make check (make fuzz / make soak run long).
.PHONY: fuzz-check soak-check
fuzz-check: $(FUZZ_BINS)
	@sh tests/suite.sh fuzz $(SUITE_fuzz)
soak-check: $(BENCH_NEEDS)
	@sh tests/suite.sh soak $(SUITE_soak)

# ---------------------------------------------------------------- race stress (issue 9)
# stress: seeded interleavings of Online/Offline/Terminate/LooksAlive/IsAlive/
# Close against the real DLL and the IMS stand-in (tests/stress/run.sh), then
# its self-check: a DLL whose Terminate skips the kill must fail it.
# stress-check: the short fixed-seed slice make check runs.
STRESS_COUNT ?= 2000
STRESS_JOBS ?= 4
STRESS_CHECK_COUNT ?= 24
.PHONY: stress stress-check stress-self-check
stress: dlls bed
	@bash tests/stress/run.sh --count $(STRESS_COUNT) --jobs $(STRESS_JOBS); run=$$?; \
	    bash tests/stress/run.sh --self-check; self=$$?; [ $$run -eq 0 ] && [ $$self -eq 0 ]
stress-check: dlls bed
	@sh tests/suite.sh stress $(SUITE_stress)
stress-self-check: dlls bed
	@bash tests/stress/run.sh --self-check

# The self-check's broken DLL: copies of resdll/*.c with every
# TerminateProcess( made a no-op, built like the real one.
STRESS_BROKEN_SRC := $(patsubst resdll/%,$(BUILD)/stress/broken-src/resdll/%,$(DLL_SRC))
$(BUILD)/stress/broken-src/resdll/%.c: resdll/%.c
	@mkdir -p $(@D)
	@$(call say,GEN,$@)
	$(Q)sed 's/TerminateProcess(/IG_STRESS_NO_KILL(/g' $< > $@
define stress_broken_rules
$(BUILD)/$(1)/obj/$(BUILD)/stress/%.o: WIN_CFLAGS += '-DIG_STRESS_NO_KILL(p,c)=SetHandleInformation((p), 0, 0 * (c))'
$(BUILD)/stress/broken/$(1)/imsguard.dll: $$(patsubst %.c,$(BUILD)/$(1)/obj/%.o,$$(STRESS_BROKEN_SRC)) \
                                        $(BUILD)/$(1)/obj/resdll/imsguard.res.o resdll/imsguard.def
	@mkdir -p $$(@D)
	@$(call say,LINK,$$@)
	$(Q)$$(CC_$(1)) -shared -o $$@ $$(filter %.o,$$^) resdll/imsguard.def $$(WIN_LDFLAGS) $$(DLL_LIBS)
endef
$(foreach a,$(ARCHES),$(eval $(call stress_broken_rules,$(a))))

# ---------------------------------------------------------------- admin extension (issue 5)
# Cluster Administrator integration: admin/ (imsguardex.dll,
# register.cmd) and tests/admin/ (cluadminhost.exe, the AdminExtensions list
# test, run.sh). `admin` builds them (part of `all`); `admin-test` runs
# tests/admin/run.sh (Xvfb + Wine; screenshots in build/admin/).
ADMIN_MODULES :=
include admin/module.mk tests/admin/module.mk
$(foreach a,$(ARCHES),$(foreach m,$(ADMIN_MODULES),$(eval $(call bed_rules,$(a),$(m)))))
ADMIN_OUTPUTS := $(foreach a,$(ARCHES),$(foreach m,$(ADMIN_MODULES),$(BUILD)/$(a)/$(m).$($(m)_KIND))) \
                 $(BUILD)/native/admin-multisz

$(BUILD)/native/admin-multisz: tests/admin/test_multisz.c admin/multisz.c admin/multisz.h | dirs
	@$(call say,LINK,$@)
	$(Q)$(NATIVE_CC) $(NATIVE_CFLAGS) -Iadmin -o $@ tests/admin/test_multisz.c admin/multisz.c $(NATIVE_LIBS)

.PHONY: admin admin-test
all: admin
admin: $(ADMIN_OUTPUTS)
admin-test: all
	@sh tests/suite.sh admin $(SUITE_admin)
# ---------------------------------------------------------------- end of admin extension

# ---------------------------------------------------------------- shared test-bed code (issue 14)
# tests/common: pure C11 (no platform calls) shared by the native tools and,
# through their module.mk, the bed's PE ones: tok.c, the quoted-word
# tokenizer. Its cmocka tests (tests/common/unit) run in unit-test.
COMMON_DIR       := tests/common
COMMON_SRC       := $(COMMON_DIR)/tok.c
COMMON_HDR       := $(COMMON_SRC:.c=.h)
COMMON_UNIT_BINS := $(patsubst $(COMMON_DIR)/unit/%.c,$(BUILD)/native/common-unit/%,\
                      $(sort $(wildcard $(COMMON_DIR)/unit/test_*.c)))

$(BUILD)/native/common-unit/test_%: $(COMMON_DIR)/unit/test_%.c $(COMMON_SRC) $(COMMON_HDR) \
        tests/unit/unit.h | dirs
	@mkdir -p $(@D)
	@$(call say,LINK,$@)
	$(Q)$(NATIVE_CC) $(NATIVE_CFLAGS) -Itests/unit -I$(COMMON_DIR) -o $@ $< $(COMMON_SRC) $(NATIVE_LIBS)

UNIT_BINS += $(COMMON_UNIT_BINS)
all: $(COMMON_UNIT_BINS)
unit-test: $(COMMON_UNIT_BINS)

# ---------------------------------------------------------------- failover tests (issue 4)
# build/native/failover: the failover coordinator (tests/failover/src: C11 +
# POSIX, native). Its pure parts (scenario parser, policy, report-line
# parser) have cmocka tests in tests/failover/unit, built with the unit
# tests' sanitizer flags and run by unit-test. failover-test runs the
# scenario library under Wine (through tests/suite.sh, as suite "failover":
# ready for CHECK_SUITES), about two minutes; failover-check only parses it,
# then tries the tool's command line with bad input (tests/failover/cli.sh,
# suite "failover-cli": no Wine but for one short scenario, whose first
# monitor a stand-in wine fails as Wine's launch failure does; seconds).
FO_DIR       := tests/failover
# The parser judges initial properties with the DLL's own validator: the
# pure core (resdll/core) is linked in, as the unit tests link it.
FO_PURE_SRC  := $(FO_DIR)/src/scn.c $(FO_DIR)/src/scn_decl.c $(FO_DIR)/src/scn_step.c \
                $(FO_DIR)/src/era.c $(FO_DIR)/src/policy.c $(FO_DIR)/src/policy_admin.c \
                $(FO_DIR)/src/policy_time.c \
                $(FO_DIR)/src/resline.c $(COMMON_SRC) $(CORE_SRC)
FO_SRC       := $(FO_PURE_SRC) $(FO_DIR)/src/proc.c $(FO_DIR)/src/report.c $(FO_DIR)/src/report_log.c \
                $(FO_DIR)/src/report_junit.c $(FO_DIR)/src/report_svg.c $(FO_DIR)/src/report_html.c \
                $(FO_DIR)/src/failover.c $(FO_DIR)/src/runner.c $(FO_DIR)/src/events.c \
                $(FO_DIR)/src/nodes.c $(FO_DIR)/src/db.c $(FO_DIR)/src/monitor.c \
                $(FO_DIR)/src/lines.c $(FO_DIR)/src/actions.c $(FO_DIR)/src/expect.c
FO_HDR       := $(wildcard $(FO_DIR)/src/*.h) $(COMMON_HDR) include/imsguard.h \
                $(wildcard resdll/core/*.h)
FO_BIN       := $(BUILD)/native/failover
# (snprintf truncation is the intended bound of every text the tool builds.)
FO_CFLAGS    := -std=c11 -O2 -g -Wall -Wextra -Werror -Wformat=2 -Wno-format-truncation \
                -Wno-unused-parameter -Iinclude -Iresdll/core -I$(FO_DIR)/src -I$(COMMON_DIR)
FO_UNIT_BINS := $(patsubst $(FO_DIR)/unit/%.c,$(BUILD)/native/failover-unit/%,\
                  $(sort $(wildcard $(FO_DIR)/unit/test_failover_*.c)))
FO_SCENARIOS := $(sort $(wildcard $(FO_DIR)/scenarios/*.scn))

$(FO_BIN): $(FO_SRC) $(FO_HDR)
	@mkdir -p $(@D)
	@$(call say,LINK,$@)
	$(Q)$(NATIVE_CC) $(FO_CFLAGS) -o $@ $(FO_SRC)

$(BUILD)/native/failover-unit/test_failover_%: $(FO_DIR)/unit/test_failover_%.c $(FO_PURE_SRC) \
        $(FO_HDR) $(wildcard $(FO_DIR)/unit/*.h) tests/unit/unit.h
	@mkdir -p $(@D)
	@$(call say,LINK,$@)
	$(Q)$(NATIVE_CC) $(NATIVE_CFLAGS) -I$(FO_DIR)/src -I$(COMMON_DIR) -Itests/unit -o $@ $< $(FO_PURE_SRC) \
	    $(NATIVE_LIBS)

UNIT_BINS += $(FO_UNIT_BINS)
all: $(FO_BIN) $(FO_UNIT_BINS)
unit-test: $(FO_UNIT_BINS)

.PHONY: failover-test failover-check
failover-test: all
	@sh tests/suite.sh failover $(SUITE_failover)
failover-check: $(FO_BIN)
	@$(FO_BIN) --check $(FO_SCENARIOS)
	@sh tests/suite.sh failover-cli $(SUITE_failover-cli)
# ---------------------------------------------------------------- end of failover tests

# ---------------------------------------------------------------- the Pacemaker bridge (issue 15)
# ocf-install (tools/ocf/module.mk, included with tools/*); ocf-test here.
include tests/ocf/module.mk

# pacemaker-test, demo-pacemaker: real Pacemaker clusters in namespaces.
include tests/pacemaker/module.mk

# make check's build: at the end, since a rule's prerequisites are expanded
# when make reads it, and FUZZ_BINS and BENCH_NEEDS are only set above.
check-build: all $(FUZZ_BINS) $(BENCH_NEEDS)
