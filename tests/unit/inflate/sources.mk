# DEFLATE / gzip decoder (boot/inflate.c) against the host zlib as the
# reference encoder: every strategy and level, stored blocks, malformed and
# mutated streams (a bounded in-test fuzz loop under ASan+UBSan).
UNIT_SRCS += boot/inflate.c
UNIT_LDLIBS += -lz
