# Firmware image for one architecture: make -f mk/firmware.mk A=<arch>
A ?= x86_64
B := build/$(A)
NEWLIB := build/newlib-$(A)

include arch/$(A)/arch.mk

WARN := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes \
	-Wvla -Wpointer-arith -Wundef
CFLAGS := -std=gnu11 -O2 -g $(WARN) -ffreestanding -fno-omit-frame-pointer \
	-fno-strict-aliasing -ffunction-sections -fdata-sections \
	-nostdinc -isystem $(NEWLIB)/include -isystem $(shell $(CC) -print-file-name=include) \
	-Iinclude -Iarch/$(A)/include $(ARCH_CFLAGS) -MMD -MP
ASFLAGS := $(CFLAGS) -D__ASSEMBLY__

# Generic code: every .c under these folders is built for both arches.
GENERIC_DIRS := core libc-shim drivers/pci iso drivers/iommu drivers/block drivers/smmu drivers/gpu boot snapshot
GENERIC_SRCS := $(foreach d,$(GENERIC_DIRS),$(wildcard $(d)/*.c))
# Framebuffer console font: a PSF from Debian's console-setup-linux, as a C array.
FONT_PSF ?= /usr/share/consolefonts/Uni2-VGA16.psf.gz
FONT_SRC := $(B)/gen/font.c
$(FONT_SRC): mk/font.py
	@mkdir -p $(@D)
	@echo "  FONT    $(A) $(FONT_PSF)"
	@python3 mk/font.py $(FONT_PSF) $@
SRCS := $(GENERIC_SRCS) $(ARCH_SRCS) $(FONT_SRC)
OBJS := $(patsubst %,$(B)/obj/%.o,$(SRCS))

LIBS := $(NEWLIB)/lib/libc.a $(NEWLIB)/lib/libm.a $(ARCH_LIBS) $(shell $(CC) $(ARCH_CFLAGS) -print-libgcc-file-name)

.PHONY: image size
image: $(IMAGE)

$(NEWLIB)/lib/libc.a:
	@bash mk/build-newlib.sh $(A) $(NEWLIB)

# One script run installs both libraries; headers come with them.
$(NEWLIB)/lib/libm.a: $(NEWLIB)/lib/libc.a ;

$(OBJS): | $(NEWLIB)/lib/libc.a $(ARCH_PREREQS)

$(B)/obj/%.c.o: %.c
	@mkdir -p $(@D)
	@echo "  CC      $(A) $<"
	@$(CC) $(CFLAGS) $(CFLAGS_$(notdir $<)) -c $< -o $@

$(B)/obj/%.S.o: %.S
	@mkdir -p $(@D)
	@echo "  AS      $(A) $<"
	@$(CC) $(ASFLAGS) -c $< -o $@

size: $(IMAGE)
	@printf '  SIZE    %-28s %8d bytes\n' $(IMAGE) $$(stat -c %s $(IMAGE))

-include $(OBJS:.o=.d)
