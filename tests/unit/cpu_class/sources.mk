UNIT_SRCS += core/cpu_class.c
