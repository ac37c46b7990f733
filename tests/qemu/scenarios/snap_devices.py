# SPDX-License-Identifier: MIT
"""
Snapshots of VMs with assigned PCI functions (docs/snapshot.md, "Which
devices are snapshot-safe"), with the counting snapshot guest on
virt,iommu=smmuv3 and an edu and a virtio-rng behind root ports:
 (a) edu assigned, untouched by the guest: saved and restored; the bridge's
     shadow and the device read back (`vm devstate`, paused) are what they
     were at save, and the guest continues from the saved count;
 (b) edu enabled by the guest (`vm start snap pci`: BAR 0, memory decode and
     bus master through its virtual config space) which keeps changing the
     factorial register: saved, the guest changes the device, restored:
     the device and shadow hold the saved values again (host readout), the
     guest finds the factorial it had computed before the save (it prints
     MISMATCH otherwise), and an incremental save with bus mastering on
     holds all of RAM; the same restore after a reboot of vmplat;
 (c) virtio-rng enabled by the guest, no device-state handler: `vm save`
     refused (-EPERM, the message naming it), nothing stored, the guest
     keeps counting;
 and with the two devices' slots swapped in a third boot, restoring (b)
 finds another device at the edu's address: refused with -EXDEV before
 anything changed, the running guest keeps counting.
"""
import re

import vmrunner
from vmrunner import Check
import snap_save_restore as sr

SCENARIO = dict(
    name='snap_devices',
    arch='aarch64',
    machine='virt,gic-version=3,virtualization=on,iommu=smmuv3',
    cpu='cortex-a72',
    cmdline='',
    timeout=300,
    description='snapshots: assigned PCI functions idle, with a handler, refused',
)

DEVSTATE_RX = (r'vm devstate 00:00\.0 (\S+) ([0-9a-f]{4}):([0-9a-f]{4}) cmd=(0x[0-9a-f]+|0+) '
               r'bar0=(0x[0-9a-f]+|0) line=(\d+) phys_cmd=(0x[0-9a-f]+|0+) state=(\S+)')
EDU_RX = r'snapguest edu n=(\d+) fact=(0x[0-9a-f]+)\r?\n'


def prepare(ctx):
    sr.prepare_disk(ctx)
    ctx.extra_args += ['-device', 'pcie-root-port,id=rp1,chassis=1,slot=1',
                       '-device', 'pcie-root-port,id=rp2,chassis=2,slot=2',
                       '-device', 'edu,dma_mask=0xffffffffff,bus=rp1',
                       '-device', 'virtio-rng-pci,disable-legacy=on,bus=rp2']


def devstate(vm):
    """The function's state as {cmd, bar0, line, phys_cmd, state} (VM paused)."""
    out = sr.cmd(vm, 'vm devstate')
    m = re.search(DEVSTATE_RX, out)
    if not m:
        return {'raw': out[-300:]}
    g = m.groups()
    return dict(bdf=g[0], id=g[1] + ':' + g[2], cmd=int(g[3], 16), bar0=int(g[4], 16),
                line=int(g[5]), phys_cmd=int(g[6], 16), state=g[7])


def wait_edu(vm, n, start=None):
    """The next n edu lines of the guest: [(n, fact)]."""
    return [(int(g[0]), int(g[1], 16))
            for g in sr.wait_lines(vm, EDU_RX, n, start, 60, 'no edu line from the guest')]


def since(vm, pos):
    return bytes(vm.serial.data[pos:]).decode('utf-8', 'replace')


def resume_restored(vm):
    """vm resume of a guest restored with its edu in use, then vm stop: its next 3
    counts, its next edu line and all it printed from the resume on (where a
    factorial other than the saved one shows as MISMATCH)."""
    start = len(vm.serial.data)
    sr.cmd(vm, 'vm resume')
    counts = sr.wait_counts(vm, 3, start)
    edu = wait_edu(vm, 1, start)
    after = since(vm, start)
    sr.cmd(vm, 'vm stop')
    return counts, edu, after


def find_bdf(text, ident):
    m = re.search(r'^pci (0000:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]) %s ' % ident, text, re.M)
    if not m:
        raise RuntimeError('no %s in the boot report' % ident)
    return m.group(1)


