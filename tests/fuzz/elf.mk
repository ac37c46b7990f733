# Sources the elf harness links (read by mk/fuzz.mk).
FUZZ_SRCS_elf := boot/elf.c core/pmm.c tests/fuzz/fuzz_stubs.c
