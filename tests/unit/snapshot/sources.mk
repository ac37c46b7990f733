# Snapshot format, sections and store (snapshot/): writer/reader round trip,
# every corruption case, memory sections, the store over a memory disk with
# power loss injected at every write and flush; the VM state conversions of
# snapshot/hv/snap_state.c on a host-built hv_vm; the vpci section, the assigned-function
# policy and quiesce, the edu handler on a fake edu, the bridge shadow save/load.
UNIT_SRCS += snapshot/format.c snapshot/config.c snapshot/sections.c snapshot/store.c snapshot/store_tx.c \
	core/sha256.c core/crc32c.c drivers/block/blk.c snapshot/hv/snap_state.c \
	snapshot/vpci_sect.c snapshot/pci_safe.c snapshot/pci_edu.c hv/vpci.c hv/vpci_bar.c \
	hv/vpci_snap.c
