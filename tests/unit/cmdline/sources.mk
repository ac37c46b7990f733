UNIT_SRCS += core/cmdline.c
