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
# check, since it measures time): instruction counts under callgrind, then
# the PMD mode (AF_XDP), then issue 11's targets; see docs/benchmark.md.
# BENCHFLAGS=--quick for a short run.  The PMD mode needs the patched OVS
# built with --enable-afxdp: bench-ovs-afxdp builds it, out of tree, from
# the same patched source, in $(BENCH_AFXDP_BUILDDIR) (also used for the
# instruction counts, so both measure the same binary).
EXTRA_DIST += tools/benchmark.sh tools/bench/configs.sh \
	tools/bench/instructions.sh tools/bench/pmd.sh tools/bench/targets.sh
BENCH_AFXDP_BUILDDIR = $(abs_builddir)/ovs-build-afxdp
BENCH_AFXDP_STAMP = $(BENCH_AFXDP_BUILDDIR)/.tm-build-stamp
$(BENCH_AFXDP_STAMP): $(OVS_BUILDDIR)/vswitchd/ovs-vswitchd
	@$(MKDIR_P) $(BENCH_AFXDP_BUILDDIR)
	@if test ! -f $(BENCH_AFXDP_BUILDDIR)/Makefile; then \
	  echo "  CONFIGURE $(BENCH_AFXDP_BUILDDIR) (--enable-afxdp)"; \
	  (cd $(BENCH_AFXDP_BUILDDIR) && \
	   $(OVS_SRCDIR)/configure --prefix=/usr --localstatedir=/var \
	     --sysconfdir=/etc --enable-silent-rules --enable-afxdp \
	     CC="$(CC)" CFLAGS="$(CFLAGS)") \
	    > $(BENCH_AFXDP_BUILDDIR).configure.log 2>&1 \
	  || { tail -30 $(BENCH_AFXDP_BUILDDIR).configure.log; \
	       rm -rf $(BENCH_AFXDP_BUILDDIR); exit 1; }; \
	fi
	@echo "  MAKE     $(BENCH_AFXDP_BUILDDIR)"
	@$(MAKE) -C $(BENCH_AFXDP_BUILDDIR)
	@touch $@
bench-ovs-afxdp: $(BENCH_AFXDP_STAMP)
BENCH_RUN = $(srcdir)/tools/benchmark.sh --ovs-source=$(OVS_SRCDIR)
bench: all $(BENCH_AFXDP_STAMP)
	$(BENCH_RUN) --all --ovs-build=$(BENCH_AFXDP_BUILDDIR) $(BENCHFLAGS)
bench-pmd: all $(BENCH_AFXDP_STAMP)
	$(BENCH_RUN) --pmd --ovs-build=$(BENCH_AFXDP_BUILDDIR) $(BENCHFLAGS)
bench-instructions: all
	$(BENCH_RUN) --instructions --ovs-build=$(OVS_BUILDDIR) $(BENCHFLAGS)
bench-wakeup: all
	$(BENCH_RUN) --wakeup --ovs-build=$(OVS_BUILDDIR) $(BENCHFLAGS)
# make bench-reconfigure: instructions that one mirror change costs
# ovs-vswitchd's reconfiguration among 1,000 filtered mirrors.
EXTRA_DIST += tools/bench/reconfigure.sh tools/bench/gen_mirrors.py
bench-reconfigure: all
	$(srcdir)/tools/bench/reconfigure.sh $(OVS_SRCDIR) $(OVS_BUILDDIR) \
	    $(BENCHFLAGS)
.PHONY: bench bench-ovs-afxdp bench-pmd bench-instructions bench-wakeup \
	bench-reconfigure
CLEAN_LOCAL_DEPS += clean-bench-afxdp
clean-bench-afxdp:
	rm -rf $(BENCH_AFXDP_BUILDDIR) $(BENCH_AFXDP_BUILDDIR).configure.log

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
