# Sources the smmu_evt harness links (read by mk/fuzz.mk).
FUZZ_SRCS_smmu_evt := drivers/smmu/smmu_evt.c
FUZZ_INC_smmu_evt := -Idrivers/smmu
