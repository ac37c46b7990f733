# Sources the rom harness links (read by mk/fuzz.mk).
FUZZ_SRCS_rom := drivers/gpu/rom.c
