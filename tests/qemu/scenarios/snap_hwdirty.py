# SPDX-License-Identifier: MIT
"""
Incremental snapshots with the hardware dirty state (FEAT_HAFDBS, stage 2:
VTCR_EL2.HD and DBM descriptors, arch/aarch64/hv/stage2_dirty.c) on
`-cpu max`, then the same on the write-fault path (second boot with
hvdirty=wp) to compare. Per boot: the snapshot test guest counts, is
paused, its RAM read by QEMU (QMP pmemsave) and saved in full; it runs on,
is paused and read again, and saved incrementally. Checked from outside:
the page bitmap of the incremental image, read from the store on the disk
file, names exactly the pages whose bytes changed between the two reads
(every one of them, no other); the hypervisor's dirty line names the mode
and counts 0 write faults in hardware mode (> 0 on the fault path), and
`vm stats` just before the save names the same mode, pages and faults; the
chain restores to RAM hashing like the second read, and the guest goes on.
"""
import re
import struct

import vmrunner
from vmrunner import Check
import snap_save_restore as sr

SCENARIO = dict(
    name='snap_hwdirty',
    arch='aarch64',
    machine='virt,gic-version=3,virtualization=on',
    cpu='max,pauth-impdef=on',
    cmdline='',
    timeout=240,
    description='snapshots: hardware dirty state (stage-2 DBM) vs write faults, exact delta',
)

NPAGES = sr.RAM_SIZE // 4096
DIRTY_RX = (r'hv: \S+: dirty tracking: (hardware \(DBM\)|write faults \(stage-2 permission\)), '
            r'(\d+) pages dirty, (\d+) write faults, collected in (\d+) us')
STATS_RX = (r'\n  dirty tracking: (hardware \(DBM\)|write faults \(stage-2 permission\)), '
            r'(\d+) pages dirty, (\d+) write faults\r?\n')
SECT_MEM_DELTA = 5


def prepare(ctx):
    sr.prepare_disk(ctx)


def changed_pages(a, b):
    return {p for p in range(NPAGES) if a[p * 4096:(p + 1) * 4096] != b[p * 4096:(p + 1) * 4096]}


def extent(listing, sid):
    m = re.search(r'^\s+%d parent \d+ \S+ (\d+) bytes at (\d+) ' % sid, listing or '', re.M)
    return (int(m.group(2)), int(m.group(1))) if m else None


