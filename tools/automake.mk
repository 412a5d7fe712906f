# Copyright (c) the ovs-traffic-mirror authors.  Licensed under the Apache
# License, Version 2.0.
# tools/automake.mk: helper scripts (installer, demo lab, OVS tree setup).
EXTRA_DIST += \
	tools/automake.mk \
	tools/install-deps.sh \
	tools/prepare-ovs-tree.sh \
	tools/quickstart.sh \
	tools/demo-lab.sh \
	tools/lab.sh

# make bench: the mirroring benchmark (needs root; never part of make
# check, since it measures time).  BENCHFLAGS=--quick for a short run.
EXTRA_DIST += tools/benchmark.sh
bench: all
	$(srcdir)/tools/benchmark.sh --ovs-build=$(OVS_BUILDDIR) \
	    --ovs-source=$(OVS_SRCDIR) $(BENCHFLAGS)
.PHONY: bench
