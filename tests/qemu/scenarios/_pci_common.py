# SPDX-License-Identifier: MIT
"""
Shared by the pci_<arch> scenarios: the QEMU device set, parsers for the
firmware's PCI report and for QEMU's `info pci` (human-monitor-command), and
the comparison. Not a scenario itself (the runner skips names starting '_').

Flow (interact): boot to the shell; compare the boot report with `info pci`;
`pci sriov <pf> 2`, compare again (VFs must appear at PF + offset + n*stride
with a 16 KiB 64-bit BAR0); `pci sriov <pf> 0`, compare (VFs gone); run the
pci self-tests; power off. Class codes come from QMP query-pci (the structured
form of info pci, whose text gives only class names).
"""
import re

# QEMU virt host bridge apertures (hw/arm/virt.c memmap, highmem on): bus addresses.
VIRT_WINDOWS = [('io', 0x0, 0x10000), ('mem', 0x10000000, 0x2eff0000),
                ('mem', 0x8000000000, 0x8000000000)]
PF_IDS = (0x1b36, 0x0010)  # QEMU nvme
VF_BAR0 = 16 * 1024
STATE = {}


def devices(arch, workdir):
    edu = 'edu,bus=rp1' + (',dma_mask=0xffffffffff' if arch == 'aarch64' else '')
    img = workdir + '/blk.img'
    with open(img, 'wb') as f:
        f.truncate(1 << 20)
    return ['-device', 'pcie-root-port,id=rp1,chassis=1,slot=1', '-device', edu,
            '-device', 'pcie-root-port,id=rp2,chassis=2,slot=2',
            '-device', 'x3130-upstream,id=up1,bus=rp2',
            '-device', 'xio3130-downstream,id=dn1,bus=up1,chassis=3,slot=0',
            '-drive', 'file=%s,if=none,id=d0,format=raw' % img,
            '-device', 'virtio-blk-pci,drive=d0,bus=dn1',
            '-device', 'bochs-display',
            '-device', 'nvme-subsys,id=s0',
            '-device', 'nvme,serial=vmplat0,subsys=s0,sriov_max_vfs=2,sriov_vq_flexible=4,'
                       'sriov_vi_flexible=2,max_ioqpairs=6,msix_qsize=8']


# ---- firmware report ----
FW_DEV = re.compile(r'^pci ([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]) ([0-9a-f]{4}):([0-9a-f]{4}) '
                    r'class ([0-9a-f]{6}) type (\S+)( vf)?$')
FW_BAR = re.compile(r'^pci   (bar[0-5]|rom) (io|mem32|mem64|mem32 pref|mem64 pref|rom) '
                    r'0x([0-9a-f]+) size 0x([0-9a-f]+)( unassigned)?$')


def parse_fw(text):
    devs, cur = {}, None
    for line in text.replace('\r', '').splitlines():
        m = FW_DEV.match(line)
        if m:
            cur = devs[m.group(1)] = dict(vendor=int(m.group(2), 16), device=int(m.group(3), 16),
                                          cls=int(m.group(4), 16), vf=bool(m.group(6)), bars={})
            continue
        m = FW_BAR.match(line)
        if m and cur is not None:
            slot = 6 if m.group(1) == 'rom' else int(m.group(1)[3:])
            cur['bars'][slot] = dict(kind=m.group(2), base=int(m.group(3), 16),
                                     size=int(m.group(4), 16), assigned=not m.group(5))
        elif not line.startswith('pci   '):
            cur = None
    return devs


# ---- QEMU info pci ----
Q_DEV = re.compile(r'^\s+Bus\s+(\d+), device\s+(\d+), function (\d+):')
Q_ID = re.compile(r'PCI device ([0-9a-f]{4}):([0-9a-f]{4})')
Q_BAR = re.compile(r'^\s+BAR(\d): (I/O|32 bit|64 bit)( prefetchable)?(?: memory)? at '
                   r'0x([0-9a-f]+) \[0x([0-9a-f]+)\]')
Q_RANGE = re.compile(r'^\s+(IO|memory|prefetchable memory) range \[0x([0-9a-f]+), 0x([0-9a-f]+)\]')
Q_BUS = re.compile(r'^\s+(secondary|subordinate) bus (\d+)')
UNMAPPED = (1 << 64) - 1


