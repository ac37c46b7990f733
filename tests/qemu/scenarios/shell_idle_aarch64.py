# SPDX-License-Identifier: MIT
"""
The console shell sleeps while it waits for input (console_wait_input: WFI
until the PL011 receive interrupt or a 5 ms tick, docs/runtime.md "Idle")
and still answers at once, while an EL2 guest prints heavily on another CPU
(the snapshot test guest, `vm start snap`, prints a count line every 2^18
iterations without ever idling). Checked from outside: 20 commands typed
one after another are each answered, correctly, within a bound, while the
guest's lines keep arriving; and the per-CPU idle time the firmware counts
(`idle`) shows the shell CPU asleep for most of a few seconds at the prompt
and the guest's CPU not, measured between two samples. A shell that spins
on the UART is never asleep and fails the idle check.
"""
import re
import time

import vmrunner
from vmrunner import Check

SCENARIO = dict(
    name='shell_idle_aarch64',
    arch='aarch64',
    machine='virt,gic-version=3,virtualization=on',
    cpu='cortex-a72',
    cmdline='',
    timeout=120,
    description='shell sleeps at the prompt and answers while a guest prints',
)

COMMANDS = 20
ANSWER_BOUND_S = 3.0   # TCG on a shared host; a lost wake-up takes forever
GAP_S = 0.1            # between commands: they span a few of the guest's lines
WAIT_S = 4.0           # at the prompt between the two idle samples
COUNT_RX = rb'snapguest count=\d+\r?\n'


def idle_sample(text):
    """(uptime_us, {cpu: idle_us}, shell cpu) from one `idle` answer."""
    up = re.search(r'idle: uptime_us=(\d+)', text or '')
    cpus = {int(c): int(v) for c, v in re.findall(r'cpu(\d+)\s+idle_us=(\d+)', text or '')}
    shell = re.search(r'cpu(\d+)\s+idle_us=\d+ \(\d+% of uptime\) shell', text or '')
    return (int(up.group(1)) if up else None, cpus, int(shell.group(1)) if shell else None)


def interact(vm):
    s = vm.serial
    d = {'lat': [], 'answers': []}
    if s.wait_for(vmrunner.SHELL_PROMPT, vm.time_left()) is None:
        raise RuntimeError('no shell prompt')
    d['start'] = vmrunner.shell_command(vm, 'vm start snap')
    if s.wait_for(COUNT_RX.decode(), min(30, vm.time_left())) is None:
        raise RuntimeError('the guest does not print')
    d['idle_a'] = vmrunner.shell_command(vm, 'idle')
    time.sleep(WAIT_S)
    d['idle_b'] = vmrunner.shell_command(vm, 'idle')
    first = len(s.data)
    for _ in range(COMMANDS):
        t0 = time.monotonic()
        out = vmrunner.shell_command(vm, 'cpus', timeout=ANSWER_BOUND_S * 3)
        d['lat'].append(time.monotonic() - t0 if out is not None else None)
        d['answers'].append(out)
        if out is None:
            break
        time.sleep(GAP_S)
    d['guest_lines'] = len(re.findall(COUNT_RX, bytes(s.data[first:])))
    d['stop'] = vmrunner.shell_command(vm, 'vm stop')
    s.write('poweroff\r', char_delay=0.001)
    return d


def check(log, result):
    d = result.data
    lat = d.get('lat', [])
    answered = [t for t in lat if t is not None]
    cpus_ok = [a for a in d.get('answers', []) if a and re.search(r'(\d+) present, \1 online', a)]
    ua, ia, shell = idle_sample(d.get('idle_a'))
    ub, ib, _ = idle_sample(d.get('idle_b'))
    share = {}
    if ua is not None and ub is not None and ub > ua:
        share = {c: (ib.get(c, 0) - ia.get(c, 0)) / (ub - ua) for c in ib if c in ia}
    worst = max(answered) if answered else None
    return [
        Check('guest_running', 'vm: snap running' in (d.get('start') or ''),
              'vm start snap: %r' % (d.get('start') or '')[:200]),
        Check('commands_answered', len(answered) == COMMANDS and len(cpus_ok) == COMMANDS,
              '%d of %d answered, %d listing the CPUs' % (len(answered), COMMANDS, len(cpus_ok))),
        Check('answer_bound', worst is not None and worst <= ANSWER_BOUND_S,
              'slowest answer %s s (bound %s s)' % ('%.3f' % worst if worst else None,
                                                   ANSWER_BOUND_S)),
        Check('guest_printed_meanwhile', d.get('guest_lines', 0) >= 3,
              '%s guest count lines while the commands ran' % d.get('guest_lines')),
        Check('shell_cpu_idle', shell is not None and share.get(shell, 0) > 0.5,
              'shell cpu%s asleep %.0f%% of %.1f s at the prompt' %
              (shell, 100 * share.get(shell, 0), (ub - ua) / 1e6 if share else 0)),
        Check('guest_cpu_busy', 1 in share and share[1] < 0.5,
              'guest cpu1 asleep %.0f%% (it never idles: the counter must say so)'
              % (100 * share.get(1, -1))),
        Check('poweroff', result.status == 0,
              'status %s after poweroff (QEMU exit %s)' % (result.status, result.exit_code)),
    ]
