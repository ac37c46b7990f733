# SPDX-License-Identifier: MIT
"""
The VT-d handoff to Linux: q35 + intel-iommu (intremap=on, as iommu_vtd; default
caching-mode off), vmplat enables DMA remapping at boot (its report must say
"translating", its own reads of the ISO go through the unit: virtio-blk with
iommu_platform=on), autoboots Debian's cloud-amd64 kernel from the ISO with
intel_iommu=on, and before the jump turns the unit back off (iommu_disable_all:
fault event masked, TE, IRE off, caches invalidated, faults taken, QIE off;
it logs GSTS/FECTL/FSTS).
Linux then owns a unit in its reset state. Checked from the kernel's own view
(harness initramfs iommu=True):
  - the marker, /proc/cmdline equal to the entry's options (intel_iommu=on);
  - /sys/class/iommu/dmar0 at the DMAR's address, iommu groups present, the
    NVMe in a group whose default domain translates (DMA or DMA-FQ, not identity);
  - one random sector of the NVMe (a random image; nvme is built into the kernel)
    read by DMA through Linux's IOMMU domain: its sha256 equal to the host file's;
  - no "DMAR: DRHD: handling fault" in the guest (dmesg count and console), no
    vmplat "iommu fault" line before the jump, no Linux complaint that vmplat left
    translation or interrupt remapping on ("... but we are not in kdump mode");
  - vmplat's handoff line: GSTS with TES, QIES, IRES clear, FECTL.IM set, FSTS 0
    (RTPS may stay set: a status, not an enable).
No kernel (offline): the scenario fails with harness.fetch()'s reason.
"""
import os
import hashlib
import random
import re
import sys

import vmrunner
from vmrunner import Check

sys.path.insert(0, os.path.join(vmrunner.ROOT, 'tests', 'qemu', 'linux'))
import harness  # noqa: E402

SCENARIO = dict(
    name='boot_linux_vtd_x86_64',
    arch='x86_64',
    machine='q35,kernel-irqchip=split',  # intremap=on needs a split (or no) kernel irqchip
    timeout=90,
    description='VT-d on in vmplat, handed off; Debian Linux with intel_iommu=on reads NVMe',
)
IOMMU_OPTS = 'intremap=on'
DISK_BYTES = 1 << 20
STATE = {}
HANDOFF_RE = re.compile(r'handoff: (dmar\d+) translation off, GSTS (0x[0-9a-f]+) '
                        r'FECTL (0x[0-9a-f]+) FSTS (0x[0-9a-f]+)')
GSTS_TES, GSTS_QIES, GSTS_IRES, FECTL_IM = 1 << 31, 1 << 26, 1 << 25, 1 << 31


