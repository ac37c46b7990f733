UNIT_SRCS += core/pt.c core/pt_walk.c core/pt_x86_64.c core/pt_vmsa.c
