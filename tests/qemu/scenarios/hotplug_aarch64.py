# SPDX-License-Identifier: MIT
"""
PCIe native hot-plug on aarch64 (QEMU virt, two empty pcie-root-ports):
QMP device_add of edu on rp1 and nvme on rp2; the firmware (polling Slot
Status from the shell's idle loop) powers the slots, waits for the link,
enumerates and assigns BARs inside the ports' windows. Checked against the
hardware: QEMU's query-pci must show the same BAR addresses the firmware's
`pci list` reports, and the edu identification register read through BAR0
must be 0x010000ed. device_del presses the attention button: the firmware
must power the slot off so QEMU completes the removal (query-pci no longer
lists the device) and `pci list` must drop it. Then 10 add/remove cycles of
both devices, after which `stats` (pci_dev objects, pool, BAR count and
bytes) must equal the baseline from before the first add.

The flow is shared with hotplug_x86_64.py (run()/check() below).
"""
import re
import time

import vmrunner
from vmrunner import Check

SCENARIO = dict(
    name='hotplug_aarch64',
    arch='aarch64',
    cmdline='',
    timeout=90,
    description='PCIe hot-plug: edu + nvme add/remove via QMP, BARs, edu id, 10 cycles, stats',
)

CYCLES = 10
EDU_ID = 0x010000ed
DEVS = [('hp-edu', 'rp1', 1, (0x1234, 0x11e8)), ('hp-nvme', 'rp2', 2, (0x1b36, 0x0010))]
STATE = {}

PCI_DEV = re.compile(r'^pci ([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]) ([0-9a-f]{4}):([0-9a-f]{4}) ')
PCI_BAR = re.compile(r'^pci   bar(\d) (\S+(?: pref)?) 0x([0-9a-f]+) size 0x([0-9a-f]+)( unassigned)?$')
SLOT = re.compile(r'^slot (\d+) port (\S+) bus ([0-9a-f]{2}): (\w+), presence (\d), link (\d), '
                  r'power (\w+)')
STATS_PCI = re.compile(r'pci: devices (\d+) pool (\d+) bars (\d+) io (0x[0-9a-f]+|0) '
                       r'mem (0x[0-9a-f]+|0) pref (0x[0-9a-f]+|0)')
STATS_HP = re.compile(r'hotplug: (\d+) slots, adds (\d+), removes (\d+)')


def root_ports(bus_extra=''):
    return ['-device', 'pcie-root-port,id=rp1,slot=1,chassis=1' + bus_extra,
            '-device', 'pcie-root-port,id=rp2,slot=2,chassis=2' + bus_extra]


def prepare(ctx):
    ctx.extra_args += root_ports()


def sh(vm, line):
    """Type a line; return what the command printed. The line editor redraws
    "vmplat> <line>" on each key, so the output starts after Enter's newline."""
    s = vm.serial
    start = len(s.data)
    s.write(line + '\r', char_delay=0.001)
    nl = s.wait_for(r'\n', vm.time_left(), start)
    end = None if nl is None else s.wait_for(vmrunner.SHELL_PROMPT, vm.time_left(), nl)
    if end is None:
        raise RuntimeError('no prompt after %r' % line)
    out = bytes(s.data[nl:end]).decode('utf-8', 'replace').replace('\r', '')
    return out[:-len('vmplat> ')]


def parse_pci(text):
    devs, cur = {}, None
    for line in text.splitlines():
        m = PCI_DEV.match(line)
        if m:
            cur = devs[m.group(1)] = dict(ids=(int(m.group(2), 16), int(m.group(3), 16)), bars={})
            continue
        m = PCI_BAR.match(line)
        if m and cur is not None:
            cur['bars'][int(m.group(1))] = dict(kind=m.group(2), base=int(m.group(3), 16),
                                                size=int(m.group(4), 16),
                                                assigned=not m.group(5))
    return devs


