# SPDX-License-Identifier: MIT
"""
Bad snapshot input in QEMU (docs/snapshot.md). Nine snapshots of the
counting test guest are saved in one boot: 1 full, 2 incremental on 1,
3 full, 4 full, 5 incremental on 4, then, after live restores of 1 so that
each bad image sits on an intact base, 6 incremental on 1, 7 incremental
on 6, 8 incremental on 1 and 9 incremental on 1 (the 64 MiB disk has no
room for more full images). Between boots this script edits the disk
image: a data byte of 2, the magic of 3, the format version of 4, the arch
of 8 (x86_64); in the slot mount takes (the valid one with the higher
generation) it removes 6's record and makes 9's record hold fewer bytes
than 9's header says (a truncated image), with the slot's CRC32C
recomputed; later it flips a byte of that slot. In the next boots each
restore is refused with its precise error (CRC32C mismatch, not a
snapshot, format version through the chain for 5, missing parent for 7,
other architecture for 8, truncated for 9) while the VM that was running
keeps running; the store lists exactly what the edited slot holds, and the
untouched snapshot 1 restores to the RAM it was saved with (QMP pmemsave).
With the newest slot corrupted the store mounts the previous generation
(eight snapshots, 6 in it again), where 7's chain restores to its saved RAM.
"""
import re
import struct

import vmrunner
from vmrunner import Check
import snap_save_restore as sr

SCENARIO = dict(
    name='snap_corrupt',
    arch='aarch64',
    machine='virt,gic-version=3,virtualization=on',
    cpu='cortex-a72',
    cmdline='',
    timeout=120,
    description='snapshots: flipped bytes in the disk image refused precisely, others intact',
)

H_ARCH, H_TOTAL = 16, 48        # image header (snapshot/format.c)
SNAP_ARCH_AARCH64, SNAP_ARCH_X86_64 = 1, 2
# Which snapshot gets which edit (ids as saved below).
CRC, NO_MAGIC, VERSION, VERSION_CHILD = 2, 3, 4, 5
GONE, ORPHAN, ARCH, TRUNC = 6, 7, 8, 9
BAD = (CRC, NO_MAGIC, VERSION_CHILD, ORPHAN, ARCH, TRUNC)
STATE = {}
LIST_RX = r'^\s+(\d+) parent (\d+) (\S+) (\d+) bytes at (\d+) sha256 ([0-9a-f]+) '


def prepare(ctx):
    STATE['disk'] = sr.prepare_disk(ctx)


def flip(path, off, mask=0x01):
    with open(path, 'r+b') as f:
        f.seek(off)
        b = f.read(1)[0]
        f.seek(off)
        f.write(bytes([b ^ mask]))


def read_u(path, off, fmt):
    with open(path, 'rb') as f:
        f.seek(off)
        return struct.unpack(fmt, f.read(struct.calcsize(fmt)))[0]


def listed(listing):
    """id -> (parent, kind, bytes, extent start, digest prefix) of `vm snapshots`."""
    return {int(m[0]): (int(m[1]), m[2], int(m[3]), int(m[4]), m[5])
            for m in re.findall(LIST_RX, listing or '', re.M)}


def extents(listing):
    return {i: (e[3], e[2]) for i, e in listed(listing).items()}


def boot_and_prompt(vm, tag):
    m = sr.reboot(vm, None, tag)
    if m.serial.wait_for(vmrunner.SHELL_PROMPT, m.time_left()) is None:
        raise RuntimeError('no prompt in boot %s' % tag)
    return m


def edit_slot(path, d):
    """In the slot mount takes: 6's record removed (7's parent is gone) and 9's
    image size cut to half of what its header says, sector aligned: the store
    then holds only the first part of the image, as after a torn copy. The
    older slot stays as it was (the previous generation)."""
    slot = sr.mounted_slot(path)
    if slot is None or slot['gen'] != 1 + 9:
        raise RuntimeError('slot after nine saves: %r' % (slot and slot['gen']))
    recs = []
    for r in slot['recs']:
        rid = sr.rec_field(r, 0)
        if rid == GONE:
            continue
        if rid == TRUNC:
            total = read_u(path, sr.rec_field(r, 16) + H_TOTAL, '<Q')
            if sr.rec_field(r, sr.REC_SIZE) != total:
                raise RuntimeError('record size %d, header total %d'
                                   % (sr.rec_field(r, sr.REC_SIZE), total))
            r = bytearray(r)
            d['trunc_size'] = total // 2 // 512 * 512
            struct.pack_into('<Q', r, sr.REC_SIZE, d['trunc_size'])
        recs.append(r)
    sr.write_slot(path, slot, recs)
    again = sr.mounted_slot(path)
    if again is None or again['index'] != slot['index'] or len(again['recs']) != 8:
        raise RuntimeError('rewritten slot not the one mount takes')


