# The OCF resource agent ocf:imsguard:IMSGuard (tools/ocf/IMSGuard.in),
# completed by ocfgen with the DLL's property table and refusal codes.
#   make ocf-install [DESTDIR=...]   into $(OCF_RA_DIR)
OCF_RA_DIR ?= /usr/lib/ocf/resource.d/imsguard
OCFGEN     := $(BUILD)/native/ocfgen
OCF_AGENT  := $(BUILD)/ocf/IMSGuard

$(OCFGEN): tools/ocf/ocfgen.c $(patsubst %.c,$(BUILD)/native/obj/%.o,$(CORE_SRC)) | dirs
	$(NATIVE_CC) $(NATIVE_CFLAGS) -o $@ $< $(patsubst %.c,$(BUILD)/native/obj/%.o,$(CORE_SRC))

$(OCF_AGENT): tools/ocf/IMSGuard.in $(OCFGEN)
	@mkdir -p $(@D)
	$(OCFGEN) agent $< > $@.tmp && chmod 755 $@.tmp && mv -f $@.tmp $@

all: $(OCF_AGENT)

.PHONY: ocf-install
ocf-install: $(OCF_AGENT)
	install -d $(DESTDIR)$(OCF_RA_DIR)
	install -m 755 $(OCF_AGENT) $(DESTDIR)$(OCF_RA_DIR)/IMSGuard
