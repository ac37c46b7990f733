# Sources the snapshot harness links (read by mk/fuzz.mk).
FUZZ_SRCS_snapshot := snapshot/format.c snapshot/config.c snapshot/sections.c snapshot/vpci_sect.c core/sha256.c \
	core/crc32c.c
