# SPDX-License-Identifier: MIT
"""
Bad snapshot input in QEMU (docs/snapshot.md): five snapshots of the
counting test guest are saved (1 full, 2 incremental on 1, 3 full, 4 full,
5 incremental on 4); between boots this script flips bytes in the disk
image: a data byte of 2, the magic of 3, the format version of 4, and later
a byte of the newest superblock slot. In the next boots each restore is
refused with its precise error (CRC32C mismatch, not a snapshot, format
version, refused through the chain for 5) while the VM that was running
keeps running, and the untouched snapshot 1 still restores to the RAM it
was saved with; with the newest slot corrupted the store mounts the
previous generation (four snapshots).
"""
import os
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

SLOT0, SLOT_BYTES = 4096, 16384
STATE = {}


def prepare(ctx):
    STATE['disk'] = sr.prepare_disk(ctx)


def flip(path, off, mask=0x01):
    with open(path, 'r+b') as f:
        f.seek(off)
        b = f.read(1)[0]
        f.seek(off)
        f.write(bytes([b ^ mask]))


def extents(listing):
    return {int(i): (int(start), int(size)) for i, size, start in
            re.findall(r'^\s+(\d+) parent \d+ \S+ (\d+) bytes at (\d+) ', listing, re.M)}


def newest_slot(path):
    with open(path, 'rb') as f:
        best = None
        for i in range(2):
            f.seek(SLOT0 + i * SLOT_BYTES)
            b = f.read(16)
            gen = struct.unpack_from('<Q', b, 8)[0]
            if b[:8] == b'VMPSLOT1' and (best is None or gen > best[1]):
                best = (i, gen)
    return SLOT0 + best[0] * SLOT_BYTES


def boot_and_prompt(vm, tag):
    m = sr.reboot(vm, None, tag)
    if m.serial.wait_for(vmrunner.SHELL_PROMPT, m.time_left()) is None:
        raise RuntimeError('no prompt in boot %s' % tag)
    return m


def interact(vm):
    d = {}
    path = STATE['disk']
    if vm.serial.wait_for(vmrunner.SHELL_PROMPT, vm.time_left()) is None:
        raise RuntimeError('no shell prompt')
    sr.cmd(vm, 'vm snapstore format %s' % sr.blkdev(vm))
    sr.cmd(vm, 'vm start snap')
    sr.wait_counts(vm, 1)
    d['saves'] = [sr.saved(sr.cmd(vm, 'vm save %s' % o)) for o in ('', '-i', '', '', '-i')]
    listing = sr.cmd(vm, 'vm snapshots')
    ext = extents(listing)
    d['ext'] = ext
    # Flip: 2's last data byte, 3's magic, 4's version field (header offset 8).
    flip(path, ext[2][0] + ext[2][1] - 1)
    flip(path, ext[3][0], 0x20)
    flip(path, ext[4][0] + 8, 0x02)
    m = boot_and_prompt(vm, 'boot2')
    try:
        d['r1'] = sr.cmd(m, 'vm restore 1')
        sr.wait_counts(m, 1)
        for i in (2, 3, 5):
            d['bad%d' % i] = sr.cmd(m, 'vm restore %d' % i)
        d['after_bad'] = sr.wait_counts(m, 2)
        d['stats'] = sr.cmd(m, 'vm stats')
        d['list2'] = sr.cmd(m, 'vm snapshots')
        m.serial.write('poweroff\r', char_delay=0.001)
        m.wait()
    finally:
        m.close()
    flip(path, newest_slot(path) + 200)
    m = boot_and_prompt(m, 'boot3')
    try:
        d['list3'] = sr.cmd(m, 'vm snapshots')
        d['r1b'] = sr.cmd(m, 'vm restore 1 -p')
        ram = sr.read_ram(m, 'corrupt')
        d['r1b_sha'] = sr.sha(ram)
        m.serial.write('poweroff\r', char_delay=0.001)
        m.wait()
    finally:
        m.close()
    return d


def check(log, result):
    d = result.data
    saves = d.get('saves') or []
    s1 = saves[0] if saves else None
    r1 = sr.restored(d.get('r1'))
    r1b = sr.restored(d.get('r1b'))
    after = d.get('after_bad') or []
    return [
        Check('five_saves', len(saves) == 5 and all(saves) and
              [s[1] for s in saves] == ['full', 'incremental', 'full', 'full', 'incremental'],
              repr(saves)),
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
        Check('vm_kept_running', len(after) == 2 and after[0] < after[1]
              and 'vm snap: running' in (d.get('stats') or ''),
              'counts %r, stats %r' % (after, (d.get('stats') or '')[:80])),
        Check('store_intact', re.search(r'^5 snapshot\(s\)', d.get('list2') or '', re.M)
              is not None, repr(d.get('list2'))),
        Check('slot_fallback', re.search(r'^4 snapshot\(s\)', d.get('list3') or '', re.M)
              is not None and ' 5 parent' not in (d.get('list3') or ''),
              repr(d.get('list3'))),
        Check('restore_after_fallback', r1b is not None and s1 is not None and r1b[4] == s1[7]
              and d.get('r1b_sha') == s1[7], '%r, pmemsave %s' % (r1b, d.get('r1b_sha'))),
    ]