def parse_info_pci(text):
    devs, cur = {}, None
    for line in text.splitlines():
        m = Q_DEV.match(line)
        if m:
            bdf = '0000:%02x:%02x.%x' % tuple(int(x) for x in m.groups())
            cur = devs[bdf] = dict(bars={}, ranges={}, bus=int(m.group(1)))
            continue
        if cur is None:
            continue
        m = Q_ID.search(line)
        if m and 'vendor' not in cur:
            cur['vendor'], cur['device'] = int(m.group(1), 16), int(m.group(2), 16)
        m = Q_BAR.match(line)
        if m:
            base, last = int(m.group(4), 16), int(m.group(5), 16)
            kind = {'I/O': 'io', '32 bit': 'mem32', '64 bit': 'mem64'}[m.group(2)]
            cur['bars'][int(m.group(1))] = dict(kind=kind, pref=bool(m.group(3)), base=base,
                                                size=(last - base + 1) & UNMAPPED)
        m = Q_RANGE.match(line)
        if m:
            cur['ranges'][m.group(1)] = (int(m.group(2), 16), int(m.group(3), 16))
        m = Q_BUS.match(line)
        if m:
            cur[m.group(1)] = int(m.group(2))
    return devs


def query_classes(q):
    """bdf -> 16-bit class from QMP query-pci (recursing through bridges)."""
    out = {}

    def walk(devs):
        for d in devs:
            out['0000:%02x:%02x.%x' % (d['bus'], d['slot'], d['function'])] = d['class_info']['class']
            if d.get('pci_bridge'):
                walk(d['pci_bridge'].get('devices', []))
    for bus in q:
        walk(bus['devices'])
    return out


def fw_kind(b):
    return b['kind'].split()[0]


def compare(fw, qdevs, qcls, pf=None):
    """Problems (strings) between the firmware's list and QEMU's."""
    bad = []
    if set(fw) != set(qdevs):
        bad.append('functions differ: firmware only %s, QEMU only %s'
                   % (sorted(set(fw) - set(qdevs)), sorted(set(qdevs) - set(fw))))
    for bdf in sorted(set(fw) & set(qdevs)):
        f, q = fw[bdf], qdevs[bdf]
        if f['vf']:  # a VF's ids read 0xFFFF (PCIe 6.0 9.3.4.1.1): the firmware shows the PF's vendor
            if pf and f['vendor'] != fw[pf]['vendor']:
                bad.append('%s: VF vendor %04x, PF %04x' % (bdf, f['vendor'], fw[pf]['vendor']))
        elif (f['vendor'], f['device']) != (q.get('vendor'), q.get('device')):
            bad.append('%s: ids %04x:%04x, QEMU %04x:%04x' % (bdf, f['vendor'], f['device'],
                                                             q.get('vendor', 0), q.get('device', 0)))
        if bdf in qcls and f['cls'] >> 8 != qcls[bdf]:
            bad.append('%s: class %06x, QEMU %04x' % (bdf, f['cls'], qcls[bdf]))
        for n in sorted(set(f['bars']) | set(q['bars'])):
            fb, qb = f['bars'].get(n), q['bars'].get(n)
            if not fb or not qb:
                bad.append('%s: BAR%d only in %s' % (bdf, n, 'QEMU' if qb else 'firmware'))
                continue
            kind_ok = (n == 6 and fb['kind'] == 'rom') or (
                fw_kind(fb) == qb['kind'] and ('pref' in fb['kind']) == qb['pref'])
            if not kind_ok or fb['size'] != qb['size']:
                bad.append('%s: BAR%d %s size %#x, QEMU %s%s size %#x'
                           % (bdf, n, fb['kind'], fb['size'], qb['kind'],
                              ' pref' if qb['pref'] else '', qb['size']))
            if qb['base'] != UNMAPPED and fb['assigned'] and fb['base'] != qb['base']:
                bad.append('%s: BAR%d at %#x, QEMU %#x' % (bdf, n, fb['base'], qb['base']))
    return bad


def window_problems(qdevs):
    """aarch64: every mapped BAR inside the host windows and its bridge's window, no overlaps."""
    bad, spans = [], []
    by_secondary = {d['secondary']: (bdf, d) for bdf, d in qdevs.items() if 'secondary' in d}
    for bdf, d in sorted(qdevs.items()):
        for n, b in sorted(d['bars'].items()):
            if b['base'] == UNMAPPED:
                if n != 6:
                    bad.append('%s BAR%d not mapped' % (bdf, n))
                continue
            io = b['kind'] == 'io'
            lo, hi = b['base'], b['base'] + b['size'] - 1
            spans.append((io, lo, hi, '%s BAR%d' % (bdf, n)))
            if not any(k == ('io' if io else 'mem') and s <= lo and hi < s + z
                       for k, s, z in VIRT_WINDOWS):
                bad.append('%s BAR%d %#x outside the host bridge windows' % (bdf, n, lo))
            parent = by_secondary.get(d['bus'])
            if parent:
                names = ['IO'] if io else (['prefetchable memory', 'memory'] if b['pref']
                                           else ['memory'])
                if not any(r in parent[1]['ranges'] and parent[1]['ranges'][r][0] <= lo
                           and hi <= parent[1]['ranges'][r][1] for r in names):
                    bad.append('%s BAR%d %#x-%#x outside bridge %s windows %s'
                               % (bdf, n, lo, hi, parent[0], parent[1]['ranges']))
    spans.sort()
    for a, b in zip(spans, spans[1:]):
        if a[0] == b[0] and b[1] <= a[2]:
            bad.append('%s overlaps %s' % (a[3], b[3]))
    return bad


