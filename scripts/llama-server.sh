#!/usr/bin/env bash
# Builds llama.cpp's own OpenAI-compatible server, llama-server, from the llama.cpp source that
# scripts/llama-reference.sh unpacks from npm's node-llama-cpp bundle, into the git-ignored
# .reference/server-build/. Only the llama-server target and what it links are built (no tests,
# examples, web UI download, OpenSSL); a few minutes on 2 cores, once. Idempotent: does nothing when
# the binary exists. Needs cmake and a C++ compiler; works offline. Prints the binary's path.
#
#   scripts/llama-server.sh        build if missing
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REF="$ROOT/.reference"
SRC="$REF/src"
BUILD="$REF/server-build"
BIN="$BUILD/bin/llama-server"

if [[ -x "$BIN" ]]; then
  echo "$BIN"
  exit 0
fi
for tool in cmake c++ cc; do
  command -v "$tool" >/dev/null || { echo "llama-server: $tool not found; the llama-server tests will be skipped" >&2; exit 1; }
done
[[ -f "$SRC/CMakeLists.txt" ]] || { echo "llama-server: no llama.cpp source at $SRC (run scripts/llama-reference.sh)" >&2; exit 1; }

echo "llama-server: building from $SRC (minutes, once)..." >&2
cmake -S "$SRC" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF -DGGML_NATIVE=ON \
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_SERVER=ON \
  -DLLAMA_BUILD_UI=OFF -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_OPENSSL=OFF >"$BUILD.log" 2>&1 \
  || { echo "llama-server: cmake configure failed, see $BUILD.log" >&2; exit 1; }
JOBS="${LLAMA_SERVER_JOBS:-$(nproc 2>/dev/null || echo 2)}"
cmake --build "$BUILD" --target llama-server -j "$JOBS" >>"$BUILD.log" 2>&1 \
  || { echo "llama-server: build failed, see $BUILD.log" >&2; exit 1; }
echo "$BIN"
