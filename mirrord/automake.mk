# Copyright (c) the ovs-traffic-mirror authors.  Licensed under the Apache
# License, Version 2.0.
# mirrord/automake.mk: mirrord, the per-hypervisor controller that applies
# Traffic_Mirror sessions to the local Open vSwitch.

bin_PROGRAMS += mirrord/mirrord
mirrord_mirrord_SOURCES = \
	mirrord/budget.c \
	mirrord/budget.h \
	mirrord/counters.c \
	mirrord/counters.h \
	mirrord/delivery.c \
	mirrord/delivery.h \
	mirrord/fleet.c \
	mirrord/fleet.h \
	mirrord/filter-rules.c \
	mirrord/filter-rules.h \
	mirrord/interfaces.c \
	mirrord/interfaces.h \
	mirrord/liveness.c \
	mirrord/liveness.h \
	mirrord/mirrord.c \
	mirrord/mirrors.c \
	mirrord/mirrors.h \
	mirrord/monitor.c \
	mirrord/monitor.h \
	mirrord/pipeline.c \
	mirrord/pipeline.h \
	mirrord/session-check.c \
	mirrord/session-check.h \
	mirrord/vxlan-ports.c \
	mirrord/vxlan-ports.h
mirrord_mirrord_LDADD = \
	lib/libtrafficmirror.la \
	ovsdb-schema/libtraffic-mirror-idl.la \
	$(OVS_LIBDIR)/libopenvswitch.la
mirrord/mirrord.$(OBJEXT) mirrord/mirrors.$(OBJEXT) \
mirrord/filter-rules.$(OBJEXT) mirrord/delivery.$(OBJEXT) \
mirrord/counters.$(OBJEXT) \
mirrord/fleet.$(OBJEXT) mirrord/monitor.$(OBJEXT) \
mirrord/interfaces.$(OBJEXT) mirrord/vxlan-ports.$(OBJEXT) \
mirrord/liveness.$(OBJEXT) \
mirrord/session-check.$(OBJEXT): \
	ovsdb-schema/traffic-mirror-idl.h

EXTRA_DIST += mirrord/automake.mk mirrord/README.md

# The man page, from XML by OVS's xml2nroff.
man_MANS += mirrord/mirrord.8
CLEANFILES += mirrord/mirrord.8
EXTRA_DIST += mirrord/mirrord.8.xml
mirrord/mirrord.8: mirrord/mirrord.8.xml
	@$(MKDIR_P) mirrord
	$(AM_V_GEN)$(TM_RUN_PY) $(OVS_SRCDIR)/build-aux/xml2nroff \
		--version=$(VERSION) $(srcdir)/mirrord/mirrord.8.xml > $@.tmp \
		&& mv $@.tmp $@
