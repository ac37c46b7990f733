# SPDX-License-Identifier: MIT
"""
VM snapshots (docs/snapshot.md) of the snapshot test guest (tests/guest/snap:
it counts and writes a pattern that is a function of its count over 4 MiB
of its RAM), on a scratch virtio-blk disk this script creates:
store format, full save with read-back verification, incremental save,
restore of each into the running platform, and restore of the chain in a
second boot of vmplat on the same disk (run="vm restore <id>" on the
command line). Checked every time from outside: guest RAM read by QEMU
(QMP pmemsave at the host address `vm stats` prints) hashes to what the
hypervisor printed at save time and holds exactly the pattern of the
saved count; the guest then continues from that count.
Also the helpers of the other snap_* scenarios.
"""
import hashlib
import os
import re
import struct

import vmrunner
from vmrunner import Check

SCENARIO = dict(
    name='snap_save_restore',
    arch='aarch64',
    machine='virt,gic-version=3,virtualization=on',
    cpu='cortex-a72',
    cmdline='',
    timeout=150,
    description='snapshots: full + incremental save, restore live and after a reboot',
)

DISK_BYTES = 64 << 20
RAM_SIZE = 16 << 20
STATUS_OFF = 4 << 20          # SNAPG_STATUS - RAM base (tests/guest/snap/snap_abi.h)
AREA_OFF = STATUS_OFF + 4096
PAGES = 1024
MAGIC = 0x534e415047554553
M64 = (1 << 64) - 1
PRINT = 1 << 18               # SNAPG_PRINT: a count line every this many iterations
# A whole line: the serial data can end inside the number ("count=7" of "786432").
COUNT_RX = r'snapguest count=(\d+)\r?\n'
SAVED_RX = (r'snapshot (\d+) saved: (full|incremental), parent (\d+), (\d+) bytes in (\d+) ms'
            r'(, verified)?(?:, guest count (\d+))?, ram sha256 ([0-9a-f]{64}), (\d+) pages')
# ", guest count <n>" only for the counting test guest (its status page in RAM).
RESTORED_RX = (r'snapshot (\d+) restored: chain of (\d+), (\d+) ms(?:, guest count (\d+))?, '
               r'ram sha256 ([0-9a-f]{64})')


def snapg_word(c):
    x = (c + 0x9e3779b97f4a7c15) & M64
    x = ((x ^ (x >> 30)) * 0xbf58476d1ce4e5b9) & M64
    x = ((x ^ (x >> 27)) * 0x94d049bb133111eb) & M64
    return x ^ (x >> 31)


