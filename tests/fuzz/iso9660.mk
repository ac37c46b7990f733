# Sources the iso9660 harness links (read by mk/fuzz.mk).
FUZZ_SRCS_iso9660 := $(sort $(wildcard iso/*.c)) tests/fuzz/iso9660_drive.c
