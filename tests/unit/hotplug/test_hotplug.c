// SPDX-License-Identifier: MIT
/*
 * PCIe native hot-plug state machine (drivers/pci/hotplug*.c) on the
 * simulated ECAM with QEMU-like slots (tests/fakes/fake_hotplug.c): slot
 * discovery, window reservation, add (power, link, enumerate, assign),
 * orderly removal on the attention button (6.7.1.5), surprise removal,
 * link and command-completion timeouts, and no leaks over add/remove cycles.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <vmplat/hotplug.h>
#include <vmplat/runtime.h>
#include "../../fakes/fake_hotplug.h"
#include "../pci/pci_env.h"

static struct fake_ecam fe;
static struct fake_hp hp;

unsigned long arch_irq_save(void);
void arch_irq_restore(unsigned long flags);
unsigned long arch_irq_save(void)
{
	return 0;
}
void arch_irq_restore(unsigned long flags)
{
	(void)flags;
}

static const struct pci_window wins[] = {
	{ PCI_WIN_MEM32, false, 0x10000000, 0x10000000, 0x2eff0000 },
	{ PCI_WIN_MEM64, true, 0x8000000000ull, 0x8000000000ull, 0x8000000000ull },
	{ PCI_WIN_IO, false, 0x3eff0000, 0, 0x10000 },
};

/* Two hot-plug root ports (slots 1, 2) and one whose slot is not hot-plug capable. */
static void setup(void)
{
	env_reset(&fe);
	fake_hp_init(&hp, &fe);
	pci_hp_reset();
	runtime_reset();
	fake_hp_add_port(&hp, 1, 1, true);
	fake_hp_add_port(&hp, 2, 2, true);
	fake_hp_add_port(&hp, 3, 3, false);
}

static struct pci_host *boot(void)
{
	struct pci_host *h = pci_host_add(0, 0, 255, &fake_hp_ops, &hp, wins, 3, 0);

	assert_non_null(h);
	assert_int_equal(pci_scan_host(h), 3);
	assert_int_equal(pci_assign_host(h), 0);
	return h;
}

static struct pci_dev *port_dev(unsigned dev)
{
	return pci_find_addr((struct pci_addr){ 0, 0, PCI_DEVFN(dev, 0) });
}

static unsigned count_events(enum rt_event_kind k)
{
	struct rt_event_stats st;

	runtime_event_stats(&st);
	return (unsigned)st.raised[k];
}

static void test_slots_found_and_powered_off(void **state)
{
	(void)state;
	setup();
	boot();
	assert_int_equal(pci_hp_init(), 2);
	for (unsigned i = 0; i < 2; i++) {
		struct pci_hp_slot *s = pci_hp_slot_get(i);
		struct pci_hp_status st;

		assert_int_equal(s->psn, i + 1);
		assert_int_equal(s->state, PCI_HP_EMPTY);
		pci_hp_read_status(s, &st);
		assert_false(st.present);
		assert_false(st.powered);
		assert_int_equal(st.power_ind, PCI_EXP_IND_OFF);
	}
	assert_null(pci_hp_slot_get(2)); /* 00:03.0: Slot Implemented but not HPC */
}

/* Hosts vmplat assigns get per-port window space for cards added later. */
static void test_windows_reserved_for_slots(void **state)
{
	struct pci_dev *p1, *p3;

	(void)state;
	setup();
	boot();
	p1 = port_dev(1);
	p3 = port_dev(3);
	assert_true(p1->bwin[PCI_RES_MEM].assigned);
	assert_true(p1->bwin[PCI_RES_MEM].size >= PCI_HP_RESERVE_MEM);
	assert_true(IS_ALIGNED(p1->bwin[PCI_RES_MEM].base, PCI_HP_RESERVE_MEM));
	assert_true(p1->bwin[PCI_RES_PREF].size >= PCI_HP_RESERVE_PREF);
	assert_true(p1->bwin[PCI_RES_IO].size >= PCI_HP_RESERVE_IO);
	assert_int_equal(p3->bwin[PCI_RES_MEM].size, 0); /* no hot-plug: nothing kept */
}

