# Sources the hv_sysreg harness links (read by mk/fuzz.mk).
FUZZ_SRCS_hv_sysreg := hv/trap_decode.c hv/psci.c hv/vgic.c tests/unit/hv/hv_host_vm.c \
	tests/fuzz/fuzz_stubs.c tests/unit/hv/hv_host_vm.h hv/hv_priv.h
FUZZ_INC_hv_sysreg := -Ihv -Itests/unit/hv
