# Sources the vpci harness links (read by mk/fuzz.mk).
FUZZ_SRCS_vpci := hv/vpci.c hv/vpci_bar.c
FUZZ_INC_vpci := -Ihv
