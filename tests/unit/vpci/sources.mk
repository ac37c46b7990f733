# Virtual PCI host bridge (hv/vpci*.c): ECAM decode, config filtering,
# virtual BARs and their stage-2 mappings, the guest DTB node (host libfdt).
UNIT_SRCS += hv/vpci.c hv/vpci_bar.c hv/vpci_fdt.c
UNIT_LDLIBS += -lfdt
