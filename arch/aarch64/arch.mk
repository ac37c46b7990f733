# aarch64: a position-independent arm64 Image (booting.rst), self-relocating.
CROSS := aarch64-linux-gnu-
CC := $(CROSS)gcc
LD := $(CROSS)ld
OBJCOPY := $(CROSS)objcopy
READELF := $(CROSS)readelf
IMAGE := $(B)/vmplat.bin
LIBFDT := build/libfdt-aarch64
# No outline atomics (they need libgcc's HWCAP probe); no stack protector in
# arch code that runs before the guard exists; FP/SIMD is enabled in head.S.
ARCH_CFLAGS := -fpie -mno-outline-atomics -fno-stack-protector -isystem $(LIBFDT)/include
ARCH_SRCS := $(wildcard arch/aarch64/*.c arch/aarch64/*.S)
ARCH_LIBS := $(LIBFDT)/lib/libfdt.a
ARCH_PREREQS := $(LIBFDT)/lib/libfdt.a
# MMU off: Device-type accesses must be aligned, and no memset/dc zva (early_mmu.c).
CFLAGS_early_mmu.c := -mstrict-align -fno-tree-loop-distribute-patterns

.DEFAULT_GOAL := $(IMAGE)
# OBJS and LIBS are defined after this file is included: expand them late.
.SECONDEXPANSION:

$(LIBFDT)/lib/libfdt.a:
	@bash mk/libfdt.sh $(LIBFDT)

$(B)/vmplat.elf: $$(OBJS) linker/aarch64.lds $$(LIBS)
	@echo "  LD      $@"
	@mkdir -p $(@D)
	@$(LD) -pie --no-dynamic-linker -z norelro -z noexecstack -z max-page-size=4096 \
		--gc-sections -nostdlib -T linker/aarch64.lds \
		$(OBJS) --start-group $(LIBS) --end-group -o $@
	@if $(READELF) -rW $@ | awk '/^ *[0-9a-f]+ +[0-9a-f]+ +R_AARCH64/ && $$3 != "R_AARCH64_RELATIVE" {bad=1; print} END {exit bad}'; \
		then :; else echo "error: $@ has relocations head.S cannot apply"; exit 1; fi

$(IMAGE): $(B)/vmplat.elf
	@echo "  IMAGE   $@"
	@$(OBJCOPY) -O binary $< $@
include arch/aarch64/hv/hv.mk
