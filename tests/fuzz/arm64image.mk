# Sources the arm64image harness links (read by mk/fuzz.mk).
FUZZ_SRCS_arm64image := boot/linux_arm64.c boot/inflate.c core/pmm.c tests/fuzz/fuzz_stubs.c
FUZZ_LIBS_arm64image := -lz
