# Sources the psf harness links (read by mk/fuzz.mk).
FUZZ_SRCS_psf := drivers/gpu/psf.c
