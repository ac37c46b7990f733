UNIT_SRCS += core/lineedit.c
