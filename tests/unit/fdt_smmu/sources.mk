# arch/aarch64/fdt_smmu.c against host libfdt with trees compiled by dtc into
# build/fdt-smmu-dtb/ (test_fdt_smmu.c finds them next to its binary).
UNIT_SRCS += arch/aarch64/fdt_smmu.c tests/fakes/dtb_file.c
UNIT_LDLIBS += -lfdt
UNIT_DEPS += $(patsubst tests/unit/fdt_smmu/%.dts,build/fdt-smmu-dtb/%.dtb,$(wildcard tests/unit/fdt_smmu/*.dts))

build/fdt-smmu-dtb/%.dtb: tests/unit/fdt_smmu/%.dts tests/unit/fdt_smmu/base.dtsi
	@mkdir -p $(@D)
	@echo "  DTC     $@"
	@dtc -q -I dts -O dtb -i $(<D) -o $@ $<
