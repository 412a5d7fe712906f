# Copyright (c) the ovs-traffic-mirror authors.  Licensed under the Apache
# License, Version 2.0.
# api/automake.mk: mirror-api, the EC2 Query API daemon, which serves the
# Traffic Mirroring actions of the EC2 API over HTTP to the AWS CLI, boto3
# and other SDKs, on top of libtrafficmirror.

bin_PROGRAMS += api/mirror-api
api_mirror_api_SOURCES = \
	api/audit.c \
	api/audit.h \
	api/console.c \
	api/console.h \
	api/credentials.c \
	api/credentials.h \
	api/http.c \
	api/http.h \
	api/metrics.c \
	api/metrics.h \
	api/mirror-api.c \
	api/precheck.c \
	api/precheck.h \
	api/query.c \
	api/query.h \
	api/sigv4.c \
	api/sigv4.h \
	api/tm-counters.c \
	api/tm-counters.h \
	api/xml.c \
	api/xml.h
api_mirror_api_CPPFLAGS = $(AM_CPPFLAGS) \
	-DTM_CONSOLE_DIR='"$(pkgdatadir)/console"'
api_mirror_api_CFLAGS = $(AM_CFLAGS) $(MHD_CFLAGS) $(XML2_CFLAGS) \
	$(OPENSSL_CFLAGS)
api_mirror_api_LDADD = \
	lib/libtrafficmirror.la \
	ovsdb-schema/libtraffic-mirror-idl.la \
	$(OVS_LIBDIR)/libopenvswitch.la \
	$(MHD_LIBS) $(XML2_LIBS) $(OPENSSL_LIBS)
$(api_mirror_api_OBJECTS): ovsdb-schema/traffic-mirror-idl.h

EXTRA_DIST += api/automake.mk api/README.md

# The man page, from XML by OVS's xml2nroff (which also expands OVS's
# daemon, vlog and common option fragments).
man_MANS += api/mirror-api.8
CLEANFILES += api/mirror-api.8
EXTRA_DIST += api/mirror-api.8.xml
api/mirror-api.8: api/mirror-api.8.xml
	@$(MKDIR_P) api
	$(AM_V_GEN)$(TM_RUN_PY) $(OVS_SRCDIR)/build-aux/xml2nroff \
		--version=$(VERSION) -I $(OVS_SRCDIR) \
		$(srcdir)/api/mirror-api.8.xml > $@.tmp && mv $@.tmp $@

# The web console: static files served at /console/ (see api/console.c),
# installed as they are (plain ES modules, nothing to build).
consoledir = $(pkgdatadir)/console
dist_console_DATA = \
	api/console/index.html \
	api/console/style.css \
	api/console/app.js \
	api/console/api.js \
	api/console/chart.js \
	api/console/dom.js \
	api/console/pages.js \
	api/console/sigv4.js
