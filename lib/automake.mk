# lib/automake.mk: libtrafficmirror, the Traffic Mirroring API on the
# Traffic_Mirror database (identifiers, checks with AWS error codes and the
# 15 actions and the tag actions), shared by mirrorctl and the API front end.

noinst_LTLIBRARIES += lib/libtrafficmirror.la
lib_libtrafficmirror_la_SOURCES = \
	lib/tm-check.c \
	lib/tm-check.h \
	lib/tm-describe.c \
	lib/tm-error.c \
	lib/tm-error.h \
	lib/tm-private.h \
	lib/tm-tags.c \
	lib/traffic-mirror.c \
	lib/traffic-mirror.h
lib_libtrafficmirror_la_LIBADD = ovsdb-schema/libtraffic-mirror-idl.la
# The library includes the generated IDL header.
lib/traffic-mirror.lo lib/tm-tags.lo lib/tm-describe.lo lib/tm-check.lo: \
	ovsdb-schema/traffic-mirror-idl.h

EXTRA_DIST += lib/automake.mk
