# Copyright (c) the ovs-traffic-mirror authors.  Licensed under the Apache
# License, Version 2.0.
# utilities/automake.mk: mirrorctl, the ovs-vsctl-style command-line client
# of the Traffic_Mirror database, and its man page.

bin_PROGRAMS += utilities/mirrorctl
utilities_mirrorctl_SOURCES = \
	utilities/mirrorctl.c \
	utilities/mirrorctl-aws.c \
	utilities/mirrorctl-aws.h \
	utilities/mirrorctl-lb.c \
	utilities/mirrorctl-lb.h \
	utilities/mirrorctl-output.c \
	utilities/mirrorctl-output.h \
	utilities/mirrorctl-paging.c \
	utilities/mirrorctl-paging.h \
	utilities/mirrorctl-members.c \
	utilities/mirrorctl-members.h \
	utilities/mirrorctl-table.c \
	utilities/mirrorctl-table.h \
	utilities/mirrorctl-query.c \
	utilities/mirrorctl-query-functions.c \
	utilities/mirrorctl-query-private.h \
	utilities/mirrorctl-query.h
utilities_mirrorctl_LDADD = \
	lib/libtrafficmirror.la \
	ovsdb-schema/libtraffic-mirror-idl.la \
	$(OVS_LIBDIR)/libopenvswitch.la
utilities/mirrorctl.$(OBJEXT): ovsdb-schema/traffic-mirror-idl.h
utilities/mirrorctl-aws.$(OBJEXT): ovsdb-schema/traffic-mirror-idl.h
utilities/mirrorctl-lb.$(OBJEXT): ovsdb-schema/traffic-mirror-idl.h
utilities/mirrorctl-output.$(OBJEXT): ovsdb-schema/traffic-mirror-idl.h

# The man page, from XML by OVS's xml2nroff (which also expands the
# db-ctl-base.xml fragment of the generic database commands).
man_MANS += utilities/mirrorctl.8
CLEANFILES += utilities/mirrorctl.8
EXTRA_DIST += utilities/automake.mk utilities/mirrorctl.8.xml
utilities/mirrorctl.8: utilities/mirrorctl.8.xml
	@$(MKDIR_P) utilities
	$(AM_V_GEN)$(TM_RUN_PY) $(OVS_SRCDIR)/build-aux/xml2nroff \
		--version=$(VERSION) -I $(OVS_SRCDIR) \
		$(srcdir)/utilities/mirrorctl.8.xml > $@.tmp && mv $@.tmp $@