def case_idle(vm, edu, d):
    d['a_assign'] = sr.cmd(vm, 'vm assign %s' % edu)
    d['a_start'] = sr.cmd(vm, 'vm start snap')
    sr.wait_counts(vm, 1)
    sr.cmd(vm, 'vm pause')
    d['a1'] = devstate(vm)
    d['a_save'] = sr.cmd(vm, 'vm save -v edu-idle')
    sr.resume(vm, 1)
    d['a_restore'] = sr.cmd(vm, 'vm restore %s -p' % (sr.saved(d['a_save']) or ['0'])[0])
    d['a2'] = devstate(vm)
    d['a_counts'] = sr.resume(vm)
    sr.cmd(vm, 'vm stop')


def case_handler(vm, edu, d):
    sr.cmd(vm, 'vm assign %s' % edu)
    pos = len(vm.serial.data)
    d['b_start'] = sr.cmd(vm, 'vm start snap pci')
    d['b_edu_before'] = wait_edu(vm, 2, pos)
    sr.cmd(vm, 'vm pause')
    d['b1'] = devstate(vm)
    d['b_save'] = sr.cmd(vm, 'vm save -v edu-on')
    d['b_save_inc'] = sr.cmd(vm, 'vm save -i edu-on-incremental')
    start = len(vm.serial.data)
    sr.cmd(vm, 'vm resume')
    d['b_edu_after_save'] = wait_edu(vm, 2, start)
    d['b_restore'] = sr.cmd(vm, 'vm restore %s -p' % (sr.saved(d['b_save']) or ['0'])[0])
    d['b2'] = devstate(vm)
    d['b_counts'], d['b_edu_restored'], d['b_after'] = resume_restored(vm)


def case_refused(vm, rng, d):
    sr.cmd(vm, 'vm assign %s' % rng)
    d['c_start'] = sr.cmd(vm, 'vm start snap pci')
    sr.wait_counts(vm, 1)
    d['c_list0'] = sr.cmd(vm, 'vm snapshots')
    d['c_save'] = sr.cmd(vm, 'vm save with-rng')
    d['c_counts'] = sr.wait_counts(vm, 2)
    d['c_list1'] = sr.cmd(vm, 'vm snapshots')


def interact(vm):
    d = {}
    if vm.serial.wait_for(vmrunner.SHELL_PROMPT, vm.time_left()) is None:
        raise RuntimeError('no shell prompt')
    text = vm.serial.text().replace('\r', '')
    edu, rng = find_bdf(text, '1234:11e8'), find_bdf(text, '1af4:1044')
    sr.cmd(vm, 'vm snapstore format %s' % sr.blkdev(vm))
    case_idle(vm, edu, d)
    case_handler(vm, edu, d)
    case_refused(vm, rng, d)
    idb = (sr.saved(d['b_save']) or ['0'])[0]
    vm2 = sr.reboot(vm, 'run="vm restore %s -p"' % idb, 'boot2')
    try:
        if vm2.serial.wait_for(vmrunner.SHELL_PROMPT, vm2.time_left()) is None:
            raise RuntimeError('no prompt in the second boot')
        d['r_boot'] = vm2.serial.text()
        d['r3'] = devstate(vm2)
        d['r_counts'], d['r_edu'], d['r_after'] = resume_restored(vm2)
        vm2.argv = [swap_slots(a) for a in vm2.argv]
        vm3 = sr.reboot(vm2, '', 'boot3')
    finally:
        vm2.close()
    try:
        case_other_device(vm3, idb, d)
        vm3.serial.write('poweroff\r', char_delay=0.001)
        vm3.wait()
    finally:
        vm3.close()
    return d


def swap_slots(arg):
    """The edu goes to the virtio-rng's root port and back."""
    if arg.startswith('edu,'):
        return arg.replace('bus=rp1', 'bus=rp2')
    if arg.startswith('virtio-rng-pci,'):
        return arg.replace('bus=rp2', 'bus=rp1')
    return arg


def case_other_device(vm, idb, d):
    if vm.serial.wait_for(vmrunner.SHELL_PROMPT, vm.time_left()) is None:
        raise RuntimeError('no prompt in the third boot')
    d['x_boot'] = vm.serial.text().replace('\r', '')
    sr.cmd(vm, 'vm start snap')
    sr.wait_counts(vm, 1)
    d['x_restore'] = sr.cmd(vm, 'vm restore %s' % idb)
    d['x_counts'] = sr.wait_counts(vm, 2)


def same_state(a, b):
    keys = ('id', 'cmd', 'bar0', 'line', 'state')
    return bool(a) and bool(b) and 'cmd' in a and all(a.get(k) == b.get(k) for k in keys)


