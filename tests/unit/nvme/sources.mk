UNIT_SRCS += drivers/block/nvme_prp.c drivers/block/nvme_status.c
