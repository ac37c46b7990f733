# x86_64: a UEFI application built with gnu-efi (PE32+, subsystem 10).
CC := gcc
LD := ld
OBJCOPY := objcopy
IMAGE := $(B)/vmplat.efi
EFI_INC := /usr/include/efi
ARCH_CFLAGS := -fpic -fshort-wchar -mno-red-zone -fno-stack-protector \
	-maccumulate-outgoing-args -DGNU_EFI_USE_MS_ABI -isystem $(EFI_INC) -isystem $(EFI_INC)/x86_64
ARCH_SRCS := $(wildcard arch/x86_64/*.c arch/x86_64/*.S)
ARCH_LIBS := /usr/lib/libgnuefi.a

.DEFAULT_GOAL := $(IMAGE)
# arch.mk is read before mk/firmware.mk defines OBJS/LIBS: expand them late.
.SECONDEXPANSION:
$(B)/vmplat.so: $$(OBJS) linker/x86_64.lds $$(LIBS)
	@echo "  LD      $@"
	@$(LD) -nostdlib -znocombreloc -shared -Bsymbolic --no-undefined -T linker/x86_64.lds \
		/usr/lib/crt0-efi-x86_64.o $(OBJS) --start-group $(LIBS) --end-group -o $@
	@if readelf -r $@ | grep -q JUMP_SLOT; then \
		echo "error: $@ has PLT relocations (undefined functions)"; readelf -r $@ | grep JUMP_SLOT; exit 1; fi

$(IMAGE): $(B)/vmplat.so
	@echo "  EFI     $@"
	@$(OBJCOPY) -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel -j .rela -j .reloc \
		--target efi-app-x86_64 --subsystem=10 $< $@
