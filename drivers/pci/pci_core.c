// SPDX-License-Identifier: MIT
/*
 * PCI core: addresses, counted config access, the device pool and list,
 * lookups, class code to device type.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "pci_internal.h"

struct pci_host pci_hosts[PCI_MAX_HOSTS];
unsigned pci_nhosts;
struct pci_dev *pci_devs;

static struct pci_dev dev_pool[PCI_MAX_DEVS];
static bool dev_used[PCI_MAX_DEVS];

/* ---- addresses ---- */
static int parse_hex(const char **s, unsigned maxdigits, unsigned *out)
{
	unsigned v = 0, n = 0;

	for (; n < maxdigits; n++, (*s)++) {
		char c = **s;
		unsigned d;

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			break;
		v = v << 4 | d;
	}
	*out = v;
	return n ? 0 : -EINVAL;
}

int pci_addr_parse(const char *s, struct pci_addr *out)
{
	unsigned a, b, dev, fn, seg = 0, bus;
	const char *p = s;

	if (!s || parse_hex(&p, 4, &a) || *p++ != ':' || parse_hex(&p, 2, &b))
		return -EINVAL;
	if (*p == ':') { /* ssss:bb:dd.f */
		p++;
		seg = a;
		bus = b;
		if (parse_hex(&p, 2, &dev))
			return -EINVAL;
	} else { /* bb:dd.f */
		if (a > 0xff)
			return -EINVAL;
		bus = a;
		dev = b;
	}
	if (*p++ != '.' || parse_hex(&p, 1, &fn) || *p || dev > 31 || fn > 7)
		return -EINVAL;
	*out = (struct pci_addr){ (uint16_t)seg, (uint8_t)bus, PCI_DEVFN(dev, fn) };
	return 0;
}

char *pci_addr_fmt(char *buf, struct pci_addr a)
{
	snprintf(buf, PCI_ADDR_STRLEN, "%04x:%02x:%02x.%x", a.seg, a.bus, PCI_SLOT(a.devfn),
		 PCI_FUNC(a.devfn));
	return buf;
}

/* ---- counted config access ---- */
uint32_t pci_host_read(struct pci_host *h, uint8_t bus, uint8_t devfn, uint16_t off, unsigned width)
{
	h->cfg_reads++;
	return h->ops->read(h->ctx, h->segment, bus, devfn, off, width);
}

void pci_host_write(struct pci_host *h, uint8_t bus, uint8_t devfn, uint16_t off, unsigned width,
		    uint32_t val)
{
	h->cfg_writes++;
	h->ops->write(h->ctx, h->segment, bus, devfn, off, width, val);
}

uint8_t pci_read8(struct pci_dev *d, uint16_t off)
{
	return (uint8_t)pci_host_read(d->host, d->addr.bus, d->addr.devfn, off, 1);
}

uint16_t pci_read16(struct pci_dev *d, uint16_t off)
{
	return (uint16_t)pci_host_read(d->host, d->addr.bus, d->addr.devfn, off, 2);
}

uint32_t pci_read32(struct pci_dev *d, uint16_t off)
{
	return pci_host_read(d->host, d->addr.bus, d->addr.devfn, off, 4);
}

void pci_write8(struct pci_dev *d, uint16_t off, uint8_t v)
{
	pci_host_write(d->host, d->addr.bus, d->addr.devfn, off, 1, v);
}

void pci_write16(struct pci_dev *d, uint16_t off, uint16_t v)
{
	pci_host_write(d->host, d->addr.bus, d->addr.devfn, off, 2, v);
}

void pci_write32(struct pci_dev *d, uint16_t off, uint32_t v)
{
	pci_host_write(d->host, d->addr.bus, d->addr.devfn, off, 4, v);
}

/* ---- device pool and tree ---- */
struct pci_dev *pci_dev_alloc(void)
{
	for (unsigned i = 0; i < PCI_MAX_DEVS; i++) {
		if (!dev_used[i]) {
			dev_used[i] = true;
			memset(&dev_pool[i], 0, sizeof(dev_pool[i]));
			dev_pool[i].owner = PCI_DOMAIN_NONE;
			return &dev_pool[i];
		}
	}
	return NULL;
}

void pci_dev_free(struct pci_dev *d)
{
	pci_sriov_release(d);
	dev_used[d - dev_pool] = false;
}

