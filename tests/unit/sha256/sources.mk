UNIT_SRCS += core/sha256.c
