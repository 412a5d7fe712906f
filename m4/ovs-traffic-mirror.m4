# Copyright (c) the ovs-traffic-mirror authors.  Licensed under the Apache
# License, Version 2.0.
# m4/ovs-traffic-mirror.m4: configure checks for ovs-traffic-mirror.

# TM_SERIES_PATCHES(SERIES-FILE)
# ------------------------------
# Shell snippet that prints the patch names listed in SERIES-FILE, one per
# line, skipping blank lines and '#' comments.  Prints nothing if the file
# does not exist.
AC_DEFUN([TM_SERIES_PATCHES],
  [{ test -f $1 && $SED -e 's/#.*//' -e 's/^[[ 	]]*//' \
                         -e 's/[[ 	]]*$//' -e '/^$/d' $1; }])

# TM_CHECK_OVS
# ------------
# Decide which Open vSwitch tree the project builds against and
# AC_SUBST OVS_SRCDIR, OVS_BUILDDIR, OVS_TARBALL and BUNDLED_OVS.
AC_DEFUN([TM_CHECK_OVS], [
  AC_ARG_WITH([ovs-tarball],
    [AS_HELP_STRING([--with-ovs-tarball=FILE],
       [Open vSwitch 3.1 release tarball to extract and patch
        @<:@/usr/src/openvswitch/openvswitch.tar.gz@:>@])],
    [], [with_ovs_tarball=/usr/src/openvswitch/openvswitch.tar.gz])
  AC_ARG_WITH([ovs-source],
    [AS_HELP_STRING([--with-ovs-source=DIR],
       [use an already patched Open vSwitch source tree in DIR
        instead of the tarball])])
  AC_ARG_WITH([ovs-build],
    [AS_HELP_STRING([--with-ovs-build=DIR],
       [Open vSwitch build directory for --with-ovs-source
        @<:@same as the source@:>@])])

  tm_abs_builddir=`pwd`
  tm_series_dir=`cd "$srcdir" && pwd`/ovs-patches
  tm_series=$tm_series_dir/series

  if test "x$with_ovs_source" != x && test "x$with_ovs_source" != xno; then
    BUNDLED_OVS=no
    OVS_SRCDIR=`cd "$with_ovs_source" 2>/dev/null && pwd` \
      || AC_MSG_ERROR([--with-ovs-source: $with_ovs_source is not a directory])
    if test "x$with_ovs_build" = x || test "x$with_ovs_build" = xno; then
      with_ovs_build=$OVS_SRCDIR
    fi
    OVS_BUILDDIR=`cd "$with_ovs_build" 2>/dev/null && pwd` \
      || AC_MSG_ERROR([--with-ovs-build: $with_ovs_build is not a directory])

    AC_MSG_CHECKING([for Open vSwitch source in $OVS_SRCDIR])
    if test -f "$OVS_SRCDIR/vswitchd/bridge.c"; then
      AC_MSG_RESULT([yes])
    else
      AC_MSG_RESULT([no])
      AC_MSG_ERROR([$OVS_SRCDIR/vswitchd/bridge.c is missing: --with-ovs-source must name the top of an Open vSwitch source tree])
    fi
    AC_MSG_CHECKING([for a configured Open vSwitch build in $OVS_BUILDDIR])
    if test -f "$OVS_BUILDDIR/config.h"; then
      AC_MSG_RESULT([yes])
    else
      AC_MSG_RESULT([no])
      AC_MSG_ERROR([$OVS_BUILDDIR/config.h is missing: configure and build Open vSwitch in $OVS_BUILDDIR first, or point --with-ovs-build at its build directory])
    fi

    dnl The tree must carry our patch series.  Later patches change lines
    dnl that earlier ones added, so the patches are taken back one by one,
    dnl last first, from a scratch copy of the files the series touches:
    dnl each must come off cleanly.
    tm_missing=
    tm_patches=`TM_SERIES_PATCHES([$tm_series])`
    tm_reversed=
    for tm_p in $tm_patches; do
      if test ! -f "$tm_series_dir/$tm_p"; then
        AC_MSG_ERROR([$tm_series lists $tm_p, but $tm_series_dir/$tm_p does not exist])
      fi
      tm_reversed="$tm_p $tm_reversed"
    done
    rm -rf conftest.ovs
    mkdir conftest.ovs
    for tm_f in `cd "$tm_series_dir" && cat $tm_patches \
                 | sed -n 's,^diff --git a/\([[^ ]]*\) b/.*,\1,p' | sort -u`; do
      if test -f "$OVS_SRCDIR/$tm_f"; then
        mkdir -p "conftest.ovs/`dirname $tm_f`"
        cp "$OVS_SRCDIR/$tm_f" "conftest.ovs/$tm_f"
      fi
    done
    for tm_p in $tm_reversed; do
      AC_MSG_CHECKING([whether $OVS_SRCDIR carries $tm_p])
      if $PATCH -p1 -R -s -f -d conftest.ovs \
           < "$tm_series_dir/$tm_p" >/dev/null 2>&1; then
        AC_MSG_RESULT([yes])
      else
        AC_MSG_RESULT([no])
        tm_missing="$tm_missing $tm_p"
      fi
    done
    rm -rf conftest.ovs
    if test "x$tm_missing" != x; then
      AC_MSG_ERROR([the Open vSwitch tree in $OVS_SRCDIR lacks these patches of the series:$tm_missing
Apply the whole series to a clean Open vSwitch 3.1.0 tree and rebuild it:
    cd $OVS_SRCDIR && for p in \$(grep -v '^#' $tm_series); do patch -p1 < $tm_series_dir/\$p; done
then run "make" in $OVS_BUILDDIR.])
    fi
  else
    BUNDLED_OVS=yes
    case $with_ovs_tarball in
      /*) OVS_TARBALL=$with_ovs_tarball ;;
      *) OVS_TARBALL=$tm_abs_builddir/$with_ovs_tarball ;;
    esac
    AC_MSG_CHECKING([for the Open vSwitch tarball])
    if test -f "$OVS_TARBALL"; then
      AC_MSG_RESULT([$OVS_TARBALL])
    else
      AC_MSG_RESULT([no])
      AC_MSG_ERROR([$OVS_TARBALL not found: install Debian's openvswitch-source package (tools/install-deps.sh does), or use --with-ovs-tarball=FILE or --with-ovs-source=DIR])
    fi
    AC_MSG_CHECKING([whether the tarball holds an Open vSwitch tree])
    if tar -tzf "$OVS_TARBALL" 2>/dev/null \
         | grep -q '^[[^/]]*/vswitchd/bridge\.c$'; then
      AC_MSG_RESULT([yes])
    else
      AC_MSG_RESULT([no])
      AC_MSG_ERROR([$OVS_TARBALL does not contain TOP/vswitchd/bridge.c])
    fi
    for tm_p in `TM_SERIES_PATCHES([$tm_series])`; do
      test -f "$tm_series_dir/$tm_p" \
        || AC_MSG_ERROR([$tm_series lists $tm_p, but $tm_series_dir/$tm_p does not exist])
    done
    OVS_SRCDIR=$tm_abs_builddir/ovs
    OVS_BUILDDIR=$tm_abs_builddir/ovs-build
  fi
  AC_SUBST([OVS_SRCDIR])
  AC_SUBST([OVS_BUILDDIR])
  AC_SUBST([OVS_TARBALL])
  AC_SUBST([BUNDLED_OVS])
  AM_CONDITIONAL([BUNDLED_OVS], [test "$BUNDLED_OVS" = yes])
])

