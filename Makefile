# vmplat top-level build.
#   make [ARCH=x86_64|aarch64]   build firmware images (both by default)
#   make run [ARCH=...]          boot the image in QEMU (x86_64 by default)
#   make test                    host unit tests (+ASan/UBSan), QEMU scenarios, format check
#   make unit | qemu-test | format-check | format | deps | clean
ARCHES := x86_64 aarch64
ARCH ?= $(ARCHES)
RUN_ARCH := $(firstword $(filter-out $(ARCHES),) $(if $(filter 1,$(words $(ARCH))),$(ARCH),x86_64))

.PHONY: all firmware run test unit qemu-test format-check format deps clean bench fuzz
all: firmware

firmware:
	@for a in $(ARCH); do $(MAKE) --no-print-directory -f mk/firmware.mk A=$$a || exit 1; done
	@for a in $(ARCH); do $(MAKE) --no-print-directory -f mk/firmware.mk A=$$a size || exit 1; done

deps:
	@bash scripts/deps.sh

run: deps
	@$(MAKE) --no-print-directory ARCH=$(RUN_ARCH) firmware
	@python3 tests/qemu/run.py --run $(RUN_ARCH) $(RUN_ARGS)

unit:
	@$(MAKE) --no-print-directory -f mk/host.mk check

qemu-test: firmware
	@python3 tests/qemu/run.py --all

test: deps
	@bash scripts/test.sh

format-check:
	@bash scripts/format.sh --check

format:
	@bash scripts/format.sh

clean:
	rm -rf build

bench:
	@$(MAKE) --no-print-directory -f mk/host.mk bench
	@$(MAKE) --no-print-directory firmware >/dev/null && python3 bench/pci_qemu.py
	@python3 bench/storage_bench.py

# libFuzzer harnesses under ASan+UBSan, FUZZ_SECONDS each (mk/fuzz.mk)
fuzz:
	@$(MAKE) --no-print-directory -f mk/fuzz.mk fuzz
