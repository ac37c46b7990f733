# arm64 Linux loader, portable parts: Image header checks on the recorded
# header of Debian's 6.1 arm64 Image and malformed variants, placement over
# a test pmm, /chosen edits checked with host libfdt on the QEMU virt DTB
# the fdt module compiles (build/fdt-dtb/qemu_virt.dtb).
UNIT_SRCS += tests/fakes/dtb_file.c boot/linux_arm64.c boot/linux_arm64_fdt.c core/pmm.c
UNIT_LDLIBS += -lfdt
UNIT_DEPS += build/fdt-dtb/qemu_virt.dtb
