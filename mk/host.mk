# Host unit tests (cmocka) and micro-benchmarks: make -f mk/host.mk [all|check|bench|clean]
#
# Each tests/unit/<mod>/ holds test_*.c (plus helpers, all *.c are linked) and a
# sources.mk that appends to:
#   UNIT_SRCS    repo-relative sources under test
#   UNIT_LDLIBS  extra libraries (-lfdt)
#   UNIT_DEPS    generated inputs (rules for them live in that sources.mk;
#                UNIT_DIR names the module folder, UNIT_MOD the module)
# Every module gives one binary, built twice:
#   build/host/<mod>/test_<mod>       gcc -O1 -g
#   build/host-asan/<mod>/test_<mod>  clang ASan+UBSan, no recovery
# A module whose UNIT_SRCS are not all present yet is skipped (and said so).
#
# check: runs every binary with CMOCKA_MESSAGE_OUTPUT=TAP and prints TAP lines
# "ok N - <build>/<mod>: <test>" / "not ok N - ...", a crash or a short plan as
# one more "not ok", then "# N passed, N failed"; exits non-zero on any failure.

HOST_CC ?= gcc
ASAN_CC ?= clang
WARN := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes \
	-Wvla -Wpointer-arith -Wundef
HOST_INC := -Iinclude -Itests/fakes/include
HOST_CFLAGS := -std=gnu11 -O1 -g $(WARN) $(HOST_INC)
ASAN_CFLAGS := -std=gnu11 -O1 -g $(WARN) $(HOST_INC) -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all
BENCH_CFLAGS := -std=gnu11 -O2 -g $(WARN) $(HOST_INC)
HOST_HDRS := $(wildcard include/vmplat/*.h tests/fakes/include/*/*.h)

MODULES := $(sort $(patsubst tests/unit/%/sources.mk,%,$(wildcard tests/unit/*/sources.mk)))

# Read one module's sources.mk with the UNIT_* variables reset, then keep its
# values under per-module names, so nothing leaks into the next module.
define unit_module
UNIT_MOD := $(1)
UNIT_DIR := tests/unit/$(1)
UNIT_SRCS :=
UNIT_LDLIBS :=
UNIT_DEPS :=
include tests/unit/$(1)/sources.mk
SRCS_$(1) := $$(UNIT_SRCS) $$(sort $$(wildcard tests/unit/$(1)/*.c))
LDLIBS_$(1) := $$(UNIT_LDLIBS)
DEPS_$(1) := $$(UNIT_DEPS)
MISSING_$(1) := $$(filter-out $$(wildcard $$(UNIT_SRCS)),$$(UNIT_SRCS))
endef
$(foreach m,$(MODULES),$(eval $(call unit_module,$(m))))

BUILT_MODULES := $(foreach m,$(MODULES),$(if $(MISSING_$(m)),,$(m)))
SKIPPED_MODULES := $(filter-out $(BUILT_MODULES),$(MODULES))
BINS := $(foreach m,$(BUILT_MODULES),build/host/$(m)/test_$(m) build/host-asan/$(m)/test_$(m))

define unit_rules
build/host/$(1)/test_$(1): $$(SRCS_$(1)) $$(DEPS_$(1)) $$(HOST_HDRS) mk/host.mk tests/unit/$(1)/sources.mk
	@mkdir -p $$(@D)
	@echo "  HOSTCC  $$@"
	@$$(HOST_CC) $$(HOST_CFLAGS) -Itests/unit/$(1) $$(SRCS_$(1)) -o $$@ $$(LDLIBS_$(1)) -lcmocka

build/host-asan/$(1)/test_$(1): $$(SRCS_$(1)) $$(DEPS_$(1)) $$(HOST_HDRS) mk/host.mk tests/unit/$(1)/sources.mk
	@mkdir -p $$(@D)
	@echo "  ASANCC  $$@"
	@$$(ASAN_CC) $$(ASAN_CFLAGS) -Itests/unit/$(1) $$(SRCS_$(1)) -o $$@ $$(LDLIBS_$(1)) -lcmocka
endef
$(foreach m,$(BUILT_MODULES),$(eval $(call unit_rules,$(m))))

.PHONY: all check bench clean
all: $(BINS)
	@$(foreach m,$(SKIPPED_MODULES),echo "  MISSING $(m): $(MISSING_$(m))";)

# One binary: prefix test names with build/module, add a "not ok" for a crash
# (non-zero exit without a failed test) or a plan the run fell short of.
define run_one
	out=$$(CMOCKA_MESSAGE_OUTPUT=TAP ASAN_OPTIONS=abort_on_error=0 "$(1)" 2>&1); rc=$$?; \
	printf '%s\n' "$$out" | sed -E 's@^(not ok|ok) ([0-9]+) - @\1 \2 - $(2): @'; \
	plan=$$(printf '%s\n' "$$out" | sed -nE 's/^1\.\.([0-9]+)$$/\1/p' | head -n1); \
	nok=$$(printf '%s\n' "$$out" | grep -cE '^ok [0-9]+ - '); \
	nfail=$$(printf '%s\n' "$$out" | grep -cE '^not ok [0-9]+ - '); \
	pass=$$((pass + nok)); fail=$$((fail + nfail)); \
	if [ "$$rc" -ne 0 ] && [ "$$nfail" -eq 0 ]; then \
		echo "not ok - $(2): exited with status $$rc"; fail=$$((fail + 1)); \
	elif [ -z "$$plan" ] || [ $$((nok + nfail)) -ne "$$plan" ]; then \
		echo "not ok - $(2): ran $$((nok + nfail)) of $${plan:-?} planned tests"; fail=$$((fail + 1)); \
	fi;
endef

check: $(BINS)
	@pass=0; fail=0; \
	$(foreach m,$(SKIPPED_MODULES),echo "not ok - $(m): sources missing: $(MISSING_$(m))"; fail=$$((fail + 1));) \
	$(foreach m,$(BUILT_MODULES),$(call run_one,build/host/$(m)/test_$(m),host/$(m)) \
		$(call run_one,build/host-asan/$(m)/test_$(m),asan/$(m))) \
	echo "# $$pass passed, $$fail failed"; \
	[ "$$fail" -eq 0 ]

# ---- micro-benchmarks (bench/*.c, each a main, with the sources it names) ----
BENCH_SRCS_pt_bench := core/pt.c core/pt_x86_64.c core/pt_vmsa.c
BENCH_SRCS_iommu_bench := core/pt.c drivers/iommu/pt_vtd.c
BENCHES := $(patsubst bench/%.c,%,$(wildcard bench/*.c))

define bench_rules
build/host/bench/$(1): bench/$(1).c $$(BENCH_SRCS_$(1)) $$(HOST_HDRS) mk/host.mk
	@mkdir -p $$(@D)
	@echo "  HOSTCC  $$@"
	@$$(HOST_CC) $$(BENCH_CFLAGS) $$(filter %.c,$$^) -o $$@
endef
$(foreach b,$(BENCHES),$(eval $(call bench_rules,$(b))))

bench: $(patsubst %,build/host/bench/%,$(BENCHES))
	@for b in $^; do echo "# $$b"; ./$$b || exit 1; done

clean:
	rm -rf build/host build/host-asan
