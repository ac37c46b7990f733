# Sources the acpi harness links (read by mk/fuzz.mk).
FUZZ_SRCS_acpi := arch/x86_64/acpi.c
FUZZ_INC_acpi := -Iarch/x86_64
