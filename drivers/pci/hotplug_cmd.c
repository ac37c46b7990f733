// SPDX-License-Identifier: MIT
/*
 * Shell commands: hotplug [list | on <slot> | off <slot> | poll] (slots and
 * their state: presence, link, power, indicators) and
 * bar <bdf> <n> [offset] (read a 32-bit register through a memory BAR, e.g.
 * the edu identification register at BAR0 + 0).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/hotplug.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/mmio.h>
#include <vmplat/shell.h>
#include <vmplat/timer.h>

static const char *ind_name(unsigned v)
{
	static const char *const names[] = { "none", "on", "blink", "off" };

	return names[v & 3];
}

static void list_slots(void)
{
	char a[PCI_ADDR_STRLEN];
	uint64_t now = timestamp_ns();

	if (!pci_hp_slot_count())
		console_printf("no hot-plug slots\n");
	for (unsigned i = 0; i < pci_hp_slot_count(); i++) {
		struct pci_hp_slot *s = pci_hp_slot_get(i);
		struct pci_hp_status st;

		pci_hp_read_status(s, &st);
		console_printf("slot %u port %s bus %02x: %s, presence %u, link %u, power %s, "
			       "power-ind %s, attn-ind %s, %u functions, adds %llu removes %llu "
			       "(surprise %llu) failures %llu, %llu ms in state\n",
			       s->psn, pci_addr_fmt(a, s->port->addr), s->port->secondary,
			       pci_hp_state_name(s->state), st.present, st.link,
			       st.powered ? "on" : "off", ind_name(st.power_ind),
			       ind_name(st.attn_ind), s->nfn, (unsigned long long)s->adds,
			       (unsigned long long)s->removes, (unsigned long long)s->surprise,
			       (unsigned long long)s->failures,
			       (unsigned long long)((now - s->since_ns) / NSEC_PER_MSEC));
	}
}

static struct pci_hp_slot *arg_slot(const char *arg)
{
	char *end;
	unsigned long psn = strtoul(arg, &end, 0);

	for (unsigned i = 0; !*end && i < pci_hp_slot_count(); i++)
		if (pci_hp_slot_get(i)->psn == psn)
			return pci_hp_slot_get(i);
	console_printf("hotplug: no slot '%s' (see 'hotplug')\n", arg);
	return NULL;
}

static int cmd_hotplug(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "list";
	struct pci_hp_slot *s;

	if (!strcmp(sub, "list")) {
		list_slots();
		return 0;
	}
	if (!strcmp(sub, "poll")) {
		console_printf("hotplug: %d slot events handled\n", pci_hp_poll());
		return 0;
	}
	if ((!strcmp(sub, "on") || !strcmp(sub, "off")) && argc == 3) {
		s = arg_slot(argv[2]);
		if (!s)
			return -ENODEV;
		return !strcmp(sub, "on") ? pci_hp_slot_enable(s) : pci_hp_slot_disable(s);
	}
	console_printf("usage: hotplug [list | on <slot> | off <slot> | poll]\n");
	return -EINVAL;
}
SHELL_CMD(hotplug, "PCIe hot-plug slots: list, on|off <slot>, poll", cmd_hotplug);

static int cmd_bar(int argc, char **argv)
{
	struct pci_addr a;
	struct pci_dev *d;
	unsigned long n;
	uint64_t off = 0;
	paddr_t pa;
	char *end = "";
	void *va;

	if (argc < 3 || pci_addr_parse(argv[1], &a) ||
	    (n = strtoul(argv[2], &end, 0), *end || n >= PCI_NUM_BARS) ||
	    (argc > 3 && (off = strtoull(argv[3], &end, 0), *end))) {
		console_printf("usage: bar <bdf> <0-5> [offset]\n");
		return -EINVAL;
	}
	d = pci_find_addr(a);
	if (!d) {
		console_printf("bar: no function at %s\n", argv[1]);
		return -ENODEV;
	}
	pa = pci_bar_cpu_addr(d, (unsigned)n);
	if (pa == INVALID_PADDR || d->bar[n].type == PCI_BAR_IO || off % 4 ||
	    off + 4 > d->bar[n].size) {
		console_printf("bar: BAR%lu is not an assigned memory BAR holding offset %#llx\n",
			       n, (unsigned long long)off);
		return -EINVAL;
	}
	va = mm_map_device(pa, d->bar[n].size);
	if (!va)
		return -ENOMEM;
	console_printf("bar%lu %#llx+%#llx: %#010x\n", n, (unsigned long long)pa,
		       (unsigned long long)off, mmio_read32((uint8_t *)va + off));
	return 0;
}
SHELL_CMD(bar, "read a 32-bit register through a memory BAR: bar <bdf> <n> [off]", cmd_bar);