def interact(vm):
    d = {}
    path = STATE['disk']
    if vm.serial.wait_for(vmrunner.SHELL_PROMPT, vm.time_left()) is None:
        raise RuntimeError('no shell prompt')
    sr.cmd(vm, 'vm snapstore format %s' % sr.blkdev(vm))
    sr.cmd(vm, 'vm start snap')
    sr.wait_counts(vm, 1)
    d['saves'] = [sr.saved(sr.cmd(vm, 'vm save %s' % o)) for o in ('', '-i', '', '', '-i')]
    # Branches on the intact full image 1: 6 <- 7, 8, 9 (a restore makes 1 the parent).
    sr.cmd(vm, 'vm restore 1')
    d['saves'] += [sr.saved(sr.cmd(vm, 'vm save -i')) for _ in (GONE, ORPHAN)]
    for _ in (ARCH, TRUNC):
        sr.cmd(vm, 'vm restore 1')
        d['saves'].append(sr.saved(sr.cmd(vm, 'vm save -i')))
    d['list1'] = sr.cmd(vm, 'vm snapshots')
    ext = extents(d['list1'])
    # Flip: 2's last data byte, 3's magic, 4's version field (header offset 8).
    flip(path, ext[CRC][0] + ext[CRC][1] - 1)
    flip(path, ext[NO_MAGIC][0], 0x20)
    flip(path, ext[VERSION][0] + 8, 0x02)
    # 8 claims to be an x86_64 snapshot (header offset 16).
    if read_u(path, ext[ARCH][0] + H_ARCH, '<I') != SNAP_ARCH_AARCH64:
        raise RuntimeError('snapshot %d: no aarch64 arch field' % ARCH)
    with open(path, 'r+b') as f:
        f.seek(ext[ARCH][0] + H_ARCH)
        f.write(struct.pack('<I', SNAP_ARCH_X86_64))
    edit_slot(path, d)
    m = boot_and_prompt(vm, 'boot2')
    try:
        d['r1'] = sr.cmd(m, 'vm restore 1')
        counts = sr.wait_counts(m, 1)
        for i in BAD:
            d['bad%d' % i] = sr.cmd(m, 'vm restore %d' % i)
            counts += sr.wait_counts(m, 1)
        d['after_bad'] = sr.wait_counts(m, 2)
        d['counts'] = counts + d['after_bad']
        d['stats'] = sr.cmd(m, 'vm stats')
        d['list2'] = sr.cmd(m, 'vm snapshots')
        d['r1p'] = sr.cmd(m, 'vm restore 1 -p')
        d['r1p_sha'] = sr.sha(sr.read_ram(m, 'corrupt_b2'))
        m.serial.write('poweroff\r', char_delay=0.001)
        m.wait()
    finally:
        m.close()
    flip(path, sr.mounted_slot(path)['index'] * sr.SLOT_BYTES + sr.SLOT0 + 200)
    m = boot_and_prompt(m, 'boot3')
    try:
        d['list3'] = sr.cmd(m, 'vm snapshots')
        d['r1b'] = sr.cmd(m, 'vm restore 1 -p')
        d['r1b_sha'] = sr.sha(sr.read_ram(m, 'corrupt'))
        d['r7'] = sr.cmd(m, 'vm restore %d -p' % ORPHAN)
        d['r7_sha'] = sr.sha(sr.read_ram(m, 'corrupt_r7'))
        m.serial.write('poweroff\r', char_delay=0.001)
        m.wait()
    finally:
        m.close()
    return d


def refused(d, i, *want):
    out = d.get('bad%d' % i) or ''
    return Check(*want[:1], all(w in out for w in want[1:]), repr(out[-400:]))


