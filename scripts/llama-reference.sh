#!/usr/bin/env bash
# Installs the llama.cpp reference engine used by the runtime comparison and `errata bench runtime`:
# the prebuilt llama.cpp shared libraries and source that npm's node-llama-cpp packages ship, plus a
# small C probe (tools/llama-probe) compiled against them, and llama.cpp's own OpenAI-compatible
# llama-server built from that source (scripts/llama-server.sh; skipped with ERRATA_LLAMA_SERVER=0).
# Everything lands in the git-ignored .reference/ folder; nothing is committed. Needs npm, a C
# compiler and, for the server, cmake and a C++ compiler; works offline once installed.
#
#   scripts/llama-reference.sh     install (idempotent); prints the probe's path (its libraries are linked at .reference/lib)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REF="$ROOT/.reference"
VERSION=3.22.1
mkdir -p "$REF"

if [[ ! -d "$REF/npm/node_modules/@node-llama-cpp/linux-x64" ]]; then
  echo "llama-reference: installing node-llama-cpp@$VERSION from npm (no install scripts)..." >&2
  mkdir -p "$REF/npm"
  (cd "$REF/npm" && npm install --silent --no-audit --no-fund --ignore-scripts --no-save --omit=optional \
      "node-llama-cpp@$VERSION" "@node-llama-cpp/linux-x64@$VERSION" >&2)
fi
NODE="$REF/npm/node_modules/node-llama-cpp"
LIBS="$REF/npm/node_modules/@node-llama-cpp/linux-x64/bins/linux-x64"
lib() { find "$LIBS" -maxdepth 1 -name "$1" | head -n1; }

if [[ ! -f "$REF/src/include/llama.h" ]]; then
  echo "llama-reference: unpacking llama.cpp source from the npm bundle..." >&2
  rm -rf "$REF/src"
  git -c advice.detachedHead=false clone -q "$NODE/llama/gitRelease.bundle" "$REF/src" >&2
fi

PROBE_SRC="$ROOT/tools/llama-probe/llama_probe.c"
PROBE="$REF/llama-probe"
ln -sfn "npm/node_modules/@node-llama-cpp/linux-x64/bins/linux-x64" "$REF/lib"   # relative: the checkout may move
# rebuilt when missing, older than its source, or unable to find its libraries (a probe built elsewhere)
if [[ ! -x "$PROBE" || "$PROBE_SRC" -nt "$PROBE" ]] || ldd "$PROBE" 2>/dev/null | grep -q 'not found'; then
  echo "llama-reference: compiling llama-probe..." >&2
  cc -O2 -std=c11 -o "$PROBE" "$PROBE_SRC" \
     -I"$REF/src/include" -I"$REF/src/ggml/include" \
     "$(lib 'libllama.v*.so')" "$(lib 'libggml.v*.so')" "$(lib 'libggml-base.so')" \
     -Wl,-rpath,'$ORIGIN/lib' -lm
fi
if [[ "${ERRATA_LLAMA_SERVER:-1}" != 0 ]]; then
  # a failed server build costs only the server tests (they report themselves skipped), not the probe
  "$ROOT/scripts/llama-server.sh" >&2 || true
fi
echo "$PROBE"
