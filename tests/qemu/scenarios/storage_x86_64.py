# SPDX-License-Identifier: MIT
"""
Storage on x86_64 (the flow is shared with storage_aarch64, which imports
this module): two ISOs made here with xorriso (a 5 MiB file of random bytes
plus a small tree), one on a read-only virtio-blk-pci (modern only), one as
NVMe namespace 1; a scratch virtio-blk disk with 4 KiB blocks and a scratch
NVMe namespace 2. Through the firmware shell: the root listing and the
SHA-256 of the random file through iso/ on each, the SHA-256 of the raw
ISO sectors, a write/read-back of a pattern on each scratch disk (then
checked in the image files on the host), a refused write on the read-only
disk (image unchanged), the blk self-tests. On x86_64 also: the UEFI
BlockIo adapter's sample of each device before ExitBootServices equals the
host's bytes and what vmplat's own driver read later.
"""
import hashlib
import os
import random
import re
import struct
import subprocess

import vmrunner
from vmrunner import Check

SCENARIO = dict(
    name='storage_x86_64',
    arch='x86_64',
    cmdline='',
    timeout=120,
    description='virtio-blk + NVMe: ISO listing/SHA-256, raw sectors, write/read-back, read-only',
)

RANDOM_BYTES = 5 * 1024 * 1024
VSCRATCH_BYTES = 8 * 1024 * 1024   # virtio-blk, logical_block_size=4096
NSCRATCH_BYTES = 6 * 1024 * 1024   # NVMe namespace 2, 512-byte blocks
EFI_SAMPLE = 64 * 1024
STATE = {}


def make_iso(workdir, tag, rng):
    """A tree with random content, packed with xorriso -R -J; returns (iso path, listing)."""
    root = os.path.join(workdir, 'tree-' + tag)
    os.makedirs(os.path.join(root, 'docs', 'deep'))
    with open(os.path.join(root, 'random.bin'), 'wb') as f:
        f.write(rng.randbytes(RANDOM_BYTES))
    with open(os.path.join(root, 'hello.txt'), 'w') as f:
        f.write('hello from the %s image %08x\n' % (tag, rng.getrandbits(32)))
    with open(os.path.join(root, 'docs', 'readme.txt'), 'w') as f:
        f.write('readme %d\n' % rng.getrandbits(40) * 3)
    with open(os.path.join(root, 'docs', 'deep', 'note.txt'), 'w') as f:
        f.write('deep note\n')
    with open(os.path.join(root, 'Mixed_Case_Long_File_Name.dat'), 'wb') as f:
        f.write(rng.randbytes(rng.randrange(1, 5000)))
    os.symlink('hello.txt', os.path.join(root, 'link'))
    iso = os.path.join(workdir, tag + '.iso')
    subprocess.run(['xorriso', '-as', 'mkisofs', '-R', '-J', '-V', 'VMPLAT_' + tag.upper(),
                    '-o', iso, root], check=True, capture_output=True)
    listing = {}
    for name in os.listdir(root):
        p = os.path.join(root, name)
        kind = 'symlink' if os.path.islink(p) else 'dir' if os.path.isdir(p) else 'file'
        listing[name] = (kind, os.path.getsize(p) if kind == 'file' else None)
    return iso, listing


def sha_file(path, limit=None):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        h.update(f.read() if limit is None else f.read(limit))
    return h.hexdigest()


