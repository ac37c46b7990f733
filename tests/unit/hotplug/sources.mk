UNIT_SRCS += drivers/pci/pci_core.c drivers/pci/enumerate.c drivers/pci/bars.c \
	drivers/pci/caps.c drivers/pci/assign.c drivers/pci/msi.c drivers/pci/sriov.c \
	drivers/pci/own.c drivers/pci/hotplug.c drivers/pci/hotplug_bus.c core/runtime.c \
	tests/fakes/fake_ecam.c tests/fakes/fake_hotplug.c tests/unit/pci/pci_env.c