def check(log, result):
    d = result.data
    sa, sb, sbi = sr.saved(d.get('a_save')), sr.saved(d.get('b_save')), sr.saved(d.get('b_save_inc'))
    ra, rb = sr.restored(d.get('a_restore')), sr.restored(d.get('b_restore'))
    rr = sr.restored(d.get('r_boot'))
    a1, a2, b1, b2, r3 = (d.get(k) or {} for k in ('a1', 'a2', 'b1', 'b2', 'r3'))
    ca, cb = int(sa[6]) if sa else -1, int(sb[6]) if sb else -1
    fact_b1 = int((b1.get('state') or '00000000')[:8] or '0', 16)
    fact_b1 = int.from_bytes(fact_b1.to_bytes(4, 'big'), 'little')  # blob: u32 little-endian
    after = d.get('b_edu_after_save') or []
    save = d.get('c_save') or ''
    return [
        Check('a_saved_restored', sa is not None and ra is not None and ra[3] == sa[6],
              'save %r restore %r' % (sa, ra)),
        Check('a_idle_shadow', a1.get('cmd') == 0 and a1.get('bar0') == 0, repr(a1)),
        Check('a_state_restored', same_state(a1, a2), 'before %r after %r' % (a1, a2)),
        Check('a_continues', sr.continues(d.get('a_counts'), ca),
              'after restore %r, saved %d' % (d.get('a_counts'), ca)),
        Check('b_guest_enabled', (b1.get('cmd', 0) & 6) == 6 and b1.get('bar0') == 0x10000000
              and (b1.get('phys_cmd', 0) & 4) == 4, repr(b1)),
        Check('b_saved', sb is not None and sb[1] == 'full', repr((d.get('b_save') or '')[-300:])),
        Check('b_incremental_in_full', sbi is not None and sbi[1] == 'full' and sbi[2] == '0'
              and 'incremental saved in full (DMA)' in (d.get('b_save_inc') or ''),
              repr((d.get('b_save_inc') or '')[-400:])),
        Check('b_guest_changed_device', len(after) == 2 and any(f != fact_b1 for _, f in after),
              'saved fact %#x, after save %r' % (fact_b1, after)),
        Check('b_device_restored', same_state(b1, b2) and (b2.get('phys_cmd', 0) & 4) == 4,
              'before %r after %r' % (b1, b2)),
        Check('b_guest_sees_saved_state', rb is not None and 'MISMATCH' not in
              (d.get('b_after') or 'MISMATCH') and len(d.get('b_edu_restored') or []) == 1,
              repr((d.get('b_after') or '')[-400:])),
        Check('b_continues', sr.continues(d.get('b_counts'), cb),
              'after restore %r, saved %d' % (d.get('b_counts'), cb)),
        Check('c_refused', 'not snapshot-safe' in save and '1af4:1044' in save
              and 'save failed' in save and '(-1)' in save, repr(save[-400:])),
        Check('c_nothing_stored', (d.get('c_list0') or 'x').splitlines()[1:] ==
              (d.get('c_list1') or 'y').splitlines()[1:], repr(d.get('c_list1'))),
        Check('c_guest_kept_running', len(d.get('c_counts') or []) == 2
              and d['c_counts'][0] < d['c_counts'][1], repr(d.get('c_counts'))),
        Check('reboot_restored', rr is not None and rr[3] == str(cb) and same_state(b1, r3),
              'restore %r devstate %r vs %r' % (rr, r3, b1)),
        Check('other_device_refused', 'refused: different VM configuration (-18)' in
              (d.get('x_restore') or '') and re.search(r'^pci 0000:01:00\.0 1af4:1044 ',
                                                       d.get('x_boot') or '', re.M) is not None
              and 'is 1af4:1044 here; the snapshot\'s was 1234:11e8' in (d.get('x_restore') or ''),
              repr((d.get('x_restore') or '')[-400:])),
        Check('other_device_guest_kept_running', len(d.get('x_counts') or []) == 2
              and d['x_counts'][0] < d['x_counts'][1], repr(d.get('x_counts'))),
        Check('reboot_guest_sees_saved_state', 'MISMATCH' not in (d.get('r_after') or 'MISMATCH')
              and sr.continues(d.get('r_counts'), cb), repr((d.get('r_after') or '')[-400:])),
    ]
