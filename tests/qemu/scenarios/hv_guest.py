# SPDX-License-Identifier: MIT
"""
The EL2 hypervisor runs its built-in EL1 test guest with 2 vCPUs from the
console shell (`vm start test`), while the shell stays usable. Checked:
the guest's own report lines (PL011 emulation, PSCI CPU_ON/AFFINITY_INFO,
virtual-timer ticks through the vGIC, aborts injected for accesses outside
its RAM and for an ldp on MMIO without syndrome); the hypervisor's
`vm stats` exit counts by class; and the pattern page the guest filled
from its seed, read from guest RAM by QEMU itself (QMP pmemsave at the host
physical address `vm stats` reports) and compared with the pattern this
script computes from the seed and with the SHA-256 the hypervisor printed.
"""
import hashlib
import os
import re
import struct

import vmrunner
from vmrunner import Check

SCENARIO = dict(
    name='hv_guest',
    arch='aarch64',
    machine='virt,gic-version=3,virtualization=on',
    cpu='cortex-a72',
    cmdline='',
    timeout=60,
    description='EL2 hypervisor: test guest with 2 vCPUs, vm stats, guest RAM via QMP',
)

PATTERN_OFF = 8 << 20  # GUEST_PATTERN_IPA - GUEST_RAM_BASE (guest_abi.h)
PATTERN_WORDS = 512
M64 = (1 << 64) - 1


def pattern(seed):
    """guest_pattern_word() of arch/aarch64/hv/guest/guest_abi.h (splitmix64)."""
    out = bytearray()
    for i in range(PATTERN_WORDS):
        x = (seed + (i + 1) * 0x9e3779b97f4a7c15) & M64
        x = ((x ^ (x >> 30)) * 0xbf58476d1ce4e5b9) & M64
        x = ((x ^ (x >> 27)) * 0x94d049bb133111eb) & M64
        out += struct.pack('<Q', x ^ (x >> 31))
    return bytes(out)


def interact(vm):
    s = vm.serial
    if s.wait_for(vmrunner.SHELL_PROMPT, vm.time_left()) is None:
        raise RuntimeError('no shell prompt')
    start = len(s.data)
    started = vmrunner.shell_command(vm, 'vm start test')
    if s.wait_for(r'vm test: stopped[^\n]*sha256 [0-9a-f]{64}', min(30, vm.time_left()),
                  start) is None:
        raise RuntimeError('the guest did not stop')
    # The shell answers while and after the guest ran.
    stats = vmrunner.shell_command(vm, 'vm stats')
    m = re.search(r'RAM at 0x40000000 \(host (0x[0-9a-f]+)\)', stats or '')
    mem = b''
    if m:
        path = os.path.abspath(os.path.join(vmrunner.RUN_DIR, 'hv_guest_pattern.bin'))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        vm.qmp.execute('pmemsave', val=int(m.group(1), 16) + PATTERN_OFF,
                       size=PATTERN_WORDS * 8, filename=path)
        with open(path, 'rb') as f:
            mem = f.read()
    again = vmrunner.shell_command(vm, 'vm pause')
    vm.serial.write('poweroff\r', char_delay=0.001)
    return {'started': started, 'stats': stats, 'mem': mem, 'again': again}


def exits(stats):
    return {k: int(v) for k, v in re.findall(r'\b(\w+)=(\d+)', stats or '')}


def check(log, result):
    d = result.data
    st = exits(d.get('stats'))
    g = re.search(r'guest: pattern written, seed 0x([0-9a-f]+)', log)
    h = re.search(r'vm test: stopped \(SYSTEM_OFF\); pattern page 0x40800000: (\d+) of 512 '
                  r'words wrong, seed 0x([0-9a-f]+), sha256 ([0-9a-f]{64})', log)
    want = pattern(int(g.group(1), 16)) if g else None
    mem = d.get('mem') or b''
    guest_lines = [
        ('hello', r'\[vm test\] guest: hello from vCPU 0, DTB at 0x40e00000'),
        ('psci_version', r'\[vm test\] guest: PSCI version 0x10000\b'),
        ('cpu_on', r'\[vm test\] guest: cpu1 up, MPIDR 0x1\b'),
        ('affinity_info', r'\[vm test\] guest: cpu1 seen, now off'),
        ('vtimer', r'\[vm test\] guest: timer ticks 5 '),
        ('abort_read', r'guest: read 0x20000000 aborted as expected, ESR 0x96000010'),
        ('abort_write', r'guest: write 0x7fff0000 aborted as expected, ESR 0x96000010'),
        ('abort_isv', r'guest: ldp 0x9000018 aborted as expected'),
    ]
    out = [Check('guest_' + n, re.search(rx, log) is not None, 'missing: ' + rx)
           for n, rx in guest_lines]
    out += [
        Check('isv_error', 'without instruction syndrome (ESR_EL2.ISV = 0' in log,
              'no ISV=0 error from the hypervisor'),
        Check('hvc_exits', st.get('hvc', 0) >= 5, 'hvc=%s' % st.get('hvc')),
        Check('abort_exits', st.get('abort') == 2 and st.get('aborts_injected') == 3,
              'abort=%s aborts_injected=%s' % (st.get('abort'), st.get('aborts_injected'))),
        Check('mmio_exits', st.get('mmio', 0) > st.get('uart_bytes', 1 << 60) > 0,
              'mmio=%s uart_bytes=%s' % (st.get('mmio'), st.get('uart_bytes'))),
        Check('wfx_exits', st.get('wfx', 0) >= 1, 'wfx=%s' % st.get('wfx')),
        Check('vtimer_ticks', st.get('vtimer_ticks', 0) >= 5 and st.get('virqs', 0) >= 5,
              'vtimer_ticks=%s virqs=%s' % (st.get('vtimer_ticks'), st.get('virqs'))),
        Check('guest_time', st.get('guest_time_us', 0) > 0, 'guest_time_us=%s'
              % st.get('guest_time_us')),
        Check('stopped', 'vm test: stopped,' in (d.get('stats') or ''),
              'vm stats: %r' % (d.get('stats') or '')[:200]),
        Check('hv_pattern_check', h is not None and h.group(1) == '0'
              and g is not None and h.group(2) == g.group(1),
              'hypervisor line: %s' % (h.group(0) if h else 'missing')),
        Check('hv_sha256', h is not None and want is not None
              and h.group(3) == hashlib.sha256(want).hexdigest(),
              'hypervisor sha256 differs from the pattern of the seed'),
        Check('guest_ram_via_qmp', want is not None and mem == want,
              '%d bytes read by pmemsave, %s' % (len(mem), 'equal' if mem == want else 'differ')),
        Check('pause_after_stop_refused', 'request refused' in (d.get('again') or ''),
              'vm pause on a stopped VM: %r' % d.get('again')),
        Check('poweroff', result.status == 0,
              'status %s after poweroff (QEMU exit %s)' % (result.status, result.exit_code)),
    ]
    return out
