# Sources the arm64fdt harness links (read by mk/fuzz.mk).
FUZZ_SRCS_arm64fdt := boot/linux_arm64_fdt.c
FUZZ_LIBS_arm64fdt := -lfdt
