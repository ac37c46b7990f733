UNIT_SRCS += core/pmm.c
