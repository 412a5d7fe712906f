# Copyright (c) the ovs-traffic-mirror authors.  Licensed under the Apache
# License, Version 2.0.
# tools/automake.mk: helper scripts (installer, demo lab, OVS tree setup).
EXTRA_DIST += \
	tools/automake.mk \
	tools/install-deps.sh \
	tools/prepare-ovs-tree.sh \
	tools/quickstart.sh \
	tools/demo-lab.sh \
	tools/lab.sh \
	tools/tm-remove-nonstock-mirrors.sh

# make bench: the mirroring benchmark (needs root; never part of make
# check, since it measures time).  BENCHFLAGS=--quick for a short run.
EXTRA_DIST += tools/benchmark.sh
bench: all
	$(srcdir)/tools/benchmark.sh --ovs-build=$(OVS_BUILDDIR) \
	    --ovs-source=$(OVS_SRCDIR) $(BENCHFLAGS)
.PHONY: bench

# make bench-scale: N simulated hypervisors (ovs-vswitchd --enable-dummy,
# each with its mirrord) on a 3-server Raft Traffic_Mirror cluster; see
# docs/scale-benchmark.md.  Not part of make check.  Small run:
# make bench-scale BENCHFLAGS='--hypervisors 10 --sessions 1000'
EXTRA_DIST += tools/scale-benchmark.sh tools/scale_benchmark.py \
	docs/scale-benchmark.md
bench-scale: all
	$(srcdir)/tools/scale-benchmark.sh --builddir=$(abs_builddir) \
	    --ovs-build=$(OVS_BUILDDIR) --ovs-source=$(OVS_SRCDIR) $(BENCHFLAGS)
.PHONY: bench-scale
