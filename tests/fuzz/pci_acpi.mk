# Sources the pci_acpi harness links (read by mk/fuzz.mk).
FUZZ_SRCS_pci_acpi := drivers/pci/acpi_windows.c
