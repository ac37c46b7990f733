# libFuzzer harnesses: make -f mk/fuzz.mk [fuzz|build|clean]  (make fuzz)
#
# A harness is tests/fuzz/<name>.c (LLVMFuzzerTestOneInput) with
# tests/fuzz/<name>.mk setting FUZZ_SRCS_<name> (the code under test) and a
# seed corpus in tests/fuzz/corpus/<name>/. Each is built as build/fuzz/<name>
# (clang -fsanitize=fuzzer,address,undefined) and run for FUZZ_SECONDS
# (default 60) on build/fuzz/corpus-<name>/ seeded from the checked-in corpus;
# findings land in build/fuzz/<name>-crash-* and the run fails.
# A harness given files replays them: build/fuzz/iso9660 crash-file...
# Optional per harness: FUZZ_LIBS_<name> (extra libraries: -lfdt -lz) and
# FUZZ_INC_<name> (extra include folders: -Iarch/x86_64).
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_RSS_MB ?= 2048
WARN := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes \
	-Wvla -Wpointer-arith -Wundef
FUZZ_CFLAGS := -std=gnu11 -O1 -g $(WARN) -Iinclude -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

FUZZ_NAMES := $(patsubst tests/fuzz/%.mk,%,$(wildcard tests/fuzz/*.mk))
include $(wildcard tests/fuzz/*.mk)
FUZZ_BINS := $(patsubst %,build/fuzz/%,$(FUZZ_NAMES))

define fuzz_rules
build/fuzz/$(1): tests/fuzz/$(1).c $$(FUZZ_SRCS_$(1)) $$(wildcard include/vmplat/*.h tests/fuzz/*.h) \
		tests/fuzz/$(1).mk mk/fuzz.mk
	@mkdir -p $$(@D)
	@echo "  FUZZCC  $$@"
	@$$(FUZZ_CC) $$(FUZZ_CFLAGS) -Itests/fuzz $$(FUZZ_INC_$(1)) $$(filter %.c,$$^) -o $$@ \
		$$(FUZZ_LIBS_$(1))
endef
$(foreach n,$(FUZZ_NAMES),$(eval $(call fuzz_rules,$(n))))

.PHONY: fuzz build clean
build: $(FUZZ_BINS)

# One line per harness: "ok - fuzz/<name>: N runs in S s" or "not ok - ...".
fuzz: $(FUZZ_BINS)
	@fail=0; for n in $(FUZZ_NAMES); do \
		mkdir -p build/fuzz/corpus-$$n; \
		log=build/fuzz/$$n.log; \
		if build/fuzz/$$n -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
			-rss_limit_mb=$(FUZZ_RSS_MB) -print_final_stats=1 \
			-artifact_prefix=build/fuzz/$$n- build/fuzz/corpus-$$n \
			tests/fuzz/corpus/$$n >$$log 2>&1; then \
			echo "ok - fuzz/$$n: $$(sed -nE 's/^stat::number_of_executed_units: *//p' $$log) runs in $(FUZZ_SECONDS) s, corpus $$(ls build/fuzz/corpus-$$n | wc -l)"; \
		else \
			echo "not ok - fuzz/$$n: finding in $$log:"; \
			grep -E 'ERROR|SUMMARY|Test unit written' $$log | head -5 | sed 's/^/#   /'; \
			fail=1; \
		fi; \
	done; [ $$fail -eq 0 ]

clean:
	rm -rf build/fuzz
