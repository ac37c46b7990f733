# Sources the hv_mmio harness links (read by mk/fuzz.mk): the portable
# hypervisor files a guest reaches, the vPCI bridge, the host-built VM.
FUZZ_SRCS_hv_mmio := hv/trap_decode.c hv/psci.c hv/vgic.c hv/vgic_regs.c hv/vpl011.c \
	hv/vpci.c hv/vpci_bar.c tests/unit/hv/hv_host_vm.c tests/fuzz/fuzz_stubs.c \
	tests/unit/hv/hv_host_vm.h hv/hv_priv.h hv/vpci.h
FUZZ_INC_hv_mmio := -Ihv -Itests/unit/hv