unsigned pci_dev_pool_used(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < PCI_MAX_DEVS; i++)
		n += dev_used[i];
	return n;
}

/* Append to the global list and to the parent's (or the host's root) children. */
void pci_dev_link(struct pci_dev *d, struct pci_dev *parent)
{
	struct pci_dev **pp = &pci_devs;

	while (*pp)
		pp = &(*pp)->next;
	*pp = d;
	d->parent = parent;
	pp = parent ? &parent->child : &d->host->root;
	while (*pp)
		pp = &(*pp)->sibling;
	*pp = d;
}

void pci_dev_unlink(struct pci_dev *d)
{
	struct pci_dev **pp;

	for (pp = &pci_devs; *pp; pp = &(*pp)->next) {
		if (*pp == d) {
			*pp = d->next;
			break;
		}
	}
	for (pp = d->parent ? &d->parent->child : &d->host->root; *pp; pp = &(*pp)->sibling) {
		if (*pp == d) {
			*pp = d->sibling;
			break;
		}
	}
	d->next = d->sibling = NULL;
}

void pci_reset(void)
{
	memset(dev_used, 0, sizeof(dev_used));
	memset(pci_hosts, 0, sizeof(pci_hosts));
	pci_nhosts = 0;
	pci_devs = NULL;
	pci_sriov_reset();
}

/* ---- lookups ---- */
struct pci_dev *pci_find_addr(struct pci_addr a)
{
	pci_for_each_dev (d) {
		if (d->addr.seg == a.seg && d->addr.bus == a.bus && d->addr.devfn == a.devfn)
			return d;
	}
	return NULL;
}

struct pci_dev *pci_find_class(uint32_t class_code, uint32_t mask, unsigned n)
{
	pci_for_each_dev (d) {
		if ((d->class_code & mask) == (class_code & mask) && !n--)
			return d;
	}
	return NULL;
}

struct pci_dev *pci_find_id(uint16_t vendor, uint16_t device, unsigned n)
{
	pci_for_each_dev (d) {
		if (d->vendor == vendor && d->device == device && !n--)
			return d;
	}
	return NULL;
}

unsigned pci_dev_count(void)
{
	unsigned n = 0;

	pci_for_each_dev (d)
		n++;
	return n;
}

/* ---- class code to type (PCI Code and ID Assignment 1.x, 1.1-1.20) ---- */
static const char *const type_names[PCI_TYPE_COUNT] = {
	[PCI_TYPE_OTHER] = "other",
	[PCI_TYPE_STORAGE] = "storage",
	[PCI_TYPE_NETWORK] = "network",
	[PCI_TYPE_DISPLAY] = "display",
	[PCI_TYPE_MULTIMEDIA] = "multimedia",
	[PCI_TYPE_MEMORY] = "memory",
	[PCI_TYPE_BRIDGE] = "bridge",
	[PCI_TYPE_COMM] = "communication",
	[PCI_TYPE_SYSTEM] = "system",
	[PCI_TYPE_INPUT] = "input",
	[PCI_TYPE_DOCKING] = "docking",
	[PCI_TYPE_PROCESSOR] = "processor",
	[PCI_TYPE_SERIAL_BUS] = "serial-bus",
	[PCI_TYPE_WIRELESS] = "wireless",
	[PCI_TYPE_INTELLIGENT] = "intelligent-io",
	[PCI_TYPE_SATELLITE] = "satellite",
	[PCI_TYPE_CRYPTO] = "crypto",
	[PCI_TYPE_SIGNAL] = "signal-processing",
	[PCI_TYPE_ACCEL] = "accelerator",
};

const char *pci_type_name(enum pci_dev_type t)
{
	return (unsigned)t < PCI_TYPE_COUNT ? type_names[t] : "other";
}

_Static_assert(PCI_TYPE_ACCEL == 0x12, "device types follow base class codes");

enum pci_dev_type pci_class_to_type(uint32_t class_code)
{
	unsigned base = class_code >> 16 & 0xff;

	/* Base classes 0x01..0x12 map in order; 0x00 (pre-2.0) and 0xff are "other". */
	if (base >= 0x01 && base <= 0x12)
		return (enum pci_dev_type)base;
	return PCI_TYPE_OTHER;
}