# ---- driving the shell ----
def shell(vm, line, pos):
    """Type a line at the vmplat> prompt; return (output, new position)."""
    vm.serial.write(line + '\r', char_delay=0.002)
    end = vm.serial.wait_for(r'vmplat> ', vm.time_left(), pos)
    if end is None:
        raise RuntimeError('no prompt after %r' % line)
    return vm.serial.text()[pos:end], end


def interact(vm):
    st = STATE.setdefault(vm.scenario['name'], {})
    pos = vm.serial.wait_for(r'vmplat> ', vm.time_left())
    if pos is None:
        raise RuntimeError('no shell prompt')
    st['boot'] = vm.serial.text()[:pos]
    st['info0'] = vm.qmp.hmp('info pci')
    st['q0'] = vm.qmp.execute('query-pci')
    q0 = parse_info_pci(st['info0'])
    pfs = [b for b, d in sorted(q0.items()) if (d.get('vendor'), d.get('device')) == PF_IDS]
    if pfs:
        st['pf'] = pf = pfs[0]
        st['sriov_on'], pos = shell(vm, 'pci sriov %s 2' % pf, pos)
        st['info1'] = vm.qmp.hmp('info pci')
        st['q1'] = vm.qmp.execute('query-pci')
        st['fw1'], pos = shell(vm, 'pci list', pos)
        st['sriov_off'], pos = shell(vm, 'pci sriov %s 0' % pf, pos)
        st['info2'] = vm.qmp.hmp('info pci')
        st['fw2'], pos = shell(vm, 'pci list', pos)
    st['tree'], pos = shell(vm, 'pci tree', pos)
    st['selftest'], pos = shell(vm, 'selftest pci', pos)
    vm.serial.write('poweroff\r', char_delay=0.002)


def check(name, arch, log, result):
    from vmrunner import Check
    out = result.run_failures()
    st = STATE.get(name, {})
    if out or 'info0' not in st:
        return out or [Check('interact', False, 'no state from the run')]
    fw0, q0 = parse_fw(st['boot']), parse_info_pci(st['info0'])
    bad = compare(fw0, q0, query_classes(st['q0']))
    out.append(Check('report_matches_info_pci', not bad, '; '.join(bad)))
    out.append(Check('functions_found', len(fw0) >= 9, '%d functions' % len(fw0)))
    if arch == 'aarch64':
        bad = window_problems(q0)
        out.append(Check('bars_inside_windows_no_overlap', not bad, '; '.join(bad)))
    pf = st.get('pf')
    out.append(Check('sriov_pf_present', pf is not None, 'no %04x:%04x in info pci' % PF_IDS))
    if pf:
        fw1, q1 = parse_fw(st['fw1']), parse_info_pci(st['info1'])
        new = sorted(set(q1) - set(q0))
        bad = compare(fw1, q1, query_classes(st['q1']), pf)
        bus, dev = int(pf[5:7], 16), int(pf[8:10], 16)
        want = ['0000:%02x:%02x.%x' % (bus, dev, fn) for fn in (1, 2)]  # QEMU nvme: offset 1, stride 1
        if new != want:
            bad.append('VFs at %s, want %s' % (new, want))
        for v in new:
            b = q1[v]['bars'].get(0)
            if not b or b['kind'] != 'mem64' or b['size'] != VF_BAR0 or b['base'] == UNMAPPED:
                bad.append('%s BAR0 %s' % (v, b))
            if not fw1.get(v, {}).get('vf'):
                bad.append('%s not listed as a VF by the firmware' % v)
        if arch == 'aarch64':
            bad += window_problems(q1)
        out.append(Check('sriov_vfs_appear', not bad and 'pci sriov: 0' in st['sriov_on'],
                         '; '.join(bad) or st['sriov_on']))
        fw2, q2 = parse_fw(st['fw2']), parse_info_pci(st['info2'])
        bad = compare(fw2, q2, query_classes(st['q0']))
        if set(q2) != set(q0):
            bad.append('after disable QEMU has %s' % sorted(set(q2) ^ set(q0)))
        out.append(Check('sriov_vfs_vanish', not bad and 'pci sriov: 0' in st['sriov_off'],
                         '; '.join(bad) or st['sriov_off']))
    tests = [t for t in result.selftests if t[2].startswith('pci_')]
    out += [Check(n, ok, why) for ok, _num, n, why in tests]
    if len(tests) < 6:
        out.append(Check('pci_selftests', False, 'only %d pci self-test lines' % len(tests)))
    if result.status != 0:
        out.append(Check('status', False, 'exit status %s' % result.status))
    return out
