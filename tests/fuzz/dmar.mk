# Sources the dmar harness links (read by mk/fuzz.mk).
FUZZ_SRCS_dmar := drivers/iommu/dmar.c tests/fuzz/fuzz_stubs.c
FUZZ_INC_dmar := -Idrivers/iommu
