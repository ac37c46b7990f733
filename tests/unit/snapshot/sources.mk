# Snapshot format, sections and store (snapshot/): writer/reader round trip,
# every corruption case, memory sections, the store over a memory disk with
# power loss injected at every write and flush; the VM state conversions of
# snapshot/hv/snap_state.c on a host-built hv_vm.
UNIT_SRCS += snapshot/format.c snapshot/sections.c snapshot/store.c snapshot/store_tx.c \
	core/sha256.c core/crc32c.c drivers/block/blk.c snapshot/hv/snap_state.c
