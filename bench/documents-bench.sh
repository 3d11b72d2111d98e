#!/usr/bin/env bash
# The documents store's measurement (issue 13), on both backends: upload and download throughput as a ratio to a
# plain cp of the same file on the same disk, and the heap used during a 1 GiB upload in a 512 MiB heap.
# A measurement, not a test: run it alone, through the build lock:
#   bench/documents-bench.sh [--size-mb N] [--rounds R]   (alone on the machine: no build or benchmark beside it)
# The S3 backend is a real s3proxy (the one the tests use) on loopback, keeping its objects on the same disk.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
./preau build >/dev/null
[[ -f target/s3proxy/s3proxy.jar ]] || ./mvnw -B -q -DskipTests generate-test-resources
WORK="$(mktemp -d -p "$ROOT/target" documents-bench.XXXXXX)"
PROXY_PID=""
cleanup() { [[ -n "$PROXY_PID" ]] && kill "$PROXY_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
export JAVA_OPTS="-Xmx512m"

echo "== local backend"
./preau filebench --data "$WORK/local" "$@"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$WORK/s3data"
cat > "$WORK/s3proxy.properties" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench
s3proxy.credential=bench-secret
jclouds.provider=filesystem
jclouds.filesystem.basedir=$WORK/s3data
PROPS
JAVA_BIN="$(./preau help >/dev/null 2>&1; ls -d /usr/lib/jvm/temurin-25-jdk-amd64 2>/dev/null || true)"
"${JAVA_BIN:+$JAVA_BIN/bin/}java" -Xmx512m -jar target/s3proxy/s3proxy.jar --properties "$WORK/s3proxy.properties" \
  >"$WORK/s3proxy.log" 2>&1 &
PROXY_PID=$!
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  sleep 0.2
done
echo "== s3 backend (s3proxy on 127.0.0.1:$PORT)"
./preau filebench --data "$WORK/s3" "$@" \
  --preau.documents.storage=s3 --preau.documents.s3.endpoint="http://127.0.0.1:$PORT" \
  --preau.documents.s3.bucket=bench --preau.documents.s3.access-key=bench --preau.documents.s3.secret-key=bench-secret
