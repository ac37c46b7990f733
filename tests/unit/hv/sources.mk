# Portable hypervisor parts (hv/): syndrome decode, injection, PSCI, vGICv3
# registers and delivery order, PL011, guest DTB (checked with host libfdt),
# Image placement, stage-2 VTCR. hv_stubs.c stands in for hv/vm.c and log.
UNIT_SRCS += hv/trap_decode.c hv/psci.c hv/vgic.c hv/vgic_regs.c hv/vpl011.c hv/fdt_guest.c \
	hv/image.c hv/stage2_cfg.c
UNIT_LDLIBS += -lfdt
