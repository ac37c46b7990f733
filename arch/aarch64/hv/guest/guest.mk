# The built-in EL1 test guest (arch/aarch64/hv/guest): built with its own
# flags and linker script into a flat arm64 Image, embedded in vmplat by
# arch/aarch64/hv/guest_blob.S (.incbin). Included from hv.mk.
HV_GUEST_DIR := arch/aarch64/hv/guest
HV_GUEST_OUT := $(B)/hv-guest
HV_GUEST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes \
	-Wstrict-prototypes -Wvla -Wpointer-arith -Wundef -ffreestanding -nostdlib -fno-pie \
	-fno-pic -mgeneral-regs-only -mstrict-align -fno-stack-protector \
	-fno-tree-loop-distribute-patterns -I$(HV_GUEST_DIR)
HV_GUEST_DEPS := $(wildcard $(HV_GUEST_DIR)/*.c $(HV_GUEST_DIR)/*.S $(HV_GUEST_DIR)/*.h) \
	$(HV_GUEST_DIR)/guest.lds $(HV_GUEST_DIR)/guest.mk

$(HV_GUEST_OUT)/guest.bin: $(HV_GUEST_DEPS)
	@mkdir -p $(@D)
	@echo "  GUEST   $@"
	@$(CC) $(HV_GUEST_CFLAGS) -D__ASSEMBLY__ -c $(HV_GUEST_DIR)/head.S -o $(@D)/head.o
	@$(CC) $(HV_GUEST_CFLAGS) -c $(HV_GUEST_DIR)/guest.c -o $(@D)/guest.o
	@$(LD) -nostdlib -static --no-warn-rwx-segments -T $(HV_GUEST_DIR)/guest.lds $(@D)/head.o $(@D)/guest.o -o $(@D)/guest.elf
	@$(OBJCOPY) -O binary $(@D)/guest.elf $@

$(B)/obj/arch/aarch64/hv/guest_blob.S.o: $(HV_GUEST_OUT)/guest.bin
