UNIT_SRCS += drivers/pci/acpi_windows.c
