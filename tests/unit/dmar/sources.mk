UNIT_SRCS += drivers/iommu/dmar.c
