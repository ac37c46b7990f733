# SPDX-License-Identifier: MIT
"""
Debian's arm64 Linux as a guest of the EL2 hypervisor with a passthrough
NVMe (issue 8 acceptance, docs/hypervisor-linux.md). The ISO on a
virtio-blk holds a BLS entry with the gzip'd Image (vmplat inflates it),
the busybox initramfs of tests/qemu/linux/harness.py in its guest variant
(guest=True: nvme modules, CPU count, PCI functions, one sector's sha256)
and options with a random token and a random LBA. A second disk, random
bytes on an NVMe behind a root port, is what the guest reads.

`vm start linux-aa64 assign=<nvme bdf>` (2 vCPUs, 256 MiB by default):
vmplat lets go of the NVMe it drove itself, assigns it behind the virtual
host bridge (SMMU domain IPA -> PA, INTx as a virtual SPI) and boots the
entry. What must hold, from what the guest printed and what the host knows:
  - bad options (mem=3M, cpus=0, cpus=9) are refused before anything loads
  - the marker, /proc/cmdline equal to the entry's options, the payload sha256
  - /proc/cpuinfo shows 2 processors (CPU_ON of the second vCPU through PSCI)
  - /sys/bus/pci/devices shows the NVMe (1b36:0010, class 010802) as 00:00.0
    (Debian's busybox-static has no lspci applet)
  - the sha256 of sector vmplat.lba=<n> read through /dev/nvme0n1 in the
    guest equals the sha256 of those 512 bytes of the disk file here
  - the guest powered off (PSCI SYSTEM_OFF), the NVMe was released (reset)
    and returned to vmplat's block layer as nvme0n1,
    the shell still answers, and `vm stats` counts exits (hvc, mmio, irq, ...)
    and forwarded INTx interrupts
"""
import hashlib
import os
import random
import re
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'linux'))
import harness  # noqa: E402
import vmrunner  # noqa: E402
from vmrunner import Check  # noqa: E402

ARCH = 'aarch64'
SCENARIO = dict(
    name='hv_linux',
    arch=ARCH,
    machine='virt,gic-version=3,virtualization=on,iommu=smmuv3',
    cpu='cortex-a72',
    mem=1024,
    cmdline='noboot',
    timeout=240,
    description='Debian arm64 Linux as an EL2 guest (2 vCPUs) with a passthrough NVMe: '
                'marker, cpuinfo, lspci, sector sha256, vm stats',
)

STATE = {}
ENTRY = 'linux-aa64'
DISK_BYTES = 4 << 20
GUEST_TIMEOUT = 200
NVME_DEV = re.compile(r'^pci (0000:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]) 1b36:0010 ', re.M)


