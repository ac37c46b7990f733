# The x86_64 Linux boot protocol pieces: bzImage header checks, zero page,
# e820 from a UEFI memory map, system-table search (boot/linux_x86_64_*.c).
UNIT_SRCS += boot/linux_x86_64_hdr.c boot/linux_x86_64_params.c
# Debian's own cloud kernel, fetched once (scripts/fetch-kernels.sh caches it):
# the header checks must accept the real thing, so the test needs it.
UNIT_DEPS += build/linux-cache/x86_64/vmlinuz

build/linux-cache/x86_64/vmlinuz:
	@echo "  FETCH   Debian kernels (scripts/fetch-kernels.sh --no-iso)"
	@bash scripts/fetch-kernels.sh --no-iso
