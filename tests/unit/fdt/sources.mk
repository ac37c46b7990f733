# FDT glue of the aarch64 platform, tested against host libfdt with device
# trees compiled by dtc at build time into build/fdt-dtb/ (test_fdt.c finds
# them next to its binary: <bin>/../../fdt-dtb/).
UNIT_SRCS += tests/fakes/dtb_file.c arch/aarch64/fdt_platform.c
UNIT_LDLIBS += -lfdt
UNIT_DEPS += $(patsubst tests/unit/fdt/%.dts,build/fdt-dtb/%.dtb,$(wildcard tests/unit/fdt/*.dts))

build/fdt-dtb/%.dtb: tests/unit/fdt/%.dts $(wildcard tests/unit/fdt/*.dtsi)
	@mkdir -p $(@D)
	@echo "  DTC     $@"
	@dtc -q -I dts -O dtb -i $(<D) -o $@ $<