def prepare(ctx):
    wd = os.path.abspath(ctx.workdir)
    rng = random.Random(os.urandom(16))
    lba = rng.randrange(64, DISK_BYTES // 512)
    opts = ('console=ttyAMA0 earlycon panic=-1 quiet rdinit=/init vmplat.lba=%d '
            'vmplat.token=%016x' % (lba, rng.getrandbits(64)))
    try:
        guest = harness.guest_iso(wd, rng, ENTRY, opts, guest=True)
    except harness.KernelsUnavailable as e:  # the scenario fails with the reason, not skips
        STATE['error'] = str(e)
        return
    disk = os.path.join(wd, 'nvme.img')
    data = rng.randbytes(DISK_BYTES)
    with open(disk, 'wb') as f:
        f.write(data)
    STATE.update(sha256=guest['sha256'], image_bytes=guest['image_bytes'], options=opts,
                 lba=lba, sector=hashlib.sha256(data[lba * 512:(lba + 1) * 512]).hexdigest())
    ctx.extra_args += [
        '-drive', 'file=%s,if=none,id=cd,format=raw,readonly=on' % guest['iso'],
        '-device', 'virtio-blk-pci,drive=cd,disable-legacy=on',
        '-device', 'pcie-root-port,id=rp1,chassis=1,slot=1',
        '-drive', 'file=%s,if=none,id=pt,format=raw' % disk,
        '-device', 'nvme,serial=vmplatpt,drive=pt,bus=rp1',
    ]


def interact(vm):
    s = vm.serial
    if 'error' in STATE:
        return {}
    if s.wait_for(vmrunner.SHELL_PROMPT, vm.time_left()) is None:
        raise RuntimeError('no shell prompt')
    boot = bytes(s.data).decode('utf-8', 'replace').replace('\r', '')
    m = NVME_DEV.search(boot)
    if not m:
        raise RuntimeError('no NVMe (1b36:0010) in the boot report')
    bdf = m.group(1)
    # Bad options are refused before anything is loaded or assigned.
    refused = [vmrunner.shell_command(vm, 'vm start %s %s assign=%s' % (ENTRY, a, bdf))
               for a in ('mem=3M', 'cpus=0', 'cpus=9')]
    start = len(s.data)
    t0 = time.monotonic()
    started = vmrunner.shell_command(vm, 'vm start %s assign=%s' % (ENTRY, bdf), timeout=120)
    t_start = time.monotonic()
    marker = s.wait_for(harness.MARKER + ' arch=', min(GUEST_TIMEOUT, vm.time_left()), start)
    t_marker = time.monotonic()
    stopped = s.wait_for(r'released \(reset\)', min(GUEST_TIMEOUT, vm.time_left()), start)
    t_stop = time.monotonic()
    stats = vmrunner.shell_command(vm, 'vm stats') if stopped is not None else None
    again = vmrunner.shell_command(vm, 'vm stats') if stats is not None else None
    if stopped is None:
        vmrunner.shell_command(vm, 'vm stop', timeout=10)
        stats = vmrunner.shell_command(vm, 'vm stats')
    vm.serial.write('poweroff\r', char_delay=0.001)
    return {'bdf': bdf, 'refused': refused, 'started': started, 'stats': stats, 'again': again,
            'load_s': t_start - t0, 'marker_s': (t_marker - t_start) if marker else None,
            'run_s': t_stop - t_start}


EXITS = re.compile(r'exits: hvc=(\d+) smc=(\d+) mmio=(\d+) abort=(\d+) wfx=(\d+) sysreg=(\d+) '
                   r'irq=(\d+) other=(\d+)')


def check(log, result):
    text = log.replace('\r', '')
    if 'error' in STATE:
        return [Check('kernels-available', False, STATE['error'])]
    d = result.data or {}
    got = harness.parse(text)
    mk = harness.MARKER
    bdf = d.get('bdf', '?')
    cpus = re.search(mk + r' cpus=(\d+)', text)
    pci = re.findall(mk + r' pci (\S+) 0x1b36:0x0010 class=0x010802', text)
    lspci = re.search(mk + r' lspci .*1b36:0010', text)
    sector = re.search(mk + r' sector lba=(\d+) sha256=([0-9a-f]*)', text)
    stats = d.get('stats') or ''
    ex = EXITS.search(stats)
    intx = re.search(r'passthrough: 1 device\(s\), dma_faults=0 .* intx=(\d+)', stats)
    checks = [
        Check('vm-started', re.search(r'vm %s: /aarch64/Image\.gz \(%d bytes\) \+ initrd \d+ '
                                      r'bytes, 2 vCPUs, 256 MiB' % (ENTRY, STATE['image_bytes']),
                                      text) is not None,
              'no load line with the inflated Image size %d' % STATE['image_bytes']),
        Check('bad-options-refused', len(d.get('refused') or []) == 3 and
              all(r and 'bad argument' in r for r in d['refused']),
              'mem=3M / cpus=0 / cpus=9 not all refused: %r' % d.get('refused')),
        Check('nvme-assigned', re.search(r'vm %s: %s \(1b36:0010\) assigned as 00:00\.0'
                                         % (ENTRY, re.escape(bdf)), text) is not None,
              'the NVMe %s was not assigned' % bdf),
        Check('marker', got['seen'] and (mk + ' done') in text,
              'no "%s ... done" from the guest\'s /init' % mk),
        Check('cmdline', got.get('cmdline') == STATE['options'],
              'got %r, entry says %r' % (got.get('cmdline'), STATE['options'])),
        Check('payload-sha256', got.get('sha256') == STATE['sha256'],
              'got %r, packed %s' % (got.get('sha256'), STATE['sha256'])),
        Check('cpuinfo-2-cpus', bool(cpus) and cpus.group(1) == '2',
              'guest /proc/cpuinfo: %s' % (cpus.group(0) if cpus else 'no cpus line')),
        # Debian's busybox-static has no lspci applet: /sys/bus/pci/devices is the listing
        # (an lspci line, when there is one, must agree).
        Check('guest-sees-nvme', pci == ['0000:00:00.0'] and (lspci is not None or
                                                             mk + ' lspci' not in text),
              'guest PCI functions with 1b36:0010: %r' % pci),
        Check('sector-sha256', bool(sector) and sector.group(1) == str(STATE['lba']) and
              sector.group(2) == STATE['sector'],
              'guest: %s, disk file: lba=%d sha256=%s' % (
                  sector.group(0) if sector else 'no sector line', STATE['lba'],
                  STATE['sector'])),
        Check('system-off', re.search(r'PSCI SYSTEM_OFF from vCPU', text) is not None,
              'the guest did not power off through PSCI'),
        Check('nvme-released', re.search(r'vm %s: %s released \(reset\)'
                                         % (ENTRY, re.escape(bdf)), text) is not None,
              'the NVMe was not given back'),
        Check('nvme-returned', re.search(r'vm %s: %s returned to vmplat as nvme0n1\b'
                                         % (ENTRY, re.escape(bdf)), text) is not None,
              'vmplat did not take the NVMe back after the guest'),
        Check('shell-responsive', d.get('again') is not None and 'exits:' in d['again'],
              'no answer to a second vm stats after the guest stopped'),
        # Linux's boot-time debug/PMU accesses (OS lock, MDSCR_EL1, PMUSERENR_EL0) are
        # emulated under MDCR_EL2 traps: nothing may end as an undefined instruction.
        Check('no-undefined-traps', re.search(r'hv: %s vCPU \d+: (trapped sysreg|unhandled exit)'
                                              % ENTRY, text) is None and
              'aborts_injected=0' in stats,
              'the guest got an undefined instruction or an abort: %s' % '; '.join(
                  re.findall(r'hv: %s vCPU \d+: .*' % ENTRY, text)[:3])),
        Check('vm-stats-exits', bool(ex) and all(int(ex.group(i)) > 0 for i in (1, 3, 7)),
              'vm stats exits (hvc, mmio, irq must be > 0): %s' % (ex.group(0) if ex else
                                                                    stats.strip()[:300])),
        Check('intx-forwarded', bool(intx) and int(intx.group(1)) > 0,
              'no forwarded INTx for the NVMe in vm stats: %s' % (intx.group(0) if intx
                                                                  else 'no passthrough line')),
    ]
    print('hv_linux: load %.1f s, start -> marker %s s, start -> released %.1f s' % (
        d.get('load_s') or 0, '%.1f' % d['marker_s'] if d.get('marker_s') else '-',
        d.get('run_s') or 0), file=sys.stderr)
    return checks
