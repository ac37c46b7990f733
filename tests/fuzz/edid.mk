# Sources the edid harness links (read by mk/fuzz.mk).
FUZZ_SRCS_edid := drivers/gpu/edid.c
