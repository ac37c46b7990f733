UNIT_SRCS += core/pt.c drivers/iommu/pt_vtd.c drivers/iommu/vtd_qi_desc.c
