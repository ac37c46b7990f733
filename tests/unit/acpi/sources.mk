UNIT_SRCS += arch/x86_64/acpi.c
