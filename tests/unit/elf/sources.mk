# ELF64 payload loader (boot/elf.c) on static ELF files the host compiler and
# the aarch64 cross compiler build at test time (build/elf-test/), placed
# through a struct pmm (core/pmm.c) into a host buffer. The payload source is
# payload.c.txt so the test binary (which links every *.c here) skips it.
UNIT_SRCS += boot/elf.c core/pmm.c
UNIT_DEPS += build/elf-test/x86_64.elf build/elf-test/aarch64.elf

build/elf-test/x86_64.elf: tests/unit/elf/payload.c.txt tests/unit/elf/sources.mk
	@mkdir -p $(@D)
	@echo "  ELF     $@"
	@gcc -O1 -static -nostdlib -no-pie -fno-pic -fno-stack-protector -Wl,--build-id=none \
		-Wl,-Ttext-segment=0x400000 -x c $< -o $@

build/elf-test/aarch64.elf: tests/unit/elf/payload.c.txt tests/unit/elf/sources.mk
	@mkdir -p $(@D)
	@echo "  ELF     $@"
	@aarch64-linux-gnu-gcc -O1 -static -nostdlib -no-pie -fno-pic -fno-stack-protector \
		-Wl,--build-id=none -Wl,-Ttext-segment=0x400000 -x c $< -o $@
