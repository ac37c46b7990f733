# SPDX-License-Identifier: MIT
"""
PCI passthrough under the EL2 hypervisor on virt,iommu=smmuv3: two edus on
their own root ports; `vm start sec assign=<first edu>` runs the security
guest (tests/guest/sec) with the first one. Checked from the log and QMP:
the guest's virtual ECAM shows only its edu (vendor/device printed by the
guest) and the other function reads all-ones; BAR0, placed by the guest at
0x18000000, is mapped in stage 2 onto the physical BAR0 the boot report
lists and gives the edu id; a DMA inside guest RAM moves the seed pattern
(checked by the guest, by the hypervisor after the stop, and here with QMP
pmemsave of the host pages); the DMA aimed outside guest RAM is an SMMU
event with the edu's StreamID, reported as the guest's fault, and the host
canary page at that address is untouched (QMP); accesses outside RAM, an
unmapped window address and BAR0 after decode off abort in the guest; the
device is given back and the shell keeps working. INTx: the edu behind root
port 00:01.0 is host INTID 36 (QEMU virt swizzle); the guest gets it as
virtual INTID 35 (its device 0, INTA) twice, acknowledging at the device,
and `vm stats` counts 2 forwarded interrupts.

Hand-back of a disk (docs/hypervisor-passthrough.md): an NVMe on a third
root port holds random bytes and is vmplat's nvme0n1 at boot. After the
first guest, `vm start sec assign=<nvme>` gives it to a second run of the
guest (which lists it as 1b36:0010 and finds no edu); when that guest has
stopped, vmplat resets the function and restarts its own driver on it.
Checked: the "returned to vmplat as nvme0n1" line, `blk` listing nvme0n1
again (not gone), `blk read` of a random sector equal to that sector of the
disk file, and a `blk fill` at another random sector whose pattern is found
in the disk file after QEMU exits.
"""
import os
import random
import re
import struct
import sys

import vmrunner
from vmrunner import Check

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from storage_x86_64 import pattern as blk_pattern  # noqa: E402

SCENARIO = dict(
    name='hv_passthrough',
    arch='aarch64',
    machine='virt,gic-version=3,virtualization=on,iommu=smmuv3',
    cpu='cortex-a72',
    cmdline='',
    timeout=60,
    description='EL2 passthrough: vPCI host bridge, stage-2 BAR, SMMU-confined edu DMA',
)

EDU = 'edu,dma_mask=0xffffffffff'
DMA_DST_OFF = 0x901000  # SEC_DMA_DST - GUEST_RAM_BASE (tests/guest/sec/sec_abi.h)
DMA_LEN = 4000
M64 = (1 << 64) - 1
FW_DEV = re.compile(r'^pci (0000:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]) 1234:11e8 ', re.M)
FW_BAR0 = re.compile(r'^pci   bar0 mem32 0x([0-9a-f]+) size 0x([0-9a-f]+)', re.M)
NVME_DEV = re.compile(r'^pci (0000:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]) 1b36:0010 ', re.M)
DISK_BYTES = 1 << 20
DISK = {}  # hand-back disk: path, bytes, read/write LBAs, fill seed