# TM_CHECK_OVS_HEADER_DEFINES
# ---------------------------
# The OVS headers our C code includes (lib/ovs-atomic.h, ovs-thread.h,
# stream-ssl, netlink, ...) test HAVE_* macros from config.h.  Our config.h
# must define the same ones OVS's configure would, or the headers pick
# other code (or #error out).  These are carried over from OVS's checks.
AC_DEFUN([TM_CHECK_OVS_HEADER_DEFINES], [
  AC_CHECK_HEADERS([stdatomic.h linux/net_namespace.h linux/netlink.h \
                    linux/perf_event.h valgrind/valgrind.h])
  AS_IF([test "$ac_cv_header_linux_netlink_h" = yes],
        [AC_DEFINE([HAVE_NETLINK], [1], [Define to 1 if Netlink is available.])])
  dnl lib/packets.h (through OVS's compat linux/netlink.h) defines struct
  dnl nla_bitfield32 itself unless the system's header has it.
  AC_CHECK_MEMBER([struct nla_bitfield32.selector],
    [AC_DEFINE([HAVE_NLA_BITFIELD32], [1],
       [Define to 1 if linux/netlink.h has struct nla_bitfield32.])],
    [], [[#include <linux/netlink.h>]])
  AC_SEARCH_LIBS([pthread_create], [pthread])
  AC_CHECK_FUNCS([pthread_spin_lock sendmmsg])
  AC_CHECK_MEMBERS([struct mmsghdr.msg_len], [], [],
                   [[#define _GNU_SOURCE
                     #include <sys/socket.h>]])

  AC_CACHE_CHECK([for _Thread_local], [tm_cv_thread_local],
    [AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[static _Thread_local int var;]],
                                        [[return var;]])],
                       [tm_cv_thread_local=yes], [tm_cv_thread_local=no])])
  AS_IF([test $tm_cv_thread_local = yes],
        [AC_DEFINE([HAVE_THREAD_LOCAL], [1],
                   [Define to 1 if the C compiler supports _Thread_local.])])
  AC_CACHE_CHECK([for __thread], [tm_cv___thread],
    [AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[static __thread int var;]],
                                        [[return var;]])],
                       [tm_cv___thread=yes], [tm_cv___thread=no])])
  AS_IF([test $tm_cv___thread = yes],
        [AC_DEFINE([HAVE___THREAD], [1],
                   [Define to 1 if the C compiler supports __thread.])])

  AC_CACHE_CHECK([for GCC 4.7+ __atomic builtins], [tm_cv_gcc4_atomics],
    [AC_LINK_IFELSE([AC_LANG_PROGRAM([[#include <stdint.h>]],
        [[uint64_t x = 1;
          __atomic_store_n(&x, 2, __ATOMIC_SEQ_CST);
          return (int) __atomic_fetch_add(&x, 1, __ATOMIC_RELAXED);]])],
       [tm_cv_gcc4_atomics=yes], [tm_cv_gcc4_atomics=no])])
  AS_IF([test $tm_cv_gcc4_atomics = yes],
        [AC_DEFINE([HAVE_GCC4_ATOMICS], [1],
                   [Define to 1 if the C compiler has the __atomic builtins.])])
  m4_foreach([tm_size], [1, 2, 4, 8], [
    AC_CACHE_CHECK([whether tm_size-byte atomics are always lock-free],
      [tm_cv_atomic_lock_free_[]tm_size],
      [AC_COMPILE_IFELSE([AC_LANG_PROGRAM([],
          [[static int x[__atomic_always_lock_free(]tm_size[, 0) ? 1 : -1];
            return x[0];]])],
         [tm_cv_atomic_lock_free_[]tm_size=yes],
         [tm_cv_atomic_lock_free_[]tm_size=no])])
    AS_IF([test $tm_cv_atomic_lock_free_[]tm_size = yes],
          [AC_DEFINE([ATOMIC_ALWAYS_LOCK_FREE_]tm_size[B], [1],
                     [Define to 1 if tm_size-byte atomics are lock-free.])])])

  dnl OpenSSL: OVS's configure enables SSL when it finds libssl, and then
  dnl libopenvswitch.la brings -lssl -lcrypto when we link against it.
  AC_CHECK_HEADER([openssl/ssl.h],
    [AC_CHECK_LIB([ssl], [SSL_new],
       [AC_DEFINE([HAVE_OPENSSL], [1],
                  [Define to 1 if OpenSSL is available.])],
       [], [-lcrypto])])
])