def prepare_common(ctx, scenario):
    wd = os.path.abspath(ctx.workdir)
    rng = random.Random(os.urandom(16))
    st = STATE[scenario] = {'rng': rng}
    st['viso'], st['vlist'] = make_iso(wd, 'virtio', rng)
    st['niso'], st['nlist'] = make_iso(wd, 'nvme', rng)
    for key, size in (('vscratch', VSCRATCH_BYTES), ('nscratch', NSCRATCH_BYTES)):
        st[key] = os.path.join(wd, key + '.img')
        with open(st[key], 'wb') as f:
            f.truncate(size)
    st['viso_sha'] = sha_file(st['viso'])
    st['rand_sha'] = {t: sha_file(os.path.join(wd, 'tree-' + t, 'random.bin'))
                      for t in ('virtio', 'nvme')}
    st['seeds'] = (rng.getrandbits(31) | 1, rng.getrandbits(31) | 1)
    ctx.extra_args += [
        '-drive', 'file=%s,if=none,id=cd,format=raw,readonly=on' % st['viso'],
        '-device', 'virtio-blk-pci,drive=cd,disable-legacy=on',
        '-drive', 'file=%s,if=none,id=vs,format=raw' % st['vscratch'],
        '-device', 'virtio-blk-pci,drive=vs,disable-legacy=on,logical_block_size=4096,'
                   'physical_block_size=4096',
        '-device', 'nvme,serial=vmplat-st,id=nv',
        '-drive', 'file=%s,if=none,id=n1,format=raw' % st['niso'],
        '-device', 'nvme-ns,drive=n1,bus=nv,nsid=1',
        '-drive', 'file=%s,if=none,id=n2,format=raw' % st['nscratch'],
        '-device', 'nvme-ns,drive=n2,bus=nv,nsid=2',
    ]


BLK_LINE = re.compile(r'^blk (\S+) (\S+) .* sectors (\d+) x (\d+) \(\d+ MiB\)( ro)?( gone)?\s*$', re.M)


def parse_blk(text):
    return {m.group(1): dict(driver=m.group(2), bytes=int(m.group(3)) * int(m.group(4)),
                             ss=int(m.group(4)), ro=bool(m.group(5)), gone=bool(m.group(6)))
            for m in BLK_LINE.finditer(text.replace('\r', ''))}


def pick(devs, driver, size, ro=None):
    for name, d in sorted(devs.items()):
        if d['driver'] == driver and d['bytes'] == size and not d['gone'] and \
                (ro is None or d['ro'] == ro):
            return name
    return None


def shell(vm, command, timeout=30):
    """One command at the prompt; its output up to the next prompt on a new line
    (the line editor redraws "\rvmplat> ..." while the command is typed)."""
    s = vm.serial
    start = len(s.data)
    s.write(command + '\r', char_delay=0.001)
    end = s.wait_for(r'\nvmplat> ', min(timeout, vm.time_left()), start)
    if end is None:
        return None
    return bytes(s.data[start:end]).decode('utf-8', 'replace').replace('\r', '')


def interact_common(vm, scenario):
    st = STATE[scenario]
    out = st['out'] = {}
    if vm.serial.wait_for(vmrunner.SHELL_PROMPT, vm.time_left()) is None:
        raise RuntimeError('no shell prompt')
    out['boot'] = vm.serial.text()
    out['blk'] = shell(vm, 'blk') or ''
    devs = st['devs'] = parse_blk(out['blk'])
    st['vdev'] = pick(devs, 'virtio-blk', os.path.getsize(st['viso']), True)
    st['ndev'] = pick(devs, 'nvme', os.path.getsize(st['niso']))
    st['vsdev'] = pick(devs, 'virtio-blk', VSCRATCH_BYTES, False)
    st['nsdev'] = pick(devs, 'nvme', NSCRATCH_BYTES)
    for key in ('vdev', 'ndev'):
        dev = st[key]
        if not dev:
            continue
        out[key + ':iso'] = shell(vm, 'iso ' + dev)
        out[key + ':ls'] = shell(vm, 'ls /')
        out[key + ':sha'] = shell(vm, 'sha256 /random.bin', timeout=60)
        out[key + ':cat'] = shell(vm, 'cat /hello.txt')
    if st['vdev']:
        sectors = os.path.getsize(st['viso']) // devs[st['vdev']]['ss']
        out['raw'] = shell(vm, 'sha256 %s 0 %d' % (st['vdev'], sectors),
                                            timeout=60)
        out['rofill'] = shell(vm, 'blk fill %s 20 1 7' % st['vdev'])
    # Before the scratch writes: the UEFI samples were taken of unwritten disks.
    out['selftest'] = shell(vm, 'selftest blk', timeout=60)
    # Scratch writes: 40 blocks of 4 KiB at 3; 600 blocks of 512 B at 5 (above one
    # NVMe command's 256 KiB: PRP lists and a split).
    st['fills'] = []
    for dev, lba, count, seed in ((st['vsdev'], 3, 40, st['seeds'][0]),
                                  (st['nsdev'], 5, 600, st['seeds'][1])):
        if dev:
            st['fills'].append((dev, lba, count, seed))
            out['fill:' + dev] = shell(
                vm, 'blk fill %s %d %d %d' % (dev, lba, count, seed), timeout=60)
    vm.serial.write('poweroff\r', char_delay=0.001)
    return {}


