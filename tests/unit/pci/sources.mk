UNIT_SRCS += drivers/pci/pci_core.c drivers/pci/ecam.c drivers/pci/enumerate.c \
	drivers/pci/bars.c drivers/pci/caps.c drivers/pci/assign.c drivers/pci/msi.c \
	drivers/pci/sriov.c drivers/pci/own.c drivers/pci/report.c tests/fakes/fake_ecam.c
