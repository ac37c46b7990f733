# SPDX-License-Identifier: MIT
"""
SMMUv3 DMA isolation with real DMA on virt,iommu=smmuv3 (QEMU 7.2: stage 1
only): an edu behind a pcie-pci-bridge (its DMA carries the bridge's
requester id, so StreamID secondary-bus 00.0) and one behind a root port.
The firmware's smmu self-tests (drivers/smmu/st_smmu*.c) check STE/CD
memory, canary pages, read-only and unmapped pages after each DMA, ASID
isolation at one IOVA and command-queue error recovery. Here the log is
checked too: every fault line names a requester id of an edu the
self-tests used, with reason 0x10 (F_TRANSLATION) or 0x13 (F_PERMISSION),
and the unit is in the boot report with a 2-level stream table.
iommu_smmu_common.py runs the IOMMU core's edu self-tests on the same set.
"""
import re

SCENARIO = dict(
    name='iommu_smmu',
    arch='aarch64',
    machine='virt,gic-version=3,virtualization=on,iommu=smmuv3',
    cmdline='selftest=smmu',
    timeout=60,
    description='SMMUv3: STE/CD, edu DMA faults with StreamIDs, read-only, unmap TLBI, ASIDs',
)

FAULT_RE = re.compile(r'iommu fault (\S+) dev 0000:([0-9a-f]{2}):([0-9a-f]{2})\.([0-7]) '
                      r'iova 0x([0-9a-f]+) (read|write) reason 0x([0-9a-f]+) \(([^)]*)\)')
MIN_FAULTS = 4  # unmapped write, read-only write, after unmap, B at A's IOVA


def devices():
    # edu's default DMA mask is 28 bits: widen it so any RAM address is a valid IOVA.
    edu = 'edu,dma_mask=0xffffffffff'
    return ['-device', 'pcie-root-port,id=rp1,chassis=1,slot=1',
            '-device', 'pcie-pci-bridge,id=br1,bus=rp1',
            '-device', edu + ',bus=br1,addr=3',
            '-device', 'pcie-root-port,id=rp2,chassis=2,slot=2',
            '-device', edu + ',bus=rp2']


def prepare(ctx):
    ctx.extra_args += devices()


def check(log, result):
    import vmrunner
    out = result.standard_checks()
    text = log.replace('\r', '')
    faults = list(FAULT_RE.finditer(text))
    out.append(vmrunner.Check('fault_lines', len(faults) >= MIN_FAULTS,
                              '%d fault lines, want >= %d' % (len(faults), MIN_FAULTS)))
    bad = [m.group(0) for m in faults
           if m.group(1) != 'smmu0' or m.group(7) not in ('10', '13')]
    out.append(vmrunner.Check('fault_fields', not bad, 'unexpected faults: %s' % bad[:3]))
    # The bridge's edu DMAs with the bridge's id (PCIe-to-PCI: secondary bus, 00.0).
    aliased = [m for m in faults if (m.group(3), m.group(4)) == ('00', '0')]
    out.append(vmrunner.Check('bridge_alias_streamid', bool(aliased),
                              'no fault from a bridge-aliased StreamID'))
    out.append(vmrunner.Check('report', 'smmu0: SMMUv3 at 0x9050000, stage-1, 2-level' in text,
                              'no smmu0 line in the report'))
    return out
