UNIT_SRCS += core/pt.c drivers/iommu/pt_vtd.c
