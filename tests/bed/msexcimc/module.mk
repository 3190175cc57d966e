# tests/bed/msexcimc: the Internet Mail Service stand-in and imsctl.
#
#   build/<arch>/ims/<version>/msexcimc.exe   one per IMS build below; the
#                                             builds differ only in VERSIONINFO
#   build/<arch>/imsctl.exe                   installs and drives it
#
# msexcimc.c, nodefacts.c and smtp.c are compiled once per arch, msexcimc.rc once per version.
# Test: sh tests/bed/msexcimc/selftest.sh (or make ims-selftest).

IMS_DIR      := tests/bed/msexcimc
IMS_GEN      := $(BUILD)/gen/msexcimc
# RTM, SP1 (affected), the hotfix (first fixed), SP2: the IMS_BUILD_* of ims.h.
IMS_VERSIONS := $(shell sed -n 's/^#define IMS_BUILD_[A-Z0-9]* *"\([0-9.]*\)".*/\1/p' $(IMS_DIR)/ims.h)
# Winsock 2 without the old winsock.h, and the Windows Server 2003 API
# (QueryServiceStatusEx, RegDeleteTree...), for every IMS source.
IMS_CPPFLAGS := -DWIN32_LEAN_AND_MEAN -D_WIN32_WINNT=0x0502
IMS_OBJS     := msexcimc.o nodefacts.o smtp.o
IMS_LIBS     := -municode -ladvapi32 -lversion -lws2_32
ims_comma    := ,

# windmc names its .bin after the .mc (-b), in a directory of our own, so it
# cannot collide with another message table's MSG00409.bin.
$(IMS_GEN)/msexcimc_msg.h: $(IMS_DIR)/msexcimc_msg.mc
	@mkdir -p $(@D)
	@$(call say,MC,$@)
	$(Q)$(CROSS_x86_64)windmc -U -h $(@D) -r $(@D) -b $<
$(IMS_GEN)/msexcimc_msg.rc: $(IMS_GEN)/msexcimc_msg.h ;

# $(1) = arch
define ims_arch_rules
$(BUILD)/$(1)/obj/$(IMS_DIR)/%.o: $(IMS_DIR)/%.c $(IMS_GEN)/msexcimc_msg.h
	@mkdir -p $$(@D)
	@$(call say,CC,$$@)
	$(Q)$$(CC_$(1)) $$(WIN_CFLAGS) $(IMS_CPPFLAGS) -I$(IMS_GEN) -MMD -MP -c $$< -o $$@
endef

# $(1) = arch, $(2) = version
define ims_version_rules
$(BUILD)/$(1)/obj/$(IMS_DIR)/msexcimc-$(2).res.o: $(IMS_DIR)/msexcimc.rc $(IMS_GEN)/msexcimc_msg.rc
	@mkdir -p $$(@D)
	@$(call say,RC,$$@)
	$(Q)$$(WINDRES_$(1)) -I$(IMS_GEN) -DIMS_VERSION=$(2) \
	    -DIMS_VERSION_COMMAS=$(subst .,$(ims_comma),$(2)) -i $$< -o $$@

$(BUILD)/$(1)/ims/$(2)/msexcimc.exe: $(addprefix $(BUILD)/$(1)/obj/$(IMS_DIR)/,$(IMS_OBJS)) \
        $(BUILD)/$(1)/obj/$(IMS_DIR)/msexcimc-$(2).res.o
	@mkdir -p $$(@D)
	@$(call say,LINK,$$@)
	$(Q)$$(CC_$(1)) -o $$@ $$^ $$(WIN_LDFLAGS) $(IMS_LIBS)
endef

$(foreach a,$(ARCHES),$(eval $(call ims_arch_rules,$(a))))
$(foreach a,$(ARCHES),$(foreach v,$(IMS_VERSIONS),$(eval $(call ims_version_rules,$(a),$(v)))))

IMS_EXES := $(foreach a,$(ARCHES),$(foreach v,$(IMS_VERSIONS),$(BUILD)/$(a)/ims/$(v)/msexcimc.exe))

# imsctl goes through the generic bed rules (build/<arch>/imsctl.exe); its
# object comes from the pattern rule above.
BED_MODULES  += imsctl
imsctl_KIND  := exe
imsctl_SRC   := $(addprefix $(IMS_DIR)/,imsctl.c service.c cmd_service.c cmd_node.c) \
                tests/bed/common/bedsvc.c
imsctl_LIBS  := -municode -ladvapi32

BED_OUTPUTS += $(IMS_EXES)

.PHONY: ims-bed ims-selftest
ims-bed: $(IMS_EXES) $(foreach a,$(ARCHES),$(BUILD)/$(a)/imsctl.exe)
ims-selftest: ims-bed
	@bash $(IMS_DIR)/selftest.sh
