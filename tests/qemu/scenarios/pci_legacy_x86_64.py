# SPDX-License-Identifier: MIT
"""
PCI through CF8/CFC on x86_64: QEMU's i440fx "pc" machine has no MCFG, so the
firmware must reach configuration space with mechanism #1 (PCI LB 3.0
3.2.2.3.2, 256 bytes per function). Devices: edu, a PCI-PCI bridge with
virtio-blk behind it, bochs-display, nvme. The boot report must match QEMU's
info pci (addresses, ids, class, BAR kinds/sizes/addresses), the host must be
the CF8/CFC one, every BAR must lie in the root bridge windows UEFI described,
and the pci self-tests (edu id through BAR0, BAR registers, windows) pass.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _pci_common as pci  # noqa: E402

SCENARIO = dict(
    name='pci_legacy_x86_64',
    arch='x86_64',
    machine='pc',
    cmdline='',
    timeout=60,
    description='PCI over CF8/CFC on i440fx (no MCFG) vs info pci, pci self-tests',
)
STATE = {}
WIN = re.compile(r'pci: segment 0000 window (io|mem32|mem64)( pref)? cpu 0x([0-9a-f]+) '
                 r'bus 0x([0-9a-f]+) size 0x([0-9a-f]+)')


def prepare(ctx):
    img = os.path.join(os.path.abspath(ctx.workdir), 'blk.img')
    with open(img, 'wb') as f:
        f.truncate(1 << 20)
    ctx.extra_args += ['-device', 'edu',
                       '-device', 'pci-bridge,id=br1,chassis_nr=1',
                       '-drive', 'file=%s,if=none,id=d0,format=raw' % img,
                       '-device', 'virtio-blk-pci,drive=d0,bus=br1,addr=3',
                       '-device', 'bochs-display',
                       '-device', 'nvme,serial=vmplat1']


def interact(vm):
    pos = vm.serial.wait_for(r'vmplat> ', vm.time_left())
    if pos is None:
        raise RuntimeError('no shell prompt')
    STATE['boot'] = vm.serial.text()[:pos]
    STATE['info'] = vm.qmp.hmp('info pci')
    STATE['q'] = vm.qmp.execute('query-pci')
    STATE['selftest'], pos = pci.shell(vm, 'selftest pci', pos)
    vm.serial.write('poweroff\r', char_delay=0.002)


def windows(boot):
    """Root bridge windows the firmware logged: (kind, bus base, size)."""
    return [('io' if m.group(1) == 'io' else 'mem', int(m.group(4), 16), int(m.group(5), 16))
            for m in WIN.finditer(boot)]


def bars_outside(fw, wins):
    bad = []
    for bdf, d in sorted(fw.items()):
        for n, b in sorted(d['bars'].items()):
            kind = 'io' if b['kind'] == 'io' else 'mem'
            if not b['assigned']:
                bad.append('%s BAR%d unassigned' % (bdf, n))
            elif not any(k == kind and s <= b['base'] and b['base'] + b['size'] <= s + z
                         for k, s, z in wins):
                bad.append('%s BAR%d %#x outside %s' % (bdf, n, b['base'], wins))
    return bad


def check(log, result):
    from vmrunner import Check
    out = result.run_failures()
    if out or 'info' not in STATE:
        return out or [Check('interact', False, 'no state from the run')]
    boot = STATE['boot'].replace('\r', '')
    fw, q = pci.parse_fw(boot), pci.parse_info_pci(STATE['info'])
    bad = pci.compare(fw, q, pci.query_classes(STATE['q']))
    out.append(Check('report_matches_info_pci', not bad, '; '.join(bad)))
    # i440fx host, PIIX3 ISA/IDE/USB?/ACPI, VGA, edu, bridge, virtio-blk, bochs, nvme
    want = {'edu': (0x1234, 0x11e8), 'virtio-blk': (0x1af4, 0x1001), 'nvme': (0x1b36, 0x0010),
            'bridge': (0x1b36, 0x0001), 'host': (0x8086, 0x1237)}
    ids = {(d['vendor'], d['device']) for d in fw.values()}
    missing = [k for k, v in want.items() if v not in ids]
    out.append(Check('devices_found', not missing and len(fw) == len(q),
                     'missing %s; %d functions, QEMU %d' % (missing, len(fw), len(q))))
    behind = [b for b, d in fw.items() if (d['vendor'], d['device']) == want['virtio-blk']]
    out.append(Check('device_behind_bridge', behind and behind[0][5:7] != '00',
                     'virtio-blk at %s' % behind))
    m = re.search(r'pci: segment 0000 buses 00-[0-9a-f]{2} \((\S+)\)', boot)
    out.append(Check('config_through_cf8', m is not None and m.group(1) == 'CF8/CFC',
                     m.group(0) if m else 'no host line'))
    wins = windows(boot)
    bad = bars_outside(fw, wins) if wins else ['no root bridge windows logged']
    out.append(Check('bars_assigned_in_root_windows', not bad, '; '.join(bad)))
    tests = [t for t in result.selftests if t[2].startswith('pci_')]
    out += [Check(n, ok, why) for ok, _num, n, why in tests]
    if len(tests) < 6:
        out.append(Check('pci_selftests', False, 'only %d pci self-test lines' % len(tests)))
    if result.status != 0:
        out.append(Check('status', False, 'exit status %s' % result.status))
    return out
