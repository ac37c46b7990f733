# SPDX-License-Identifier: MIT
"""
vmplat on a GICv2 (QEMU virt gic-version=2, the GIC-400 class of Raspberry
Pi 4/5 and older SoCs) at EL2: irqchip.c picks arch/aarch64/gicv2.c from the
DTB. One boot, driven from the shell: the boot log names the GICv2 with the
lines and CPU interfaces GICD_TYPER gives and one distinct interface per CPU
(ITARGETSR0-7, IHI 0048B 4.3.12); `selftest` (the same self-tests as the
command-line word) passes, with the timer-rate, SMP (IPIs) and TLB-shootdown
tests among them and the timer-rate window measured; the console RX SPI is
enabled and targeted at the shell CPU (GICD_ISENABLER1 / ITARGETSR read with
`md`); the shell CPU sleeps most of a few seconds at the prompt (`idle`,
WFI woken by interrupts) while uptime follows the wall clock; `vm start
snap` is refused because the hypervisor needs GICv3 list registers, and the
shell keeps answering.
"""
import re
import time

import vmrunner
from vmrunner import Check

SCENARIO = dict(
    name='aarch64_gicv2',
    arch='aarch64',
    machine='virt,gic-version=2,virtualization=on',
    cpu='cortex-a72',
    smp=4,
    cmdline='expect_cpus=4 expect_mem=512',  # read by the self-tests
    # A display, so the GPU self-tests have their hardware (as aarch64_el2).
    extra_args=['-device', 'bochs-display'],
    timeout=150,
    description='virt GICv2 at EL2: self-tests, IPIs, timer, shell idle, vm start refused',
)

CPUS = 4
GICD = 0x08000000          # QEMU virt GICv2 distributor (the DTB's reg[0])
UART_INTID = 33            # QEMU virt PL011: SPI 1
ISENABLER1 = GICD + 0x104  # IHI 0048B 4.3.5
ITARGETSR = GICD + 0x800   # one byte per INTID (4.3.12)
WANT_LINES = 288           # QEMU 7.2 virt: 256 SPIs + 32 (GICD_TYPER.ITLinesNumber = 8)
IDLE_WAIT_S = 4.0
# Self-tests that need working interrupts: timer PPI, wake SGI / smp_run_on IPIs.
NEEDED_TESTS = ('timer_interrupt_rate', 'timer_oneshot', 'smp_run_on_each_cpu',
                'smp_all_cpus_online', 'mem_protect_seen_by_all_cpus', 'hv_el1_refuses')
TAP_RE = re.compile(r'^(not ok|ok) \d+ - (\S+?)(?: \((\d+) ms\)|: (.*))?$', re.M)
REFUSAL = 'the hypervisor needs a GICv3 (ICH_* system registers); this machine has a GICv2'


