# Sources the inflate harness links (read by mk/fuzz.mk).
FUZZ_SRCS_inflate := boot/inflate.c
FUZZ_LIBS_inflate := -lz