def parse_slots(text):
    return {int(m.group(1)): dict(port=m.group(2), bus=int(m.group(3), 16), state=m.group(4),
                                  present=m.group(5) == '1', link=m.group(6) == '1',
                                  power=m.group(7))
            for m in (SLOT.match(l) for l in text.splitlines()) if m}


def parse_stats(text):
    m, h = STATS_PCI.search(text), STATS_HP.search(text)
    if not m or not h:
        return None
    return dict(devs=int(m.group(1)), pool=int(m.group(2)), bars=int(m.group(3)),
                io=int(m.group(4), 16), mem=int(m.group(5), 16), pref=int(m.group(6), 16),
                slots=int(h.group(1)), adds=int(h.group(2)), removes=int(h.group(3)))


def wait_slots(vm, want, timeout=20):
    """Run `hotplug` until every slot psn in want shows that state."""
    deadline = time.monotonic() + min(timeout, vm.time_left())
    while True:
        slots = parse_slots(sh(vm, 'hotplug'))
        if all(slots.get(p, {}).get('state') == s for p, s in want.items()):
            return slots
        if time.monotonic() > deadline:
            raise RuntimeError('slots never reached %s: %s' % (want, slots))
        time.sleep(0.2)


def qemu_devs(vm):
    """qdev id -> (bdf, {bar: address}) from QMP query-pci, bridges walked."""
    out = {}

    def walk(devs):
        for d in devs:
            bars = {r['bar']: r['address'] for r in d.get('regions', []) if 'bar' in r}
            out[d.get('qdev_id', '')] = ('0000:%02x:%02x.%x' % (d['bus'], d['slot'], d['function']),
                                         bars)
            if d.get('pci_bridge'):
                walk(d['pci_bridge'].get('devices', []))
    for bus in vm.qmp.execute('query-pci'):
        walk(bus['devices'])
    return out


def add_all(vm, arch):
    for qid, bus, _, _ in DEVS:
        if qid == 'hp-edu':
            extra = {'dma_mask': 0xffffffffff} if arch == 'aarch64' else {}
            vm.qmp.device_add('edu', id=qid, bus=bus, **extra)
        else:
            vm.qmp.device_add('nvme', id=qid, bus=bus, serial='hp0')
    return wait_slots(vm, {psn: 'on' for _, _, psn, _ in DEVS})


def del_all(vm, timeout=20):
    for qid, _, _, _ in DEVS:
        vm.qmp.device_del(qid)
    deadline = time.monotonic() + min(timeout, vm.time_left())
    while any(qid in qemu_devs(vm) for qid, _, _, _ in DEVS):
        if time.monotonic() > deadline:
            raise RuntimeError('QEMU did not complete device_del (slot not powered off?)')
        time.sleep(0.2)
    return wait_slots(vm, {psn: 'empty' for _, _, psn, _ in DEVS})


def run(vm, arch):
    st = STATE.setdefault(vm.scenario['name'], {})
    if vm.serial.wait_for(vmrunner.SHELL_PROMPT, vm.time_left()) is None:
        raise RuntimeError('no shell prompt')
    st['stats0'] = sh(vm, 'stats')
    st['slots0'] = sh(vm, 'hotplug')
    st['pci0'] = sh(vm, 'pci list')
    st['slots1'] = add_all(vm, arch)
    st['pci1'] = sh(vm, 'pci list')
    st['qemu1'] = qemu_devs(vm)
    fw = parse_pci(st['pci1'])
    edu = [b for b, d in fw.items() if d['ids'] == DEVS[0][3]]
    st['edu_bdf'] = edu[0] if edu else None
    if edu:
        st['edu_id'] = sh(vm, 'bar %s 0 0' % edu[0])
    st['stats1'] = sh(vm, 'stats')
    st['slots2'] = del_all(vm)
    st['qemu2'] = qemu_devs(vm)
    st['pci2'] = sh(vm, 'pci list')
    for _ in range(CYCLES):
        add_all(vm, arch)
        del_all(vm)
    st['stats2'] = sh(vm, 'stats')
    st['events'] = sh(vm, 'events')
    vm.serial.write('poweroff\r', char_delay=0.001)