def area_ok(ram, count):
    """Does the work area hold exactly what the guest wrote up to count? (snap_abi.h)"""
    if len(ram) != RAM_SIZE:
        return False
    words = struct.unpack_from('<%dQ' % (PAGES * 512), ram, AREA_OFF)
    # The last writer of slot (page p, word w) is the largest c <= count with
    # c % PAGES == p and (c // PAGES) % 512 == w.
    span = PAGES * 512
    for p in range(PAGES):
        for w in range(512):
            first = p + PAGES * w
            if first == 0 or first > count:
                want = 0
                if first == 0:  # c = span, 2*span, ... (c = 0 is never written)
                    want = snapg_word(count // span * span) if count >= span else 0
            else:
                want = snapg_word(first + (count - first) // span * span)
            if words[p * 512 + w] != want:
                return False
    return True


def status(ram):
    if len(ram) < STATUS_OFF + 16:
        return None, None
    return struct.unpack_from('<QQ', ram, STATUS_OFF)


def prepare_disk(ctx, name='snap.img'):
    path = os.path.abspath(os.path.join(ctx.workdir, name))
    with open(path, 'wb') as f:
        f.truncate(DISK_BYTES)
    ctx.extra_args += ['-drive', 'file=%s,if=none,id=sd,format=raw' % path,
                       '-device', 'virtio-blk-pci,drive=sd,disable-legacy=on']
    return path


def cmd(vm, line, timeout=60):
    out = vmrunner.shell_command(vm, line, timeout=timeout)
    if out is None:
        raise RuntimeError('no prompt after %r' % line)
    return out


def blkdev(vm):
    m = re.search(r'^blk (\S+) virtio-blk .* sectors %d x 512' % (DISK_BYTES // 512),
                  vm.serial.text().replace('\r', ''), re.M)
    if not m:
        raise RuntimeError('scratch disk not listed')
    return m.group(1)


def wait_lines(vm, rx, n, start=None, timeout=30, missing='no line from the guest'):
    """The next n whole lines matching rx after start (default: from now), each
    waited for up to timeout seconds; returns re.findall's item for each (a
    string, or a tuple with two groups or more). RuntimeError(missing) when one
    does not come."""
    s = vm.serial
    pos = len(s.data) if start is None else start
    out = []
    for _ in range(n):
        end = s.wait_for(rx, min(timeout, vm.time_left()), pos)
        if end is None:
            raise RuntimeError(missing)
        text = bytes(s.data[pos:end]).decode('utf-8', 'replace')
        out.append(re.findall(rx, text)[-1])
        pos = end
    return out


def wait_counts(vm, n, start=None):
    """The next n count lines after start; returns the counts."""
    return [int(c) for c in wait_lines(vm, COUNT_RX, n, start, 30, 'guest stopped counting')]


def resume(vm, n=2):
    """vm resume of a paused guest, then its next n count lines, looked for from
    the command on: the first can arrive before the prompt."""
    start = len(vm.serial.data)
    cmd(vm, 'vm resume')
    return wait_counts(vm, n, start)


def read_ram(vm, tag):
    """Guest RAM as QEMU sees it (the VM must be paused)."""
    stats = cmd(vm, 'vm stats')
    m = re.search(r'RAM at 0x40000000 \(host (0x[0-9a-f]+)\)', stats)
    if not m:
        raise RuntimeError('no host address in vm stats: %r' % stats[:200])
    path = os.path.abspath(os.path.join(vmrunner.RUN_DIR, 'snap_ram_%s.bin' % tag))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    vm.qmp.execute('pmemsave', val=int(m.group(1), 16), size=RAM_SIZE, filename=path)
    with open(path, 'rb') as f:
        data = f.read()
    os.unlink(path)
    return data


def sha(b):
    return hashlib.sha256(b).hexdigest()


def reboot(vm, append, tag):
    """Close this QEMU and boot the same command line again (same disk);
    append replaces the firmware command line. Returns the new Machine."""
    argv = list(vm.argv)
    vm.close()
    if '-append' in argv:
        i = argv.index('-append')
        del argv[i:i + 2]
    if append:
        argv[argv.index('-kernel') + 2:argv.index('-kernel') + 2] = ['-append', append]
    ser = [a.split('path=')[1].split(',')[0] for a in argv if 'id=ser0,path=' in a][0]
    qmp = [a.split('path=')[1].split(',')[0] for a in argv if 'id=qmp0,path=' in a][0]
    m = vmrunner.Machine(argv, vm.scenario, vm.scenario['log'] + '.' + tag)
    m.start(ser, qmp, max(10, vm.time_left()))
    return m


def interact(vm):
    d = {}
    if vm.serial.wait_for(vmrunner.SHELL_PROMPT, vm.time_left()) is None:
        raise RuntimeError('no shell prompt')
    dev = blkdev(vm)
    d['format'] = cmd(vm, 'vm snapstore format %s' % dev)
    d['start'] = cmd(vm, 'vm start snap')
    wait_counts(vm, 2)
    cmd(vm, 'vm pause')
    ram1 = read_ram(vm, 'a')
    d['ram1_sha'], d['ram1_status'] = sha(ram1), status(ram1)
    d['ram1_area'] = area_ok(ram1, status(ram1)[1] or 0)
    d['save1'] = cmd(vm, 'vm save -v first full')
    d['after1'] = resume(vm)
    d['save2'] = cmd(vm, 'vm save -i -v second')
    d['after2'] = wait_counts(vm, 2)
    d['restore1'] = cmd(vm, 'vm restore 1 -p')
    ram = read_ram(vm, 'b')
    d['r1_sha'], d['r1_status'] = sha(ram), status(ram)
    d['r1_counts'] = resume(vm)
    d['restore2'] = cmd(vm, 'vm restore 2 -p')
    ram = read_ram(vm, 'c')
    d['r2_sha'], d['r2_status'] = sha(ram), status(ram)
    d['r2_area'] = area_ok(ram, status(ram)[1] or 0)
    d['r2_counts'] = resume(vm)
    d['list'] = cmd(vm, 'vm snapshots')
    # A fresh boot of vmplat on the same disk restores snapshot 2 (a chain) from its command line.
    vm2 = reboot(vm, 'run="vm restore 2 -p"', 'boot2')
    try:
        if vm2.serial.wait_for(r'snapshot 2 restored[^\n]*\n', vm2.time_left()) is None:
            raise RuntimeError('no restore in the second boot')
        if vm2.serial.wait_for(vmrunner.SHELL_PROMPT, vm2.time_left()) is None:
            raise RuntimeError('no prompt in the second boot')
        d['boot2'] = vm2.serial.text()
        ram = read_ram(vm2, 'd')
        d['b2_sha'], d['b2_status'] = sha(ram), status(ram)
        d['b2_counts'] = resume(vm2)
        vm2.serial.write('poweroff\r', char_delay=0.001)
        vm2.wait()
    finally:
        vm2.close()
    return d


def continues(counts, c):
    """Did a guest saved at count c go on from exactly there? counts: its first
    two count lines after the resume. The first is the next multiple of PRINT
    after c - or c itself when c is one: the save then fell between the guest's
    status write for c and the end of its line for c (the guest parks at any
    exit, also the UART reads of that line), so the line comes after the
    resume. The second follows the first: the guest keeps counting."""
    if not counts or len(counts) < 2:
        return False
    first = (c // PRINT + 1) * PRINT
    return counts[0] in ((c, first) if c % PRINT == 0 else (first,)) \
        and counts[1] == counts[0] + PRINT


def saved(text):
    m = re.search(SAVED_RX, text or '')
    return m.groups() if m else None


def restored(text):
    m = re.search(RESTORED_RX, text or '')
    return m.groups() if m else None


# The store's superblock slots on the disk file (snapshot/store.c, docs/snapshot.md):
# "VMPSLOT1", generation (u64 at 8), record count (u32 at 16), CRC32C over the
# whole slot with this field zero (u32 at 20), next id (24), nonce (32), then
# records of 160 bytes from 64: id, parent, extent start, extent length, image
# size, created (u64 each), flags (u32 at 48), digest (56), description (88).
SLOT0, SLOT_BYTES = 4096, 16384
SL_GEN, SL_NREC, SL_CRC, SL_RECS = 8, 16, 20, 64
REC_BYTES, REC_PARENT, REC_SIZE = 160, 8, 32


def _crc32c_table():
    t = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ (0x82F63B78 if c & 1 else 0)
        t.append(c)
    return t


_CRC32C = _crc32c_table()


def crc32c(data, crc=0):
    """CRC32C (Castagnoli, reflected 0x82F63B78, init and final xor ~0), chained
    like include/vmplat/crc32c.h: crc32c(b, crc32c(a)) == crc32c(a + b)."""
    crc ^= 0xffffffff
    t = _CRC32C
    for b in data:
        crc = t[(crc ^ b) & 0xff] ^ (crc >> 8)
    return crc ^ 0xffffffff


assert crc32c(b'123456789') == 0xE3069283  # RFC 3720 B.4 check value


def slot_crc(raw):
    b = bytearray(raw)
    b[SL_CRC:SL_CRC + 4] = bytes(4)
    return crc32c(b)


def read_slot(path, i):
    """Slot i of the store on the disk file: index, gen, valid (magic and CRC32C,
    as mount checks them first), raw bytes and the list of raw records."""
    with open(path, 'rb') as f:
        f.seek(SLOT0 + i * SLOT_BYTES)
        raw = bytearray(f.read(SLOT_BYTES))
    gen, = struct.unpack_from('<Q', raw, SL_GEN)
    nrec, crc = struct.unpack_from('<II', raw, SL_NREC)
    valid = raw[:8] == b'VMPSLOT1' and crc == slot_crc(raw) and nrec <= 64
    recs = [raw[SL_RECS + k * REC_BYTES:SL_RECS + (k + 1) * REC_BYTES]
            for k in range(nrec)] if valid else []
    return dict(index=i, gen=gen, valid=valid, raw=raw, recs=recs)


def mounted_slot(path):
    """The slot snap_store_mount takes: the valid one with the higher generation
    (slot 0 on a tie), or None."""
    valid = [s for s in (read_slot(path, 0), read_slot(path, 1)) if s['valid']]
    return max(valid, key=lambda s: s['gen']) if valid else None


def rec_field(rec, off):
    return struct.unpack_from('<Q', rec, off)[0]


def write_slot(path, slot, recs):
    """Rewrite slot (from read_slot) to hold recs (raw records), its generation,
    next id and nonce kept, the CRC32C computed as store.c does."""
    raw = bytearray(slot['raw'])
    raw[SL_RECS:] = bytes(SLOT_BYTES - SL_RECS)
    for k, r in enumerate(recs):
        raw[SL_RECS + k * REC_BYTES:SL_RECS + (k + 1) * REC_BYTES] = r
    struct.pack_into('<I', raw, SL_NREC, len(recs))
    struct.pack_into('<I', raw, SL_CRC, slot_crc(raw))
    with open(path, 'r+b') as f:
        f.seek(SLOT0 + slot['index'] * SLOT_BYTES)
        f.write(raw)


def check(log, result):
    d = result.data
    s1, s2 = saved(d.get('save1')), saved(d.get('save2'))
    r1, r2 = restored(d.get('restore1')), restored(d.get('restore2'))
    b2 = restored(d.get('boot2'))
    c1 = int(s1[6]) if s1 else -1
    c2 = int(s2[6]) if s2 else -1
    st1 = d.get('ram1_status') or (None, None)
    return [
        Check('store_formatted', 'snapshot store on' in (d.get('format') or ''),
              repr((d.get('format') or '')[-200:])),
        Check('guest_counts', st1[0] == MAGIC and (st1[1] or 0) > 0, 'status %r' % (st1,)),
        Check('guest_area_pattern', d.get('ram1_area') is True,
              'guest RAM does not hold the pattern of its count %r' % (st1,)),
        Check('save_full', s1 is not None and s1[1] == 'full' and s1[5] == ', verified'
              and s1[0] == '1', repr(d.get('save1'))),
        Check('save_full_count', c1 == st1[1], 'saved count %d, guest status %r' % (c1, st1)),
        Check('save_full_ram_sha', s1 is not None and s1[7] == d.get('ram1_sha'),
              'hypervisor sha256 differs from pmemsave of the paused guest'),
        Check('runs_after_save', continues(d.get('after1'), c1),
              'after resume %r, saved %d' % (d.get('after1'), c1)),
        Check('save_incremental', s2 is not None and s2[1] == 'incremental' and s2[2] == '1'
              and s1 is not None and int(s2[3]) < int(s1[3]) // 2,
              'incremental %r vs full %r' % (s2, s1)),
        Check('restore_full_ram', r1 is not None and s1 is not None and r1[4] == s1[7]
              and d.get('r1_sha') == s1[7],
              'restore 1: %r, pmemsave sha %s' % (r1, d.get('r1_sha'))),
        Check('restore_full_count', (d.get('r1_status') or (0, 0))[1] == c1,
              'status after restore %r, saved %d' % (d.get('r1_status'), c1)),
        Check('restore_full_continues',
              continues(d.get('r1_counts'), c1)
              and d['r1_counts'][0] < max(d.get('after2') or [0]),
              'after restore %r, saved %d, before restore %r'
              % (d.get('r1_counts'), c1, d.get('after2'))),
        Check('restore_chain_ram', r2 is not None and s2 is not None and r2[1] == '2'
              and r2[4] == s2[7] and d.get('r2_sha') == s2[7] and d.get('r2_area') is True,
              'restore 2: %r, pmemsave sha %s, area %r' % (r2, d.get('r2_sha'), d.get('r2_area'))),
        Check('restore_chain_continues',
              continues(d.get('r2_counts'), c2),
              'after restore %r, saved %d' % (d.get('r2_counts'), c2)),
        Check('list', re.search(r'2 snapshot\(s\)', d.get('list') or '') is not None,
              repr(d.get('list'))),
        Check('reboot_restore', b2 is not None and s2 is not None and b2[4] == s2[7]
              and d.get('b2_sha') == s2[7] and (d.get('b2_status') or (0, 0))[1] == c2,
              'second boot: %r, pmemsave sha %s' % (b2, d.get('b2_sha'))),
        Check('reboot_continues',
              continues(d.get('b2_counts'), c2),
              'after reboot restore %r, saved %d' % (d.get('b2_counts'), c2)),
    ]


def prepare(ctx):
    prepare_disk(ctx)
