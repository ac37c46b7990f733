UNIT_SRCS += core/runtime.c