def prepare(ctx):
    harness.fetch()  # KernelsUnavailable with the reason: a failed run, never a skip
    rng = random.Random(os.urandom(16))
    disk = os.path.join(ctx.workdir, 'nvme.img')
    data = rng.randbytes(DISK_BYTES)
    with open(disk, 'wb') as f:
        f.write(data)
    lba = rng.randrange(1, DISK_BYTES // 512)
    want = harness.make_set(os.path.abspath(ctx.workdir), rng, arches=('x86_64',),
                            append=' intel_iommu=on vmplat.lba=%d' % lba,
                            initramfs_kw=dict(iommu=True))
    STATE.clear()
    STATE.update(want)
    # The host's copy is read back from the file QEMU will serve, not from memory.
    with open(disk, 'rb') as f:
        f.seek(lba * 512)
        STATE['sector'] = 'lba=%d sha256=%s' % (lba, hashlib.sha256(f.read(512))
                                                .hexdigest())
    ctx.extra_args += [
        '-device', 'intel-iommu,' + IOMMU_OPTS,  # before the PCI devices it translates
        '-drive', 'file=%s,if=none,id=cd,format=raw,readonly=on' % want['iso'],
        '-device', 'virtio-blk-pci,drive=cd,disable-legacy=on,iommu_platform=on',
        '-drive', 'file=%s,if=none,id=nv,format=raw' % disk,
        '-device', 'nvme,serial=vtd-handoff,drive=nv']


def interact(vm):
    """Nothing to type (timeout 0 autoboots): wait for /init's last line."""
    vm.serial.wait_for(harness.MARKER + ' done', vm.time_left())
    return {}


def vmplat_checks(text):
    pre, _, _ = text.partition('linux: bzImage')
    out = [Check('vmplat_translating', re.search(r'dmar0: VT-d .* translating', pre) is not None,
                 'vmplat\'s boot report does not say dmar0 is translating')]
    faults = re.findall(r'iommu fault .*', text.partition(harness.MARKER)[0])
    out.append(Check('vmplat_no_faults', not faults, 'vmplat logged %s' % faults[:2]))
    m = HANDOFF_RE.search(text)
    gsts, fectl, fsts = (int(g, 16) for g in m.group(2, 3, 4)) if m else (None,) * 3
    out.append(Check('handoff_state', m and not gsts & (GSTS_TES | GSTS_QIES | GSTS_IRES)
                     and fectl & FECTL_IM and fsts == 0,
                     'handoff line %r: want GSTS TES/QIES/IRES clear, FECTL.IM set, FSTS 0'
                     % (m.group(0) if m else None)))
    return out


def linux_checks(text, got):
    want = STATE['x86_64']
    lines = [l.strip() for l in re.findall(re.escape(harness.MARKER) + r' dmesg (.*)', text)]
    units = re.findall(re.escape(harness.MARKER) + r' iommu_unit (\S+) address=(\S*)', text)
    nvme = re.search(re.escape(harness.MARKER) + r' nvme_pci (\S+) group=(\S*) type=(\S*)', text)
    out = [Check('cmdline', got.get('cmdline') == want['options']
                 and 'intel_iommu=on' in want['options'],
                 '/proc/cmdline %r, entry options %r' % (got.get('cmdline'), want['options'])),
           Check('sha256', got.get('sha256') == want['sha256'],
                 'initramfs payload: kernel %s, host %s' % (got.get('sha256'), want['sha256'])),
           Check('dmar_unit', ('dmar0', 'fed90000') in units,
                 'kernel\'s /sys/class/iommu: %s' % units),
           Check('iommu_groups', got.get('iommu_groups', '0').isdigit()
                 and int(got.get('iommu_groups', '0')) > 0,
                 '/sys/kernel/iommu_groups holds %s groups' % got.get('iommu_groups')),
           Check('dmar_enabled', any('Intel(R) Virtualization Technology for Directed I/O' in l
                                     for l in lines), 'no DMAR init line in dmesg: %s' % lines[:8]),
           Check('nvme_translated', nvme is not None and nvme.group(2).isdigit()
                 and nvme.group(3) in ('DMA', 'DMA-FQ'),
                 'NVMe iommu group: %s' % (nvme.group(0) if nvme else None)),
           Check('nvme_sector', got.get('sector') == STATE['sector'],
                 'kernel read %r, host file %r' % (got.get('sector'), STATE['sector']))]
    faults = got.get('dmar_faults')
    console = text.count('DMAR: DRHD: handling fault')
    out.append(Check('no_dmar_faults', faults == '0' and console == 0,
                     'dmesg counts %s fault interrupts, console %d' % (faults, console)))
    left_on = [l for l in text.splitlines() if 'not in kdump mode' in l]
    out.append(Check('found_off', not left_on, 'Linux found remapping on: %s' % left_on[:2]))
    return out


def check(log, res):
    text = log.replace('\r', '')
    got = harness.parse(text)
    out = res.run_failures()
    out.append(Check('marker', got['seen'] and got.get('arch') == 'x86_64',
                     'no "%s arch=x86_64" line from the kernel\'s /init' % harness.MARKER))
    out += vmplat_checks(text) + linux_checks(text, got)
    out.append(Check('poweroff', got['done'] and res.exit_code == 0,
                     'kernel did not power off cleanly (QEMU exit %s)' % res.exit_code))
    return out
