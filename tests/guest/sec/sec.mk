# The passthrough security guest (tests/guest/sec): the test guest's head.S
# and linker script with its own C file, a flat arm64 Image embedded by
# tests/guest/sec/sec_blob.S. Included from arch/aarch64/hv/hv.mk.
SEC_GUEST_DIR := tests/guest/sec
SEC_GUEST_OUT := $(B)/sec-guest
SEC_GUEST_DEPS := $(wildcard $(SEC_GUEST_DIR)/*.c $(SEC_GUEST_DIR)/*.h) $(SEC_GUEST_DIR)/sec.mk \
	$(HV_GUEST_DIR)/head.S $(HV_GUEST_DIR)/guest.lds $(HV_GUEST_DIR)/guest_abi.h $(HV_GUEST_DIR)/guest_io.h

$(SEC_GUEST_OUT)/sec.bin: $(SEC_GUEST_DEPS)
	@mkdir -p $(@D)
	@echo "  GUEST   $@"
	@$(CC) $(HV_GUEST_CFLAGS) -D__ASSEMBLY__ -c $(HV_GUEST_DIR)/head.S -o $(@D)/head.o
	@$(CC) $(HV_GUEST_CFLAGS) -c $(SEC_GUEST_DIR)/sec.c -o $(@D)/sec.o
	@$(LD) -nostdlib -static --no-warn-rwx-segments -T $(HV_GUEST_DIR)/guest.lds $(@D)/head.o $(@D)/sec.o -o $(@D)/sec.elf
	@$(OBJCOPY) -O binary $(@D)/sec.elf $@

ARCH_SRCS += $(SEC_GUEST_DIR)/sec_blob.S
$(B)/obj/$(SEC_GUEST_DIR)/sec_blob.S.o: $(SEC_GUEST_OUT)/sec.bin
