# Sources the fdt harness links (read by mk/fuzz.mk).
FUZZ_SRCS_fdt := arch/aarch64/fdt_platform.c arch/aarch64/fdt_smmu.c tests/fuzz/fuzz_stubs.c
FUZZ_INC_fdt := -Iarch/aarch64
FUZZ_LIBS_fdt := -lfdt
