# mirrord/automake.mk: mirrord, the per-hypervisor controller that applies
# Traffic_Mirror sessions to the local Open vSwitch.

bin_PROGRAMS += mirrord/mirrord
mirrord_mirrord_SOURCES = \
	mirrord/filter-rules.c \
	mirrord/filter-rules.h \
	mirrord/mirrord.c \
	mirrord/mirrors.c \
	mirrord/mirrors.h
mirrord_mirrord_LDADD = \
	ovsdb-schema/libtraffic-mirror-idl.la \
	$(OVS_LIBDIR)/libopenvswitch.la
mirrord/mirrord.$(OBJEXT) mirrord/mirrors.$(OBJEXT) \
mirrord/filter-rules.$(OBJEXT): ovsdb-schema/traffic-mirror-idl.h

EXTRA_DIST += mirrord/automake.mk mirrord/README.md
