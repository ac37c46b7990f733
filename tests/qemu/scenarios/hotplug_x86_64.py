# SPDX-License-Identifier: MIT
"""
PCIe native hot-plug on x86_64 (q35 under OVMF, two empty pcie-root-ports):
the same flow and checks as hotplug_aarch64.py (edu + nvme device_add,
BARs against query-pci, edu id through BAR0, device_del completed by the
firmware powering the slot off, 10 cycles without leaks). BARs go into the
windows OVMF gave the root ports (vmplat keeps firmware assignments).

QEMU 7.2's q35 uses ACPI PCI hot-plug for root ports by default and then
hides the native Hot-Plug Capable bit; vmplat has no AML interpreter, so
the scenario turns native PCIe hot-plug back on.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hotplug_aarch64 as hp  # noqa: E402  (the shared flow)

SCENARIO = dict(
    name='hotplug_x86_64',
    arch='x86_64',
    cmdline='',
    timeout=90,
    description='PCIe hot-plug: edu + nvme add/remove via QMP, BARs, edu id, 10 cycles, stats',
)


def prepare(ctx):
    ctx.extra_args += hp.root_ports() + [
        '-global', 'ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off']


def interact(vm):
    hp.run(vm, SCENARIO['arch'])


def check(log, result):
    return hp.check_flow(SCENARIO['name'], result)
