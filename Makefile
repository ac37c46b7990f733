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

# make run boots an ISO with BLS entries on virtio-blk: RUN_ISO=<path> if given
# (RUN_ISO=none: no disk, the shell), else the Debian-kernel ISO
# (scripts/fetch-kernels.sh, cached in build/linux-cache/), else when the
# kernels cannot be fetched the demo payload ISO (mk/payload.mk).
RUN_ISO ?=
run: deps
	@$(MAKE) --no-print-directory ARCH=$(RUN_ARCH) firmware
	@iso="$(RUN_ISO)"; \
	if [ -z "$$iso" ]; then \
		if [ -f build/linux-cache/boot.iso ] || bash scripts/fetch-kernels.sh >/dev/null 2>&1; then \
			iso=build/linux-cache/boot.iso; \
		else \
			$(MAKE) --no-print-directory -f mk/payload.mk iso && iso=build/payload/demo.iso; \
		fi; \
	fi; \
	disk=""; \
	if [ "$$iso" != none ]; then \
		echo "run: booting $$iso"; \
		disk="-drive file=$$iso,if=none,id=runiso,format=raw,readonly=on -device virtio-blk-pci,drive=runiso,disable-legacy=on"; \
	fi; \
	python3 tests/qemu/run.py --run $(RUN_ARCH) $$disk $(RUN_ARGS)

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
	@python3 bench/iommu_qemu.py
	@python3 bench/storage_bench.py
	@python3 bench/boot_x86_64.py; python3 bench/boot_aarch64.py
	@python3 bench/snap_bench.py
	@python3 bench/crypto_bench.py
	@python3 bench/hv_linux.py

# libFuzzer harnesses under ASan+UBSan, FUZZ_SECONDS each (mk/fuzz.mk)
fuzz:
	@$(MAKE) --no-print-directory -f mk/fuzz.mk fuzz