static void test_add_enumerates_inside_port_window(void **state)
{
	struct pci_dev *port, *d;
	struct pci_hp_slot *s;
	struct pci_res_usage u0, u1;
	int f;

	(void)state;
	setup();
	boot();
	pci_hp_init();
	pci_res_usage(&u0);
	f = fake_hp_insert(&hp, 0, 0x1234, 0x11e8, 1 << 20);
	assert_int_equal(pci_hp_poll(), 1);
	s = pci_hp_slot_get(0);
	port = s->port;
	assert_int_equal(s->state, PCI_HP_ON);
	assert_int_equal(s->nfn, 1);
	d = pci_find_id(0x1234, 0x11e8, 0);
	assert_non_null(d);
	assert_ptr_equal(d->parent, port);
	assert_true(d->bar[0].assigned);
	assert_true(d->bar[0].base >= port->bwin[PCI_RES_MEM].base);
	assert_true(d->bar[0].base + d->bar[0].size <=
		    port->bwin[PCI_RES_MEM].base + port->bwin[PCI_RES_MEM].size);
	/* The hardware got it: BAR0 register and memory decode in the card. */
	assert_int_equal(fake_cfg_read(&fe, f, PCI_BAR0, 4), (uint32_t)d->bar[0].base);
	assert_true(fake_cfg_read(&fe, f, PCI_COMMAND, 2) & PCI_CMD_MEM);
	/* Slot powered, power indicator on, attention off. */
	assert_false(fake_hp_sltctl(&hp, 0) & PCI_EXP_SLTCTL_PCC);
	assert_int_equal(FIELD_GET(PCI_EXP_SLTCTL_PIC, fake_hp_sltctl(&hp, 0)), PCI_EXP_IND_ON);
	assert_int_equal(count_events(RT_EV_DEV_ADDED), 1);
	pci_res_usage(&u1);
	assert_int_equal(u1.devs, u0.devs + 1);
	assert_int_equal(u1.mem, u0.mem + (1 << 20));
}

static void test_button_removes_and_powers_off(void **state)
{
	struct pci_hp_slot *s;
	struct pci_res_usage u0, u1;
	int f;

	(void)state;
	setup();
	boot();
	pci_hp_init();
	pci_res_usage(&u0);
	f = fake_hp_insert(&hp, 0, 0x1234, 0x11e8, 1 << 20);
	pci_hp_poll();
	fe.fn[f].wmask[PCI_COMMAND] = 0xff; /* keep the Command byte observable */
	fake_hp_request_removal(&hp, 0);
	assert_int_equal(pci_hp_poll(), 1);
	s = pci_hp_slot_get(0);
	assert_int_equal(s->state, PCI_HP_EMPTY);
	assert_int_equal(s->removes, 1);
	assert_int_equal(s->surprise, 0);
	assert_null(pci_find_id(0x1234, 0x11e8, 0));
	/* Power and power indicator off in one command: the fake (as QEMU) let the card go. */
	assert_int_equal(hp.slot[0].unplugs, 1);
	assert_true(fake_hp_sltctl(&hp, 0) & PCI_EXP_SLTCTL_PCC);
	assert_int_equal(count_events(RT_EV_DEV_REMOVED), 1);
	pci_res_usage(&u1);
	assert_memory_equal(&u0, &u1, sizeof(u0));
	/* The presence change the unplug raised is seen and ignored. */
	assert_int_equal(pci_hp_poll(), 1);
	assert_int_equal(s->state, PCI_HP_EMPTY);
}

static void test_surprise_removal(void **state)
{
	struct pci_hp_slot *s;

	(void)state;
	setup();
	boot();
	pci_hp_init();
	fake_hp_insert(&hp, 1, 0x1b36, 0x0010, 16 << 10);
	pci_hp_poll();
	fake_hp_yank(&hp, 1);
	assert_int_equal(pci_hp_poll(), 1);
	s = pci_hp_slot_get(1);
	assert_int_equal(s->state, PCI_HP_EMPTY);
	assert_int_equal(s->surprise, 1);
	assert_null(pci_find_id(0x1b36, 0x0010, 0));
	assert_true(fake_hp_sltctl(&hp, 1) & PCI_EXP_SLTCTL_PCC);
}

static void test_link_timeout_fails_slot(void **state)
{
	struct pci_hp_slot *s;
	uint64_t t0;

	(void)state;
	setup();
	boot();
	pci_hp_init();
	hp.slot[0].link_fails = true;
	fake_hp_insert(&hp, 0, 0x1234, 0x11e8, 1 << 20);
	t0 = env_now_ns;
	pci_hp_poll();
	s = pci_hp_slot_get(0);
	assert_int_equal(s->state, PCI_HP_FAILED);
	assert_int_equal(s->failures, 1);
	assert_true(env_warned("link not active"));
	assert_true(env_now_ns - t0 >= PCI_HP_LINK_TIMEOUT_MS * NSEC_PER_MSEC);
	assert_null(pci_find_id(0x1234, 0x11e8, 0));
	assert_true(fake_hp_sltctl(&hp, 0) & PCI_EXP_SLTCTL_PCC); /* powered off again */
	/* The link comes back: the button retries. */
	hp.slot[0].link_fails = false;
	fake_hp_request_removal(&hp, 0); /* just the button press */
	hp.slot[0].unplug_pending = false;
	pci_hp_poll();
	assert_int_equal(s->state, PCI_HP_ON);
}

