# Boot manager (boot/entries.c, menu.c, load.c, boot.c with the real loader
# list and timeline) over an ISO xorriso makes at test time (mkiso.sh),
# behind a fake block device, console (scripted keys), clock and a 4 MiB
# page pool; fake x86_64 "linux" and "elf" loaders record what they get.
UNIT_SRCS += boot/entries.c boot/esp_entries.c boot/menu.c boot/load.c boot/boot.c boot/loaders.c \
	boot/timeline.c boot/bls.c boot/loaderconf.c boot/version.c core/lineedit.c \
	core/pmm.c core/cmdline.c core/shell_source.c $(sort $(wildcard iso/*.c))
UNIT_DEPS += build/bootmgr-test/boot.iso

build/bootmgr-test/boot.iso: tests/unit/bootmgr/mkiso.sh
	@echo "  MKISO   $@"
	@bash tests/unit/bootmgr/mkiso.sh $@