FW_LS = re.compile(r'^(file|dir|symlink|other)\s+(\d+) (.+?)(?: -> (.*))?$', re.M)


def listing_problems(text, want):
    text = (text or '').replace('\r', '')
    got = {m.group(3): (m.group(1), int(m.group(2))) for m in FW_LS.finditer(text)}
    bad = []
    if set(got) != set(want):
        bad.append('names: firmware %s, image %s' % (sorted(got), sorted(want)))
    for name in sorted(set(got) & set(want)):
        kind, size = want[name]
        if got[name][0] != kind or (size is not None and got[name][1] != size):
            bad.append('%s: firmware %s %d, image %s %s' % (name, got[name][0], got[name][1],
                                                          kind, size))
    return bad


def pattern(seed, lba, count, ss):
    """blk_pattern_word (drivers/block/blk_util.c) on the host."""
    M = 0xffffffff

    def mix(x):
        x ^= x >> 16
        x = (x * 0x7feb352d) & M
        x ^= x >> 15
        x = (x * 0x846ca68b) & M
        x ^= x >> 16
        return x
    words = []
    for s in range(lba, lba + count):
        base = (seed * 0x9e3779b1 + (s & M) * 0x85ebca77) & M
        words.extend(mix((base + j) & M) for j in range(ss // 4))
    return struct.pack('<%dI' % len(words), *words)


def fill_problems(st, dev, lba, count, seed, out):
    ss = st['devs'][dev]['ss']
    path = st['vscratch'] if dev == st['vsdev'] else st['nscratch']
    with open(path, 'rb') as f:
        img = f.read()
    bad = []
    if ('blk fill %s %d %d: 0' % (dev, lba, count)) not in (out or ''):
        bad.append('firmware said %r' % (out or '').strip()[-200:])
    if img[lba * ss:(lba + count) * ss] != pattern(seed, lba, count, ss):
        bad.append('%s: image sectors %d-%d do not hold the pattern' % (path, lba,
                                                                       lba + count - 1))
    if img[:lba * ss].count(0) != lba * ss or \
            img[(lba + count) * ss:].count(0) != len(img) - (lba + count) * ss:
        bad.append('%s: bytes outside the written range changed' % path)
    return bad


def sha_line(text, path):
    m = re.search(r'^sha256 %s ([0-9a-f]{64}) \((\d+) bytes' % re.escape(path),
                  (text or '').replace('\r', ''), re.M)
    return m.group(1) if m else None


def check_common(scenario, arch, result):
    out = result.run_failures()
    st = STATE.get(scenario, {})
    o = st.get('out')
    if out or not o:
        return out or [Check('interact', False, 'no state from the run')]
    for key, drv in (('vdev', 'virtio-blk ro'), ('ndev', 'nvme'), ('vsdev', 'virtio-blk'),
                     ('nsdev', 'nvme')):
        out.append(Check('found_' + key, st.get(key), 'no %s device of the right size in %r'
                         % (drv, o['blk'][-600:])))
    if st.get('vsdev'):
        out.append(Check('virtio_blk_size_4096', st['devs'][st['vsdev']]['ss'] == 4096,
                         'sector size %d' % st['devs'][st['vsdev']]['ss']))
    for key, tag in (('vdev', 'virtio'), ('ndev', 'nvme')):
        if not st.get(key):
            continue
        bad = listing_problems(o.get(key + ':ls'), st[tag[0] + 'list'])
        out.append(Check('iso_listing_' + tag, not bad, '; '.join(bad)))
        got = sha_line(o.get(key + ':sha'), '/random.bin')
        out.append(Check('iso_sha256_' + tag, got == st['rand_sha'][tag],
                         'firmware %s, host %s' % (got, st['rand_sha'][tag])))
        hello = open(os.path.join(os.path.dirname(st['viso']), 'tree-' + tag,
                                  'hello.txt')).read().strip()
        out.append(Check('iso_cat_' + tag, hello in (o.get(key + ':cat') or ''),
                         'no %r in %r' % (hello, o.get(key + ':cat'))))
    if st.get('vdev'):
        sectors = os.path.getsize(st['viso']) // st['devs'][st['vdev']]['ss']
        m = re.search(r'sha256 %s 0 %d ([0-9a-f]{64})' % (st['vdev'], sectors), o.get('raw') or '')
        out.append(Check('raw_sectors_sha256', m and m.group(1) == st['viso_sha'],
                         'firmware %s, host %s' % (m and m.group(1), st['viso_sha'])))
        ro_ok = 'blk fill %s 20 1: -30' % st['vdev'] in (o.get('rofill') or '')
        out.append(Check('readonly_write_refused', ro_ok and sha_file(st['viso']) == st['viso_sha'],
                         'firmware %r, image %s' % ((o.get('rofill') or '').strip()[-120:],
                                                    'unchanged' if sha_file(st['viso']) ==
                                                    st['viso_sha'] else 'CHANGED')))
    for dev, lba, count, seed in st.get('fills', []):
        bad = fill_problems(st, dev, lba, count, seed, o.get('fill:' + dev))
        out.append(Check('write_readback_' + st['devs'][dev]['driver'], not bad, '; '.join(bad)))
    tests = [t for t in result.selftests if t[2].startswith('blk_')]
    out += [Check(n, ok, why) for ok, _num, n, why in tests]
    want = 4 if arch == 'x86_64' else 3
    if len(tests) < want:
        out.append(Check('blk_selftests', False, 'only %d blk self-test lines' % len(tests)))
    if arch == 'x86_64':
        out += efi_checks(st, o)
    if result.status != 0:
        out.append(Check('status', False, 'exit status %s' % result.status))
    return out


def efi_checks(st, o):
    """The UEFI adapter's samples: one equals the host's first 64 KiB of the
    virtio ISO, and the self-test saw vmplat's driver read the same."""
    boot = o['boot'].replace('\r', '')
    samples = dict(re.findall(r'(efi\d+): sha256 of bytes 0-\d+: ([0-9a-f]{64})', boot))
    host = sha_file(st['viso'], EFI_SAMPLE)
    efi = [n for n, h in samples.items() if h == host]
    same = re.findall(r'blk: (efi\d+) \(UEFI BlockIo\) and (\S+) read the same',
                      (o.get('selftest') or '').replace('\r', ''))
    return [
        Check('efi_blockio_sample_matches_host', efi,
              'no efi sample equals the host sha %s: %s' % (host, samples)),
        Check('efi_blockio_same_as_virtio', any(e in efi and d == st.get('vdev') for e, d in same),
              'pairs %s, virtio ISO is %s on %s' % (same, st.get('vdev'), efi)),
    ]


def prepare(ctx):
    prepare_common(ctx, SCENARIO['name'])


def interact(vm):
    return interact_common(vm, SCENARIO['name'])


def check(log, result):
    return check_common(SCENARIO['name'], SCENARIO['arch'], result)