def check(log, result):
    d = result.data
    saves = d.get('saves') or []
    s1 = saves[0] if saves else None
    r1 = sr.restored(d.get('r1'))
    r1p = sr.restored(d.get('r1p'))
    r1b = sr.restored(d.get('r1b'))
    r7 = sr.restored(d.get('r7'))
    s7 = saves[ORPHAN - 1] if len(saves) >= ORPHAN else None
    after = d.get('after_bad') or []
    counts = d.get('counts') or []
    # What boot 2 must list: boot 1's listing without 6, 9 with the cut size.
    want2 = dict(listed(d.get('list1')))
    want2.pop(GONE, None)
    if TRUNC in want2:
        want2[TRUNC] = want2[TRUNC][:2] + (d.get('trunc_size'),) + want2[TRUNC][3:]
    list3 = d.get('list3') or ''
    return [
        Check('five_saves', len(saves) >= 5 and all(saves[:5]) and
              [s[1] for s in saves[:5]] == ['full', 'incremental', 'full', 'full', 'incremental'],
              repr(saves[:5])),
        Check('branch_saves', len(saves) == 9 and all(saves[5:]) and
              [(s[0], s[1], s[2]) for s in saves[5:]] ==
              [('6', 'incremental', '1'), ('7', 'incremental', '6'),
               ('8', 'incremental', '1'), ('9', 'incremental', '1')],
              repr(saves[5:])),
        Check('restore_untouched', r1 is not None and s1 is not None and r1[4] == s1[7],
              repr(d.get('r1'))),
        Check('crc_mismatch', 'restore of 2 refused: checksum mismatch (corrupted) (-77)'
              in (d.get('bad2') or '') and 'CRC32C' in (d.get('bad2') or ''),
              repr((d.get('bad2') or '')[-300:])),
        Check('no_magic', 'restore of 3 refused: not a snapshot (no magic) (-8)'
              in (d.get('bad3') or ''), repr((d.get('bad3') or '')[-300:])),
        Check('bad_version_in_chain', 'restore of 5 refused: unsupported format version (-123)'
              in (d.get('bad5') or '') and 'snapshot 4: refused' in (d.get('bad5') or ''),
              repr((d.get('bad5') or '')[-300:])),
        refused(d, ORPHAN, 'missing_parent',
                'snapstore: snapshot 7 needs its parent 6, which is gone',
                'restore of 7 refused: no such snapshot (or missing parent) (-2)'),
        refused(d, ARCH, 'wrong_arch',
                'snapshot 8: refused: snapshot of another architecture (-134)',
                'restore of 8 refused: snapshot of another architecture (-134)'),
        refused(d, TRUNC, 'truncated',
                'header/section table refused: truncated (-61)',
                'snapshot 9: refused: truncated (-61)',
                'restore of 9 refused: truncated (-61)'),
        Check('vm_kept_running', len(after) == 2 and after[0] < after[1]
              and len(counts) == len(BAD) + 3
              and all(a < b for a, b in zip(counts, counts[1:]))
              and 'vm snap: running' in (d.get('stats') or ''),
              'counts %r, stats %r' % (counts, (d.get('stats') or '')[:80])),
        Check('store_intact', re.search(r'^8 snapshot\(s\)', d.get('list2') or '', re.M)
              is not None and len(want2) == 8 and listed(d.get('list2')) == want2,
              'listed %r, want %r' % (listed(d.get('list2')), want2)),
        Check('restore_untouched_ram', r1p is not None and s1 is not None and r1p[4] == s1[7]
              and d.get('r1p_sha') == s1[7], '%r, pmemsave %s' % (r1p, d.get('r1p_sha'))),
        Check('slot_fallback', re.search(r'^8 snapshot\(s\)', list3, re.M) is not None
              and ' 9 parent' not in list3 and ' 6 parent 1 ' in list3, repr(list3)),
        Check('restore_after_fallback', r1b is not None and s1 is not None and r1b[4] == s1[7]
              and d.get('r1b_sha') == s1[7], '%r, pmemsave %s' % (r1b, d.get('r1b_sha'))),
        Check('parent_back_in_fallback', r7 is not None and s7 is not None and r7[1] == '3'
              and r7[4] == s7[7] and d.get('r7_sha') == s7[7],
              '%r, pmemsave %s' % (r7, d.get('r7_sha'))),
    ]