def md_byte(out, addr):
    """The byte at addr from an `md` dump ("<addr>: <u64> <u64>", little-endian words)."""
    for line in (out or '').splitlines():
        m = re.match(r'\s*([0-9a-f]{16}): ([0-9a-f]{16}) ([0-9a-f]{16})', line)
        if m and 0 <= addr - int(m.group(1), 16) < 16:
            off = addr - int(m.group(1), 16)
            return int(m.group(2 + off // 8), 16) >> (8 * (off % 8)) & 0xff
    return None


def idle_sample(text):
    up = re.search(r'idle: uptime_us=(\d+)', text or '')
    cpus = {int(c): int(v) for c, v in re.findall(r'cpu(\d+)\s+idle_us=(\d+)', text or '')}
    shell = re.search(r'cpu(\d+)\s+idle_us=\d+ \(\d+% of uptime\) shell', text or '')
    return (int(up.group(1)) if up else None, cpus, int(shell.group(1)) if shell else None)


def interact(vm):
    d = {}
    if vm.serial.wait_for(vmrunner.SHELL_PROMPT, vm.time_left()) is None:
        raise RuntimeError('no shell prompt')
    d['selftest'] = vmrunner.shell_command(vm, 'selftest', timeout=90)
    d['enable'] = vmrunner.shell_command(vm, 'md %x 16' % ISENABLER1)
    d['target'] = vmrunner.shell_command(vm, 'md %x 16' % (ITARGETSR + UART_INTID))
    d['idle_a'] = vmrunner.shell_command(vm, 'idle')
    t0 = time.monotonic()
    time.sleep(IDLE_WAIT_S)
    d['idle_b'] = vmrunner.shell_command(vm, 'idle')
    d['wall_s'] = time.monotonic() - t0
    d['start'] = vmrunner.shell_command(vm, 'vm start snap')
    d['cpus'] = vmrunner.shell_command(vm, 'cpus')
    vm.serial.write('poweroff\r', char_delay=0.001)
    return d


def boot_checks(log):
    m = re.search(r'gicv2: (\S+) distributor (0x[0-9a-f]+), cpu interface (0x[0-9a-f]+), '
                  r'(\d+) lines, (\d+) cpu interfaces', log)
    ifaces = {int(c): int(i) for c, i in re.findall(r'gicv2: cpu(\d+) on CPU interface (\d+)', log)}
    got = (int(m.group(2), 16), int(m.group(4)), int(m.group(5))) if m else None
    return [
        Check('gicv2_found', got == (GICD, WANT_LINES, CPUS),
              'distributor, lines, interfaces %s, want (%#x, %d, %d)'
              % (got, GICD, WANT_LINES, CPUS)),
        Check('cpu_interfaces', sorted(ifaces) == list(range(CPUS))
              and sorted(ifaces.values()) == list(range(CPUS)),
              'cpu -> interface %s, want one distinct interface for each of %d CPUs'
              % (ifaces, CPUS)),
        Check('interrupts_up', 'arch late init failed' not in log and 'gicv3:' not in log
              and 'no receive interrupt' not in log,
              'late init failed, GICv3 driver used or no console RX interrupt'),
    ]


def selftest_checks(out):
    tests = TAP_RE.findall(out or '')
    failed = [(n, why) for ok, n, _ms, why in tests if ok != 'ok']
    names = {n for _ok, n, _ms, _why in tests}
    ms = {n: int(t) for ok, n, t, _why in tests if ok == 'ok' and t}
    summary = re.search(r'# (\d+) passed, (\d+) failed', out or '')
    rate_ms = ms.get('timer_interrupt_rate')
    return [
        Check('selftests_pass', tests and not failed and summary
              and int(summary.group(1)) == len(tests) >= 50,
              '%d run, failed %s, summary %r' % (len(tests), failed[:5],
                                                 summary.group(0) if summary else None)),
        Check('selftests_interrupts', all(n in names for n in NEEDED_TESTS),
              'missing %s' % [n for n in NEEDED_TESTS if n not in names]),
        # st_timer.c counts 1 ms ticks for a 500 ms window (exact up to one period each end).
        Check('timer_rate_window', rate_ms is not None and 500 <= rate_ms <= 700,
              'timer_interrupt_rate took %s ms, want its 500 ms window' % rate_ms),
    ]


def check(log, result):
    d = result.data
    enable = md_byte(d.get('enable'), ISENABLER1 + (UART_INTID - 32) // 8)
    target = md_byte(d.get('target'), ITARGETSR + UART_INTID)
    ua, ia, shell = idle_sample(d.get('idle_a'))
    ub, ib, _ = idle_sample(d.get('idle_b'))
    up_s = (ub - ua) / 1e6 if ua is not None and ub is not None else 0
    share = {c: (ib.get(c, 0) - ia.get(c, 0)) / (ub - ua) for c in ib if c in ia} if up_s else {}
    wall = d.get('wall_s', 0)
    online = re.search(r'(\d+) present, (\d+) online', d.get('cpus') or '')
    return boot_checks(log) + selftest_checks(d.get('selftest')) + [
        Check('uart_spi_enabled', enable is not None and enable >> (UART_INTID % 8) & 1,
              'GICD_ISENABLER1 byte %s, want bit %d (INTID %d): %r' % (
                  hex(enable) if enable is not None else None, UART_INTID % 8, UART_INTID,
                  d.get('enable'))),
        Check('uart_spi_target', target is not None and target == 1 << (shell or 0),
              'GICD_ITARGETSR byte of INTID %d = %s, want the shell cpu%s interface bit: %r' % (
                  UART_INTID, hex(target) if target is not None else None, shell,
                  d.get('target'))),
        Check('uptime_follows_wall', wall and 0.8 <= up_s / wall <= 1.25,
              'uptime advanced %.2f s in %.2f s of wall clock' % (up_s, wall)),
        Check('shell_cpu_idle', shell is not None and share.get(shell, 0) > 0.5,
              'shell cpu%s asleep %.0f%% of %.1f s at the prompt'
              % (shell, 100 * share.get(shell, 0), up_s)),
        Check('secondaries_idle', len(share) == CPUS
              and all(share[c] > 0.5 for c in share if c != shell),
              'asleep shares %s' % {c: round(v, 2) for c, v in share.items()}),
        Check('vm_start_refused', REFUSAL in (d.get('start') or '')
              and log.count(REFUSAL) == 2,  # the self-test's vm start, then the shell's
              'vm start snap: %r; refusal printed %d times' % ((d.get('start') or '')[-300:],
                                                                log.count(REFUSAL))),
        Check('cpus_online', online and online.groups() == (str(CPUS), str(CPUS)),
              'cpus after the refusal: %r' % (online.group(0) if online else d.get('cpus'))),
        Check('poweroff', result.status == 0,
              'status %s after poweroff (QEMU exit %s)' % (result.status, result.exit_code)),
    ]
