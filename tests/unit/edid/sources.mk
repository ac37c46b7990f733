UNIT_SRCS += drivers/gpu/edid.c