def check_flow(name, result):
    out = result.run_failures()
    st = STATE.get(name, {})
    if out or 'stats2' not in st:
        return out or [Check('interact', False, 'no state from the run: %s' % result.error)]
    checks = []
    s0, s1, s2 = (parse_stats(st[k]) for k in ('stats0', 'stats1', 'stats2'))
    slots0 = parse_slots(st['slots0'])
    checks.append(Check('slots_found', all(slots0.get(p, {}).get('state') == 'empty'
                                           and slots0[p]['power'] == 'off'
                                           for _, _, p, _ in DEVS),
                        'want slots 1, 2 empty and powered off: %r' % slots0))
    fw1, q1 = parse_pci(st['pci1']), st['qemu1']
    bad = []
    for qid, _, psn, ids in DEVS:
        if qid not in q1:
            bad.append('%s not in QEMU query-pci' % qid)
            continue
        bdf, qbars = q1[qid]
        f = fw1.get(bdf)
        if not f or f['ids'] != ids:
            bad.append('%s: firmware lists %r at %s' % (qid, f, bdf))
            continue
        if int(bdf[5:7], 16) != st['slots1'][psn]['bus']:
            bad.append('%s at %s, not on slot %d bus' % (qid, bdf, psn))
        for n, b in f['bars'].items():
            if not b['assigned'] or qbars.get(n) != b['base']:
                bad.append('%s BAR%d firmware %#x%s, QEMU %s' % (
                    qid, n, b['base'], '' if b['assigned'] else ' unassigned',
                    hex(qbars[n]) if n in qbars else 'none'))
        if not f['bars']:
            bad.append('%s: no BARs listed' % qid)
    checks.append(Check('added_bars_match_qemu', not bad, '; '.join(bad)))
    m = re.search(r': (0x[0-9a-f]+)', st.get('edu_id', ''))
    checks.append(Check('edu_id_via_bar0', bool(m) and int(m.group(1), 16) == EDU_ID,
                        'bar read gave %r' % st.get('edu_id')))
    gone_q = [qid for qid, _, _, _ in DEVS if qid in st['qemu2']]
    fw2 = parse_pci(st['pci2'])
    gone_fw = [b for b, d in fw2.items() if d['ids'] in [x[3] for x in DEVS]]
    checks.append(Check('removed_in_qemu', not gone_q, 'QEMU still has %s' % gone_q))
    checks.append(Check('removed_in_firmware', not gone_fw, 'pci list still has %s' % gone_fw))
    ok = s0 and s1 and s2
    checks.append(Check('stats_parsed', bool(ok), 'stats output not understood'))
    if ok:
        keys = ('devs', 'pool', 'bars', 'io', 'mem', 'pref')
        checks.append(Check('stats_grew_on_add', s1['devs'] == s0['devs'] + 2 and
                            s1['pool'] == s0['pool'] + 2 and s1['mem'] > s0['mem'],
                            'before %r, with devices %r' % (s0, s1)))
        checks.append(Check('no_leak_after_%d_cycles' % CYCLES,
                            all(s2[k] == s0[k] for k in keys),
                            'baseline %r, after %r' % ({k: s0[k] for k in keys},
                                                       {k: s2[k] for k in keys})))
        n = (CYCLES + 1) * len(DEVS)
        checks.append(Check('hotplug_counts', s2['adds'] == n and s2['removes'] == n,
                            'adds %d removes %d, want %d each' % (s2['adds'], s2['removes'], n)))
    ev = st.get('events', '')
    checks.append(Check('events_queued', 'dev-added' in ev and 'dev-removed' in ev,
                        'no dev-added/dev-removed in events'))
    checks.append(Check('poweroff', result.status == 0, 'status %s' % result.status))
    return checks


def interact(vm):
    run(vm, SCENARIO['arch'])


def check(log, result):
    return check_flow(SCENARIO['name'], result)
