# BLS type #1 entries, loader.conf, version order (boot/bls.c, loaderconf.c,
# version.c); the fuzz seed corpus is replayed too.
UNIT_SRCS += boot/bls.c boot/loaderconf.c boot/version.c
