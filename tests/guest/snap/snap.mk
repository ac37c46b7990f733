# The snapshot test guest (tests/guest/snap): the hv test guest's head.S and
# linker script with its own C file, a flat arm64 Image embedded by
# tests/guest/snap/snap_blob.S. Included from arch/aarch64/hv/hv.mk.
SNAP_GUEST_DIR := tests/guest/snap
SNAP_GUEST_OUT := $(B)/snap-guest
SNAP_GUEST_DEPS := $(wildcard $(SNAP_GUEST_DIR)/*.c $(SNAP_GUEST_DIR)/*.h) $(SNAP_GUEST_DIR)/snap.mk $(HV_GUEST_DIR)/guest_io.h \
	$(HV_GUEST_DIR)/head.S $(HV_GUEST_DIR)/guest.lds

$(SNAP_GUEST_OUT)/snap.bin: $(SNAP_GUEST_DEPS)
	@mkdir -p $(@D)
	@echo "  GUEST   $@"
	@$(CC) $(HV_GUEST_CFLAGS) -D__ASSEMBLY__ -c $(HV_GUEST_DIR)/head.S -o $(@D)/head.o
	@$(CC) $(HV_GUEST_CFLAGS) -c $(SNAP_GUEST_DIR)/snap.c -o $(@D)/snap.o
	@$(LD) -nostdlib -static --no-warn-rwx-segments -T $(HV_GUEST_DIR)/guest.lds $(@D)/head.o $(@D)/snap.o -o $(@D)/snap.elf
	@$(OBJCOPY) -O binary $(@D)/snap.elf $@

# The snapshot operations on hypervisor VMs (aarch64 only, like hv/).
ARCH_SRCS += $(SNAP_GUEST_DIR)/snap_blob.S $(wildcard snapshot/hv/*.c)
$(B)/obj/$(SNAP_GUEST_DIR)/snap_blob.S.o: $(SNAP_GUEST_OUT)/snap.bin
