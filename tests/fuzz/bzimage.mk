# Sources the bzimage harness links (read by mk/fuzz.mk).
FUZZ_SRCS_bzimage := boot/linux_x86_64_hdr.c
FUZZ_INC_bzimage := -Iboot
