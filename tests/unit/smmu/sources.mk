# SMMUv3 portable pieces: IDR decoding, STE/CD/L1 descriptor and command
# encoders, event decoding, queue arithmetic, stream table, rid <-> sid.
UNIT_SRCS += drivers/smmu/smmu_idr.c drivers/smmu/smmu_ste.c drivers/smmu/smmu_cmd.c \
	drivers/smmu/smmu_evt.c drivers/smmu/smmu_queue.c drivers/smmu/smmu_strtab.c \
	drivers/smmu/smmu_sid.c drivers/smmu/smmu_irqcfg.c
