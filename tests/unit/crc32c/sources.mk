UNIT_SRCS += core/crc32c.c
