# The vmplat demo payloads (tests/payload/): tiny static ELF64 files, one per
# arch, booted through a BLS `elf` entry. make -f mk/payload.mk [all|iso]
#   build/payload/demo-x64.elf   linked at 0x0c000000 (free RAM under OVMF, -m 512)
#   build/payload/demo-aa64.elf  linked at 0x4c000000 (QEMU virt RAM starts at 1 GiB)
#   build/payload/demo.iso       /loader/entries for both arches (make run's fallback)
PAYLOAD := build/payload
PAYLOAD_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,max-page-size=4096 \
	-Wl,-z,noexecstack

.PHONY: all iso
all: $(PAYLOAD)/demo-x64.elf $(PAYLOAD)/demo-aa64.elf
iso: $(PAYLOAD)/demo.iso

$(PAYLOAD)/demo-x64.elf: tests/payload/demo_x86_64.S mk/payload.mk
	@mkdir -p $(@D)
	@echo "  PAYLOAD $@"
	@gcc $(PAYLOAD_LDFLAGS) -Wl,-Ttext=0x0c000000 $< -o $@

$(PAYLOAD)/demo-aa64.elf: tests/payload/demo_aarch64.S mk/payload.mk
	@mkdir -p $(@D)
	@echo "  PAYLOAD $@"
	@aarch64-linux-gnu-gcc $(PAYLOAD_LDFLAGS) -Wl,-Ttext=0x4c000000 $< -o $@

$(PAYLOAD)/demo.iso: $(PAYLOAD)/demo-x64.elf $(PAYLOAD)/demo-aa64.elf tests/payload/mkdemoiso.py
	@echo "  MKISO   $@"
	@python3 tests/payload/mkdemoiso.py $@ $(PAYLOAD)/demo-x64.elf $(PAYLOAD)/demo-aa64.elf
