#!/usr/bin/env bash
# Builds peermesh/jre:17, a Java 17 runtime image made from this machine's JDK, with no registry and no base image:
# jlink a runtime, copy the glibc libraries it links against plus what the JDK loads at run time (DNS, users), and
# `docker import` the folder. The image has no shell: Dockerfiles on it use exec-form RUN/CMD/ENTRYPOINT only.
#
#   docker/build-base-image.sh [IMAGE]        # default peermesh/jre:17; does nothing when the image exists
#   FORCE=1 docker/build-base-image.sh        # rebuild anyway
#   JDK17_HOME=/path/to/jdk-17 ...            # the JDK whose jmods to link (default: JAVA_HOME if it is a 17, else
#                                             # the first /usr/lib/jvm/*17* with jmods)
set -euo pipefail

image="${1:-peermesh/jre:17}"

if [ "${FORCE:-0}" != 1 ] && docker image inspect "$image" >/dev/null 2>&1; then
  echo "build-base-image: $image exists; FORCE=1 rebuilds it"
  exit 0
fi

# The modules a Spring Boot 4 web app with Netty needs (java.desktop for java.beans, java.sql for Spring's JDBC
# types, jdk.unsupported for Netty's Unsafe), plus DNS for JNDI and jdk.net for Netty's extended socket options.
modules=java.base,java.logging,java.management,java.naming,java.net.http,java.security.jgss,java.instrument
modules+=,jdk.unsupported,java.desktop,java.sql,jdk.crypto.ec,java.xml,jdk.management,jdk.naming.dns,jdk.net

is_jdk17() { [ -d "$1/jmods" ] && grep -q '^JAVA_VERSION="17[."]' "$1/release" 2>/dev/null; }
jdk="${JDK17_HOME:-}"
if [ -z "$jdk" ]; then
  if [ -n "${JAVA_HOME:-}" ] && is_jdk17 "$JAVA_HOME"; then
    jdk="$JAVA_HOME"
  else
    for candidate in /usr/lib/jvm/*17*; do
      if is_jdk17 "$candidate"; then jdk="$candidate"; break; fi
    done
  fi
fi
if [ -z "$jdk" ] || ! is_jdk17 "$jdk"; then
  echo "build-base-image: no JDK 17 with jmods found (looked at JDK17_HOME, JAVA_HOME, /usr/lib/jvm/*17*);" \
       "install openjdk-17-jdk-headless or set JDK17_HOME to a JDK 17" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$work/root"
java_home=/opt/java/openjdk     # where Temurin's images keep it, so Dockerfiles work on both bases

echo "build-base-image: linking a runtime from $jdk"
# --generate-cds-archive: the JDK's class-data sharing archive, which takes seconds off every start.
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --generate-cds-archive --output "$root$java_home"

# Libraries the runtime links against. AWT's own libraries are left out of the scan: headless services never load
# them (java.desktop is here for java.beans), and they would drag in X11, fonts and sound.
copy_lib() {
  mkdir -p "$root$(dirname "$1")"
  cp -L "$1" "$root$1"
}
libs="$(cd "$root$java_home" && for f in bin/* lib/*.so lib/server/*.so; do
  case "$f" in
    lib/libawt*|lib/libfontmanager.so|lib/libjavajpeg.so|lib/libjawt.so|lib/libjsound.so|lib/liblcms.so|\
    lib/libmlib_image.so|lib/libsplashscreen.so) continue ;;
  esac
  LD_LIBRARY_PATH=lib:lib/server ldd "$f" 2>/dev/null || true
done | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/lib64\// { print $1 }' | sort -u)"
for lib in $libs; do
  case "$lib" in "$root"*) continue ;; esac     # the runtime's own libraries, already there
  copy_lib "$lib"
done
# Loaded with dlopen, so ldd does not list them: name-service modules (users from /etc/passwd, host names from
# /etc/hosts and DNS, which is Docker's embedded server at 127.0.0.11 inside containers).
multiarch="$(dirname "$(ldd "$jdk/bin/java" | awk '/libc\.so/ { print $3 }')")"
for lib in libnss_files.so.2 libnss_dns.so.2 libresolv.so.2; do
  [ -e "$multiarch/$lib" ] && copy_lib "$multiarch/$lib"
done
copy_lib /lib64/ld-linux-x86-64.so.2

mkdir -p "$root/etc" "$root/tmp" "$root/app"
chmod 1777 "$root/tmp"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$root/etc/nsswitch.conf"
printf 'root:x:0:0:root:/root:/sbin/nologin\napp:x:1000:1000:app:/app:/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\napp:x:1000:\n' >"$root/etc/group"
# Docker mounts its own hosts, resolv.conf and hostname over these; they exist for `docker run` without a network.
printf '127.0.0.1 localhost\n::1 localhost\n' >"$root/etc/hosts"
: >"$root/etc/resolv.conf"
: >"$root/etc/hostname"

echo "build-base-image: importing $(du -sh "$root" | cut -f1) as $image"
tar -C "$root" --numeric-owner --owner=0 --group=0 -c . | docker import \
  --change "ENV JAVA_HOME=$java_home" \
  --change "ENV PATH=$java_home/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --change 'CMD ["java", "-version"]' \
  --message "Java 17 runtime (jlink) for peermesh, built by docker/build-base-image.sh" \
  - "$image" >/dev/null
docker run --rm "$image" >/dev/null 2>&1 || { echo "build-base-image: $image does not run 'java -version'" >&2; exit 1; }
echo "build-base-image: $image built"
