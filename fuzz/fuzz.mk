# fuzz/fuzz.mk: builds the targets of fuzz/targets.list (GNU make, run by fuzz/run.sh).
#
# MODE=fuzz: libFuzzer binaries (clang -fsanitize=fuzzer, ASan, UBSan).
# MODE=replay: the same targets with fuzz/replay.c as main, built with the
# configured compiler and flags, which make check runs over the corpora.
# Each mode builds into $(builddir)/fuzz-build/$(MODE)/ from its own objects.

MODE ?= replay
OUT := $(builddir)/fuzz-build/$(MODE)

LIST := $(shell sed -e 's/\#.*//' -e '/^[[:space:]]*$$/d' -e 's/[[:space:]][[:space:]]*/ /g' $(srcdir)/fuzz/targets.list | tr ' ' ':' | sed 's/:$$//')
NAMES := $(foreach l,$(LIST),$(firstword $(subst :, ,$(l))))
extras = $(wordlist 2,99,$(subst :, ,$(filter $(1) $(1):%,$(LIST))))

LIB_SRCS := $(sort $(wildcard $(srcdir)/common/*.c $(srcdir)/db/*.c \
	$(srcdir)/ipxe/*.c $(srcdir)/iso/*.c)) \
	$(srcdir)/server/range.c $(srcdir)/server/path.c
obj = $(patsubst $(srcdir)/%.c,$(OUT)/obj/%.o,$(1))

ALL_CPPFLAGS := -I$(srcdir) -I$(builddir) $(DEP_CFLAGS)

ifeq ($(MODE),fuzz)
LIB_CFLAGS := -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=undefined
MAIN_CFLAGS := $(LIB_CFLAGS) -Wall -Wextra -Wno-unused-parameter
LINK_FLAGS := -fsanitize=fuzzer,address,undefined
MAIN_OBJS :=
else
LIB_CFLAGS := $(REPLAY_CFLAGS)
MAIN_CFLAGS := $(REPLAY_CFLAGS)
LINK_FLAGS := $(REPLAY_LDFLAGS)
MAIN_OBJS := $(OUT)/obj/fuzz/replay.o
endif

all: $(addprefix $(OUT)/fuzz_,$(NAMES))

$(OUT)/libdeps.a: $(call obj,$(LIB_SRCS))
	@rm -f $@
	@$(AR) cr $@ $^

$(OUT)/obj/fuzz/%.o: $(srcdir)/fuzz/%.c
	@mkdir -p $(@D)
	@echo "  CC(fuzz) $(MODE)/$*"
	@$(CC) $(ALL_CPPFLAGS) $(MAIN_CFLAGS) -MMD -MP -c -o $@ $<

$(OUT)/obj/%.o: $(srcdir)/%.c
	@mkdir -p $(@D)
	@echo "  CC(fuzz) $(MODE)/$*"
	@$(CC) $(ALL_CPPFLAGS) $(LIB_CFLAGS) -MMD -MP -c -o $@ $<

define target_rule
$(OUT)/fuzz_$(1): $(OUT)/obj/fuzz/fuzz_$(1).o $(OUT)/obj/fuzz/fuzz.o \
	$(call obj,$(addprefix $(srcdir)/,$(call extras,$(1)))) $(MAIN_OBJS) \
	$(OUT)/libdeps.a
	@echo "  LD(fuzz) $(MODE)/fuzz_$(1)"
	@$$(CC) $$(LINK_FLAGS) -o $$@ $$^ $$(DEP_LIBS)
endef
$(foreach n,$(NAMES),$(eval $(call target_rule,$(n))))

-include $(shell find $(OUT)/obj -name '*.d' 2>/dev/null)

.PHONY: all
