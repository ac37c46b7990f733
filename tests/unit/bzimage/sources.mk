# The x86_64 Linux boot protocol pieces: bzImage header checks, zero page,
# e820 from a UEFI memory map, system-table search (boot/linux_x86_64_*.c).
UNIT_SRCS += boot/linux_x86_64_hdr.c boot/linux_x86_64_params.c
