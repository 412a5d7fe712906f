# Copyright (c) the ovs-traffic-mirror authors.  Licensed under the Apache
# License, Version 2.0.
# lib/automake.mk: libtrafficmirror, the Traffic Mirroring API on the
# Traffic_Mirror database (the checks with AWS error codes, the parameter
# table, the 15 actions and the tag actions), shared by mirrorctl, the API
# front end and mirrord.  See lib/README.md for the layers.

noinst_LTLIBRARIES += lib/libtrafficmirror.la
lib_libtrafficmirror_la_SOURCES = \
	lib/tm-check.c \
	lib/tm-check.h \
	lib/tm-db.c \
	lib/tm-db.h \
	lib/tm-describe.c \
	lib/tm-describe.h \
	lib/tm-error.c \
	lib/tm-error.h \
	lib/tm-filter.c \
	lib/tm-handlers.h \
	lib/tm-json.c \
	lib/tm-json.h \
	lib/tm-params.c \
	lib/tm-params.h \
	lib/tm-request.h \
	lib/tm-rule.c \
	lib/tm-session.c \
	lib/tm-tags.c \
	lib/tm-target.c \
	lib/tm-token.c \
	lib/tm-token.h \
	lib/traffic-mirror.c \
	lib/traffic-mirror.h
lib_libtrafficmirror_la_LIBADD = ovsdb-schema/libtraffic-mirror-idl.la $(OPENSSL_LIBS)
# The library includes the generated IDL header.
$(lib_libtrafficmirror_la_SOURCES:.c=.lo): ovsdb-schema/traffic-mirror-idl.h

EXTRA_DIST += lib/automake.mk lib/README.md
