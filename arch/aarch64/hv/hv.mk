# The EL2 hypervisor: arch/aarch64/hv (world switch, traps, vGIC list
# registers) and the portable hv/ (aarch64-only: it needs libfdt, which only
# the aarch64 image links, and has no use on x86_64), plus the test guest.
ARCH_SRCS += $(wildcard arch/aarch64/hv/*.c arch/aarch64/hv/*.S hv/*.c)
include arch/aarch64/hv/guest/guest.mk
include tests/guest/sec/sec.mk
include tests/guest/snap/snap.mk
