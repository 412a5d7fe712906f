# Copyright (c) the ovs-traffic-mirror authors.  Licensed under the Apache
# License, Version 2.0.
# systemd/automake.mk: the systemd units of mirrord, mirror-api and the
# Traffic_Mirror ovsdb-server, and tm-db-prepare (which creates or
# converts that database before its server starts).  "make install"
# installs them; the Debian package (debian/) ships them.
#
# The units call Open vSwitch's ovsdb-server and ovsdb-tool where
# Debian's openvswitch-common puts them; override OVSDB_SERVER and
# OVSDB_TOOL for other systems, and systemdsystemunitdir for where
# units go.

OVSDB_SERVER = /usr/sbin/ovsdb-server
OVSDB_TOOL = /usr/bin/ovsdb-tool
systemdsystemunitdir = $(prefix)/lib/systemd/system
tmlibexecdir = $(libexecdir)/ovs-traffic-mirror

SYSTEMD_UNITS = \
	systemd/ovs-traffic-mirror-db.service \
	systemd/mirrord.service \
	systemd/mirror-api.service
systemdsystemunit_DATA = $(SYSTEMD_UNITS)
tmlibexec_SCRIPTS = systemd/tm-db-prepare
CLEANFILES += $(SYSTEMD_UNITS) systemd/tm-db-prepare
EXTRA_DIST += systemd/automake.mk systemd/ovs-traffic-mirror.default \
	$(SYSTEMD_UNITS:=.in) systemd/tm-db-prepare.in

# Substitutes the install paths into a unit or script.
TM_SYSTEMD_SUBST = sed \
	-e 's|[@]bindir[@]|$(bindir)|g' \
	-e 's|[@]sysconfdir[@]|$(sysconfdir)|g' \
	-e 's|[@]pkgdatadir[@]|$(pkgdatadir)|g' \
	-e 's|[@]pkglibexecdir[@]|$(tmlibexecdir)|g' \
	-e 's|[@]OVSDB_SERVER[@]|$(OVSDB_SERVER)|g' \
	-e 's|[@]OVSDB_TOOL[@]|$(OVSDB_TOOL)|g'
systemd/%.service: $(srcdir)/systemd/%.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) systemd && \
	$(TM_SYSTEMD_SUBST) $< > $@.tmp && mv $@.tmp $@
systemd/tm-db-prepare: $(srcdir)/systemd/tm-db-prepare.in Makefile
	$(AM_V_GEN)$(MKDIR_P) systemd && \
	$(TM_SYSTEMD_SUBST) $< > $@.tmp && chmod +x $@.tmp && mv $@.tmp $@
