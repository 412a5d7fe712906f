# Copyright (c) the ovs-traffic-mirror authors.  Licensed under the Apache
# License, Version 2.0.
# fuzz/automake.mk: libFuzzer harnesses for mirror-api's request parser
# (fuzz/fuzz-query.c), AWS Signature Version 4 checks (fuzz/fuzz-sigv4.c)
# and mirrorctl's AWS CLI option parser with its shorthand syntax
# (fuzz/fuzz-shorthand.c), built with clang's -fsanitize=fuzzer,address.
#
# "make fuzz" builds them and runs each for FUZZ_SECONDS seconds, starting
# from the seed corpus in fuzz/corpus/ (which fuzz/make-seeds.py writes);
# new inputs go to fuzz/work/ in the build directory, crashes fail the
# make.  "make check" runs it too.  Without clang, it fails: it never
# skips.

FUZZ_CC = clang
FUZZ_SECONDS = 30
FUZZ_CFLAGS = -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address
FUZZ_API_SRCS = api/credentials.c api/query.c api/sigv4.c api/xml.c
FUZZ_LIBS = \
	lib/libtrafficmirror.la \
	ovsdb-schema/libtraffic-mirror-idl.la \
	$(OVS_LIBDIR)/libopenvswitch.la \
	$(MHD_LIBS) $(XML2_LIBS) $(OPENSSL_LIBS)
FUZZ_COMPILE = $(LIBTOOL) --quiet --tag=CC --mode=link $(FUZZ_CC) \
	$(FUZZ_CFLAGS) $(DEFS) -I$(top_builddir) $(AM_CPPFLAGS) \
	-I$(top_srcdir) $(MHD_CFLAGS) $(XML2_CFLAGS) $(OPENSSL_CFLAGS)
FUZZ_DEPS = $(FUZZ_API_SRCS) lib/libtrafficmirror.la \
	ovsdb-schema/libtraffic-mirror-idl.la

EXTRA_DIST += \
	fuzz/automake.mk \
	fuzz/fuzz-query.c \
	fuzz/fuzz-shorthand.c \
	fuzz/fuzz-sigv4.c \
	fuzz/make-seeds.py \
	fuzz/corpus
CLEANFILES += fuzz/fuzz-query fuzz/fuzz-shorthand fuzz/fuzz-sigv4
CLEAN_LOCAL_DEPS += clean-fuzz

# Fails unless $(FUZZ_CC) is there.
fuzz-check-cc:
	@command -v $(FUZZ_CC) >/dev/null 2>&1 || { \
	  echo "fuzz: $(FUZZ_CC) is missing (run tools/install-deps.sh)" >&2; \
	  exit 1; }

fuzz/fuzz-query: fuzz/fuzz-query.c $(FUZZ_DEPS) | fuzz-check-cc
	@$(MKDIR_P) fuzz
	$(AM_V_CCLD)$(FUZZ_COMPILE) -o $@ $(srcdir)/fuzz/fuzz-query.c \
	  $(addprefix $(srcdir)/,$(FUZZ_API_SRCS)) $(FUZZ_LIBS)

fuzz/fuzz-shorthand: fuzz/fuzz-shorthand.c utilities/mirrorctl-aws.c \
		$(FUZZ_DEPS) | fuzz-check-cc
	@$(MKDIR_P) fuzz
	$(AM_V_CCLD)$(FUZZ_COMPILE) -o $@ $(srcdir)/fuzz/fuzz-shorthand.c \
	  $(srcdir)/utilities/mirrorctl-aws.c $(FUZZ_LIBS)

fuzz/fuzz-sigv4: fuzz/fuzz-sigv4.c $(FUZZ_DEPS) | fuzz-check-cc
	@$(MKDIR_P) fuzz
	$(AM_V_CCLD)$(FUZZ_COMPILE) -o $@ $(srcdir)/fuzz/fuzz-sigv4.c \
	  $(addprefix $(srcdir)/,$(FUZZ_API_SRCS)) $(FUZZ_LIBS)

# Runs each harness for FUZZ_SECONDS seconds; the signed seeds must pass
# the signature check first.
fuzz: fuzz/fuzz-query fuzz/fuzz-shorthand fuzz/fuzz-sigv4
	FUZZ_SIGV4_EXPECT_OK=1 ./fuzz/fuzz-sigv4 \
	  $(srcdir)/fuzz/corpus/sigv4/get $(srcdir)/fuzz/corpus/sigv4/post \
	  $(srcdir)/fuzz/corpus/sigv4/presigned
	@for h in query shorthand sigv4; do \
	  $(MKDIR_P) fuzz/work/$$h fuzz/artifacts && \
	  echo "fuzz: fuzz-$$h for $(FUZZ_SECONDS) s" && \
	  ./fuzz/fuzz-$$h -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
	    -print_final_stats=1 -artifact_prefix=fuzz/artifacts/$$h- \
	    fuzz/work/$$h $(srcdir)/fuzz/corpus/$$h 2>fuzz/fuzz-$$h.log; \
	  rc=$$?; grep -E '^stat::(number_of_executed_units|peak_rss)' \
	    fuzz/fuzz-$$h.log; \
	  if [ $$rc != 0 ]; then tail -50 fuzz/fuzz-$$h.log; exit 1; fi; \
	done
.PHONY: fuzz fuzz-check-cc clean-fuzz

clean-fuzz:
	rm -rf fuzz/work fuzz/artifacts fuzz/*.log