def delta_pages(disk, start, size):
    """Pages named by the mem-delta section of the image at start (docs/snapshot.md)."""
    with open(disk, 'rb') as f:
        f.seek(start)
        img = f.read(size)
    if img[:8] != b'VMPSNAP1':
        raise RuntimeError('no image at %d' % start)
    nsect = struct.unpack_from('<I', img, 56)[0]
    for i in range(nsect):
        typ, _, off, _ = struct.unpack_from('<IIQQ', img, 512 + 32 * i)
        if typ != SECT_MEM_DELTA:
            continue
        _, pages, nset = struct.unpack_from('<QQQ', img, off)
        words = struct.unpack_from('<%dQ' % ((pages + 63) // 64), img, off + 24)
        got = {p for p in range(pages) if words[p // 64] >> (p % 64) & 1}
        return got, nset
    raise RuntimeError('no mem-delta section')


def one_boot(vm, disk, d):
    """Full + incremental save, exact-delta and restore facts into d."""
    sr.cmd(vm, 'vm snapstore format %s' % sr.blkdev(vm))
    sr.cmd(vm, 'vm start snap')
    sr.wait_counts(vm, 2)
    sr.cmd(vm, 'vm pause')
    ram0 = sr.read_ram(vm, 'hw0')
    d['save1'] = sr.cmd(vm, 'vm save first')
    sr.resume(vm)
    sr.cmd(vm, 'vm pause')
    ram1 = sr.read_ram(vm, 'hw1')
    d['stats'] = sr.cmd(vm, 'vm stats')  # tracking armed since the full save
    d['save2'] = sr.cmd(vm, 'vm save -i -v second')
    s2 = sr.saved(d['save2'])
    d['ram1_sha'] = sr.sha(ram1)
    d['changed'] = sorted(changed_pages(ram0, ram1))
    d['list'] = sr.cmd(vm, 'vm snapshots')
    ext = extent(d['list'], int(s2[0])) if s2 else None
    if ext:
        got, nset = delta_pages(disk, *ext)
        d['delta'], d['delta_nset'] = sorted(got), nset
    sr.resume(vm)
    d['restore'] = sr.cmd(vm, 'vm restore %s -p' % (s2[0] if s2 else '2'))
    d['r_sha'] = sr.sha(sr.read_ram(vm, 'hw2'))
    d['r_counts'] = sr.resume(vm)
    d['save3'] = sr.cmd(vm, 'vm save -i third')  # unverified: the timing figure


def interact(vm):
    d = {'hw': {}, 'wp': {}}
    if vm.serial.wait_for(vmrunner.SHELL_PROMPT, vm.time_left()) is None:
        raise RuntimeError('no shell prompt')
    disk = [a.split('file=')[1].split(',')[0] for a in vm.argv if a.startswith('file=')][0]
    one_boot(vm, disk, d['hw'])
    vm2 = sr.reboot(vm, 'hvdirty=wp', 'wp')
    try:
        if vm2.serial.wait_for(vmrunner.SHELL_PROMPT, vm2.time_left()) is None:
            raise RuntimeError('no prompt in the second boot')
        one_boot(vm2, disk, d['wp'])
        vm2.serial.write('poweroff\r', char_delay=0.001)
        vm2.wait()
    finally:
        vm2.close()
    return d


def mode_checks(tag, d, mode, faults_ok):
    s2 = sr.saved(d.get('save2'))
    r = sr.restored(d.get('restore'))
    m = re.search(DIRTY_RX, d.get('save2') or '')
    st = re.search(STATS_RX, (d.get('stats') or '').replace('\r', ''))
    changed, delta = d.get('changed') or [], d.get('delta')
    return [
        Check(tag + '_save_incremental', s2 is not None and s2[1] == 'incremental'
              and s2[5] == ', verified', repr((d.get('save2') or '')[-300:])),
        Check(tag + '_mode', m is not None and m.group(1) == mode and faults_ok(int(m.group(3))),
              'dirty line %r, want %s' % (m.group(0) if m else None, mode)),
        Check(tag + '_stats_mode', st is not None and m is not None and st.group(1) == mode
              and st.groups()[1:] == m.groups()[1:3],
              'vm stats %r before the save, its dirty line %r'
              % (st and st.group(0), m and m.group(0))),
        Check(tag + '_delta_exact', len(changed) > 0 and delta == changed
              and d.get('delta_nset') == len(changed),
              'changed %d pages, delta %s pages; missing %s, extra %s' % (
                  len(changed), None if delta is None else len(delta),
                  sorted(set(changed) - set(delta or []))[:8],
                  sorted(set(delta or []) - set(changed))[:8])),
        Check(tag + '_dirty_count', m is not None and int(m.group(2)) == len(changed),
              'hypervisor counted %s, RAM changed in %d pages'
              % (m.group(2) if m else None, len(changed))),
        Check(tag + '_restore_chain', r is not None and r[1] == '2' and s2 is not None
              and r[4] == s2[7] == d.get('ram1_sha') == d.get('r_sha'),
              'restore %r, pmemsave at save %s, after restore %s'
              % (r, d.get('ram1_sha'), d.get('r_sha'))),
        Check(tag + '_continues', s2 is not None and sr.continues(d.get('r_counts'), int(s2[6])),
              'after restore %r, saved %s' % (d.get('r_counts'), s2[6] if s2 else None)),
    ]


def check(log, result):
    d = result.data
    hw, wp = sr.saved(d['hw'].get('save3')), sr.saved(d['wp'].get('save3'))
    hc = re.search(DIRTY_RX, d['hw'].get('save3') or '')
    wc = re.search(DIRTY_RX, d['wp'].get('save3') or '')
    fig = ('incremental save: hardware %s ms, %s pages, collect %s us; '
           'write faults %s ms, %s pages, %s faults' % (
               hw and hw[4], hw and hw[8], hc and hc.group(4),
               wp and wp[4], wp and wp[8], wc and wc.group(3)))
    print('snap_hwdirty: %s' % fig)
    return (mode_checks('hw', d['hw'], 'hardware (DBM)', lambda n: n == 0) +
            mode_checks('wp', d['wp'], 'write faults (stage-2 permission)', lambda n: n > 0) +
            [Check('figures', hw is not None and wp is not None, fig)])
