# SPDX-License-Identifier: MIT
"""
The dev-board path: U-Boot (u-boot-qemu) as -bios, the Image preloaded in RAM,
and the runner typing at U-Boot's prompt:
    setenv bootargs "..."; booti 0x40400000 - ${fdtcontroladdr}
U-Boot hands over at EL2 (virtualization=on) with its device tree (QEMU's) in x0.
"""
import vmrunner

CMDLINE = 'selftest expect_cpus=4 expect_mem=512'
SCENARIO = dict(
    name='aarch64_uboot',
    arch='aarch64',
    machine='virt,gic-version=3,virtualization=on',
    cpu='cortex-a72',
    boot='uboot',
    # A display, so the GPU self-tests have their hardware (x86 q35 has VGA built in).
    extra_args=['-device', 'bochs-display'],
    timeout=120,
    description='U-Boot booti of the Image at 0x40400000: self-tests',
)


def interact(vm):
    vmrunner.uboot_booti(vm, CMDLINE)