def prepare(ctx):
    ctx.extra_args += ['-device', 'pcie-root-port,id=rp1,chassis=1,slot=1',
                       '-device', EDU + ',bus=rp1',
                       '-device', 'pcie-root-port,id=rp2,chassis=2,slot=2',
                       '-device', EDU + ',bus=rp2']
    rng = random.Random(os.urandom(16))
    path = os.path.join(os.path.abspath(ctx.workdir), 'nvme.img')
    data = rng.randbytes(DISK_BYTES)
    with open(path, 'wb') as f:
        f.write(data)
    lbas = rng.sample(range(1, DISK_BYTES // 512), 2)
    DISK.update(path=path, data=data, rlba=lbas[0], wlba=lbas[1],
                seed=rng.randrange(1, 1 << 31))
    ctx.extra_args += ['-device', 'pcie-root-port,id=rp3,chassis=3,slot=3',
                       '-drive', 'file=%s,if=none,id=ptd,format=raw' % path,
                       '-device', 'nvme,serial=vmplatret,drive=ptd,bus=rp3']


def dma_bytes(seed):
    """sec_dma_byte() of tests/guest/sec/sec_abi.h over guest_pattern_word (splitmix64)."""
    out = bytearray()
    for i in range((DMA_LEN + 7) // 8):
        x = (seed + (i + 1) * 0x9e3779b97f4a7c15) & M64
        x = ((x ^ (x >> 30)) * 0xbf58476d1ce4e5b9) & M64
        x = ((x ^ (x >> 27)) * 0x94d049bb133111eb) & M64
        out += struct.pack('<Q', x ^ (x >> 31))
    return bytes(out[:DMA_LEN])


def edus(text):
    """(bdf, bar0 base) of each edu in the boot report, in scan order."""
    out = []
    for m in FW_DEV.finditer(text):
        b = FW_BAR0.search(text, m.end())
        out.append((m.group(1), int(b.group(1), 16) if b else None))
    return out


def pmem(vm, addr, size, name):
    path = os.path.abspath(os.path.join(vmrunner.RUN_DIR, name))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    vm.qmp.execute('pmemsave', val=addr, size=size, filename=path)
    with open(path, 'rb') as f:
        return f.read()


def interact(vm):
    s = vm.serial
    if s.wait_for(vmrunner.SHELL_PROMPT, vm.time_left()) is None:
        raise RuntimeError('no shell prompt')
    boot = bytes(s.data).decode('utf-8', 'replace').replace('\r', '')
    found = edus(boot)
    if len(found) != 2:
        raise RuntimeError('want 2 edus in the boot report, found %r' % found)
    start = len(s.data)
    started = vmrunner.shell_command(vm, 'vm start sec assign=%s' % found[0][0])
    if s.wait_for(r'released \(reset\)', min(40, vm.time_left()), start) is None:
        raise RuntimeError('the guest did not stop / the device was not released')
    stats = vmrunner.shell_command(vm, 'vm stats')
    log = bytes(s.data[start:]).decode('utf-8', 'replace').replace('\r', '')
    data = {'edus': found, 'started': started, 'stats': stats, 'dma': b'', 'canary': b''}
    m = re.search(r'RAM at 0x40000000 \(host (0x[0-9a-f]+)\)', stats or '')
    bad = re.search(r'guest: DMA write to (0x[0-9a-f]+) \(outside RAM\)', log)
    if m:
        data['dma'] = pmem(vm, int(m.group(1), 16) + DMA_DST_OFF, DMA_LEN, 'hv_pt_dma.bin')
    if bad:
        data['canary'] = pmem(vm, int(bad.group(1), 16), 4096, 'hv_pt_canary.bin')
    data['back'] = hand_back(vm, boot)
    vm.serial.write('poweroff\r', char_delay=0.001)
    return data


def hand_back(vm, boot):
    """Pass the NVMe to a second run of the guest, then use it through vmplat."""
    s = vm.serial
    m = NVME_DEV.search(boot)
    if not m:
        return {'error': 'no NVMe in the boot report'}
    out = {'bdf': m.group(1)}
    start = len(s.data)
    out['started'] = vmrunner.shell_command(vm, 'vm start sec assign=%s' % m.group(1))
    if s.wait_for(r'(returned to vmplat as|not taken back by vmplat)[^\n]*\n',
                  min(30, vm.time_left()), start) is None:
        out['error'] = 'the NVMe was not released after the second guest'
        return out
    out['log'] = bytes(s.data[start:]).decode('utf-8', 'replace').replace('\r', '')
    out['list'] = vmrunner.shell_command(vm, 'blk')
    out['read'] = vmrunner.shell_command(vm, 'blk read nvme0n1 %d' % DISK['rlba'])
    out['fill'] = vmrunner.shell_command(vm, 'blk fill nvme0n1 %d 1 %d'
                                         % (DISK['wlba'], DISK['seed']))
    return out


def hexdump_bytes(text, base):
    """The bytes of blk_shell.c's hex dump ("%08llx: xx xx ..."), from offset base on."""
    out = bytearray()
    for off, hexes in re.findall(r'^([0-9a-f]{8}):((?: [0-9a-f]{2})+)$', text or '', re.M):
        if int(off, 16) != base + len(out):
            return None
        out += bytes(int(h, 16) for h in hexes.split())
    return bytes(out)


def hand_back_checks(back):
    """The NVMe came back to vmplat: listed, readable, writable, data checked."""
    bdf = back.get('bdf', '?')
    log = back.get('log') or ''
    rl, wl = DISK.get('rlba', 0), DISK.get('wlba', 0)
    want = DISK.get('data', b'')[rl * 512:(rl + 1) * 512]
    got = hexdump_bytes(back.get('read'), rl * 512)
    try:
        with open(DISK['path'], 'rb') as f:
            f.seek(wl * 512)
            landed = f.read(512)
    except (KeyError, OSError):
        landed = b''
    listed = re.search(r'^blk nvme0n1 nvme .*$', back.get('list') or '', re.M)
    return [
        Check('nvme_guest_sees_it', re.search(r'\[vm sec\] guest: pci 00:00\.0 vendor 0x1b36 '
                                              r'device 0x10\b', log) is not None,
              back.get('error') or 'the second guest did not list the NVMe'),
        Check('nvme_released', re.search(r'vm sec: %s released \(reset\)' % re.escape(bdf),
                                         log) is not None, 'no release line for %s' % bdf),
        Check('nvme_returned', re.search(r'vm sec: %s returned to vmplat as nvme0n1\b'
                                         % re.escape(bdf), log) is not None,
              'no hand-back line: %r' % log[-300:]),
        Check('nvme_listed_again', listed is not None and 'gone' not in listed.group(0),
              'blk: %r' % (back.get('list') or '')[-300:]),
        Check('nvme_read_equals_file', got == want and len(want) == 512,
              'sector %d: %s bytes read, %s' % (rl, len(got) if got is not None else 'no',
                                                'equal' if got == want else 'differ')),
        Check('nvme_fill_ok', ('blk fill nvme0n1 %d 1: 0' % wl) in (back.get('fill') or ''),
              'blk fill: %r' % back.get('fill')),
        Check('nvme_write_in_file', landed == blk_pattern(DISK.get('seed', 0), wl, 1, 512),
              'sector %d of the disk file does not hold the pattern' % wl),
    ]


def check(log, result):
    d = result.data
    text = log.replace('\r', '')
    found = d.get('edus') or [('?', None), ('?', None)]
    bdf, bar0 = found[0]
    seed = re.search(r'guest: sec hello, seed 0x([0-9a-f]+) bad 0x([0-9a-f]+)', text)
    want = dma_bytes(int(seed.group(1), 16)) if seed else None
    bad = seed.group(2) if seed else 'none'
    rid = None
    if bdf != '?':
        b, df = bdf.split(':')[1], bdf.split(':')[2]
        rid = int(b, 16) << 8 | int(df.split('.')[0], 16) << 3 | int(df.split('.')[1])
    hv = re.search(r'vm sec: stopped; DMA page 0x40901000: (\d+) of 4000 bytes differ from seed '
                   r'0x([0-9a-f]+); canary at host 0x([0-9a-f]+): (\d+) bytes changed', text)
    aborts = re.findall(r'\[vm sec\] guest: (.*) aborted as expected', text)
    rx = [
        ('assigned', r'vm sec: %s \(1234:11e8\) assigned as 00:00\.0, DMA through smmu0'
         % re.escape(bdf)),
        ('guest_sees_edu', r'\[vm sec\] guest: pci 00:00\.0 vendor 0x1234 device 0x11e8'),
        ('guest_sees_one', r'\[vm sec\] guest: pci scan found 1 function\(s\)'),
        ('hidden_all_ones', r'guest: ok: hidden function 00:01\.0 reads all-ones'),
        ('msi_hidden', r'guest: ok: MSI capability hidden'),
        ('bar_sized', r'guest: BAR0 size 0x100000\b'),
        ('bar_mapped', r'vm sec: BAR mapped: IPA 0x18000000 -> host 0x%x, 1024 KiB'
         % (bar0 or 0)),
        ('edu_id', r'\[vm sec\] guest: edu id 0x10000ed via BAR0 at 0x18000000'),
        ('edu_regs', r'guest: ok: edu registers through the virtual BAR'),
        ('intx_route', r'vm sec: INTxA of 00:00\.0: host INTID 36 -> virtual INTID 35'),
        ('guest_intx', r'\[vm sec\] guest: INTx: 2 interrupt\(s\) on INTID 35, 0 other'),
        ('dma_in_ram', r'guest: DMA inside RAM 0x40900000 -> edu -> 0x40901000: 0 of 4000'),
        ('smmu_event', r'iommu fault smmu0 dev %s iova 0x%s write reason 0x10'
         % (re.escape(bdf), bad)),
        ('guest_fault', r'vm sec: DMA fault: device %s \(StreamID/RID %#x\) write at IPA 0x%s'
         % (re.escape(bdf), rid or 0, bad)),
        ('bar_unmapped', r'vm sec: BAR unmapped: IPA 0x18000000'),
        ('guest_done', r'\[vm sec\] guest: sec done, 0 failure\(s\)'),
        ('released', r'vm sec: %s released \(reset\)' % re.escape(bdf)),
    ]
    out = [Check(n, re.search(r, text) is not None, 'missing: ' + r) for n, r in rx]
    out += [
        Check('second_edu_not_assigned', found[1][0] not in (d.get('started') or '')
              and 'assigned as 00:01' not in text, 'the other edu went to the guest'),
        Check('aborts', len(aborts) == 4, 'aborted lines: %r' % aborts),
        Check('hv_dma_page', hv is not None and hv.group(1) == '0'
              and seed is not None and hv.group(2) == seed.group(1),
              'hypervisor line: %s' % (hv.group(0) if hv else 'missing')),
        Check('hv_canary', hv is not None and hv.group(4) == '0' and hv.group(3) == bad,
              'canary line: %s' % (hv.group(0) if hv else 'missing')),
        Check('dma_page_via_qmp', want is not None and d.get('dma') == want,
              '%d bytes by pmemsave, %s' % (len(d.get('dma') or b''),
                                           'equal' if d.get('dma') == want else 'differ')),
        Check('canary_via_qmp', d.get('canary') == bytes([0x5a]) * 4096,
              'host canary page changed or not read (%d bytes)' % len(d.get('canary') or b'')),
        Check('stats_dma_fault', re.search(r'dma_faults=1 last_fault_ipa=0x%s intx=2\b' % bad,
                                           d.get('stats') or '') is not None,
              'vm stats: %r' % (d.get('stats') or '')[-200:]),
    ] + hand_back_checks(d.get('back') or {}) + [
        Check('poweroff', result.status == 0,
              'status %s after poweroff (QEMU exit %s)' % (result.status, result.exit_code)),
    ]
    return out