static void test_command_not_completed_is_bounded(void **state)
{
	struct pci_hp_slot *s;

	(void)state;
	setup();
	boot();
	pci_hp_init();
	hp.slot[0].no_cc = true;
	fake_hp_insert(&hp, 0, 0x1234, 0x11e8, 1 << 20);
	pci_hp_poll();
	s = pci_hp_slot_get(0);
	assert_int_equal(s->state, PCI_HP_FAILED);
	assert_true(env_warned("not completed"));
}

static void test_bar_too_big_for_window(void **state)
{
	struct pci_dev *d;

	(void)state;
	setup();
	boot();
	pci_hp_init();
	fake_hp_insert(&hp, 0, 0x1234, 0x11e8, 64 << 20); /* non-prefetchable 64 MiB > 2 MiB */
	pci_hp_poll();
	d = pci_find_id(0x1234, 0x11e8, 0);
	assert_non_null(d); /* registered, but without an address and decode off */
	assert_false(d->bar[0].assigned);
	assert_true(env_warned("do not fit"));
}

static void test_cycles_leave_no_leak(void **state)
{
	struct pci_res_usage u0, u1;
	unsigned pool0;

	(void)state;
	setup();
	boot();
	pci_hp_init();
	pci_res_usage(&u0);
	pool0 = pci_dev_pool_used();
	for (unsigned i = 0; i < 10; i++) {
		fake_hp_insert(&hp, 0, 0x1234, 0x11e8, 1 << 20);
		fake_hp_insert(&hp, 1, 0x1b36, 0x0010, 16 << 10);
		pci_hp_poll();
		assert_int_equal(pci_dev_pool_used(), pool0 + 2);
		fake_hp_request_removal(&hp, 0);
		fake_hp_request_removal(&hp, 1);
		pci_hp_poll();
		pci_hp_poll();
	}
	pci_res_usage(&u1);
	assert_memory_equal(&u0, &u1, sizeof(u0));
	assert_int_equal(pci_hp_slot_get(0)->adds, 10);
	assert_int_equal(pci_hp_slot_get(1)->removes, 10);
	assert_int_equal(count_events(RT_EV_DEV_ADDED), 20);
	assert_int_equal(count_events(RT_EV_DEV_REMOVED), 20);
}

static unsigned seen_added, seen_removed;

static void listener(struct pci_dev *d, bool added)
{
	assert_non_null(pci_find_addr(d->addr)); /* still registered either way */
	if (added)
		seen_added++;
	else
		seen_removed++;
}

static void test_listeners_and_stale_events(void **state)
{
	(void)state;
	setup();
	boot();
	/* A change bit left from before boot is dropped, not acted on. */
	fake_cfg_set(&fe, hp.slot[0].port, hp.slot[0].exp + PCI_EXP_SLTSTA, 2, PCI_EXP_SLTSTA_ABP);
	pci_hp_init();
	assert_int_equal(pci_hp_poll(), 0);
	seen_added = seen_removed = 0;
	assert_int_equal(pci_hp_listen(listener), 0);
	fake_hp_insert(&hp, 0, 0x1234, 0x11e8, 1 << 20);
	pci_hp_poll();
	fake_hp_request_removal(&hp, 0);
	pci_hp_poll();
	assert_int_equal(seen_added, 1);
	assert_int_equal(seen_removed, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slots_found_and_powered_off),
		cmocka_unit_test(test_windows_reserved_for_slots),
		cmocka_unit_test(test_add_enumerates_inside_port_window),
		cmocka_unit_test(test_button_removes_and_powers_off),
		cmocka_unit_test(test_surprise_removal),
		cmocka_unit_test(test_link_timeout_fails_slot),
		cmocka_unit_test(test_command_not_completed_is_bounded),
		cmocka_unit_test(test_bar_too_big_for_window),
		cmocka_unit_test(test_cycles_leave_no_leak),
		cmocka_unit_test(test_listeners_and_stale_events),
	};

	return cmocka_run_group_tests_name("hotplug", tests, NULL, NULL);
}
