# Sources the bls harness links (read by mk/fuzz.mk).
FUZZ_SRCS_bls := boot/bls.c boot/loaderconf.c boot/version.c
