# GICv2 DTB node (arch/aarch64/gicv2_fdt.c) and register field math
# (gicv2_regs.h) against host libfdt, with trees compiled by dtc into
# build/gicv2-dtb/ (found next to the test binary: <bin>/../../gicv2-dtb/).
UNIT_SRCS += tests/fakes/dtb_file.c arch/aarch64/gicv2_fdt.c arch/aarch64/fdt_platform.c
UNIT_LDLIBS += -lfdt
UNIT_DEPS += $(patsubst tests/unit/gicv2/%.dts,build/gicv2-dtb/%.dtb,$(wildcard tests/unit/gicv2/*.dts))

build/gicv2-dtb/%.dtb: tests/unit/gicv2/%.dts $(wildcard tests/unit/gicv2/*.dtsi)
	@mkdir -p $(@D)
	@echo "  DTC     $@"
	@dtc -q -I dts -O dtb -i $(<D) -o $@ $<
