#!/usr/bin/env bash
# The GPU checks of the embedded runtime, for a machine with an NVIDIA GPU:
#   1. finds the GPU (nvidia-smi) and a CUDA build of libtorch 2.7.1 that DJL can use
#      (PYTORCH_LIBRARY_PATH, else one DJL downloaded earlier into ~/.djl.ai/pytorch, else DJL's own
#      download when ERRATA_GPU_CHECK_ONLINE=1);
#   2. runs the runtime tests on CUDA (fp16 compute; DeviceParityTest compares the logits with the CPU path);
#   3. prints `errata bench runtime --device cuda`.
# Without a GPU it says so in one line and runs the same checks on the CPU instead.
#
#   scripts/gpu-check.sh            run the checks
#   scripts/gpu-check.sh --dry-run  only say what would run (tested; changes nothing)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DRY=0
[[ "${1:-}" == "--dry-run" ]] && DRY=1
TORCH_VERSION=2.7.1
say() { echo "gpu-check: $*"; }
run() {
  echo "gpu-check: run: $*"
  if (( DRY == 0 )); then (cd "$ROOT" && "$@"); fi
}
TESTS='DeviceParityTest,DjlLanguageModelTest,DecodeStepTest'

gpu=""
if command -v nvidia-smi >/dev/null 2>&1; then
  gpu="$(nvidia-smi -L 2>/dev/null | head -n1 || true)"
fi
if [[ -z "$gpu" ]]; then
  say "no NVIDIA GPU here (nvidia-smi $(command -v nvidia-smi >/dev/null 2>&1 && echo 'lists none' || echo 'not found')); running the same checks on the CPU"
  run mvn -B -q -ntp -pl model-runtime -am verify "-Dtest=$TESTS" -Dsurefire.failIfNoSpecifiedTests=false -Derrata.test.device=cpu
  run ./errata bench runtime --quick --device cpu
  exit 0
fi
say "found ${gpu}"

flavor="${PYTORCH_FLAVOR:-}"
lib="${PYTORCH_LIBRARY_PATH:-}"
online=0
if [[ -n "$lib" ]]; then
  if ! compgen -G "$lib/libtorch_cuda.so*" >/dev/null; then
    say "PYTORCH_LIBRARY_PATH=$lib has no libtorch_cuda.so: point it at the lib/ folder of a CUDA build of libtorch $TORCH_VERSION"
    exit 2
  fi
  [[ -z "$flavor" ]] && flavor=cu128
elif cached="$(compgen -G "$HOME/.djl.ai/pytorch/${TORCH_VERSION}-cu*" | head -n1)" && [[ -n "$cached" ]]; then
  flavor="${flavor:-$(basename "$cached" | sed 's/.*-\(cu[0-9]*\).*/\1/')}"
  say "using the CUDA libtorch DJL downloaded earlier: $cached"
elif [[ "${ERRATA_GPU_CHECK_ONLINE:-0}" == 1 ]]; then
  flavor="${flavor:-cu128}"
  online=1
  say "no CUDA libtorch installed; DJL will download libtorch $TORCH_VERSION-$flavor once (ERRATA_GPU_CHECK_ONLINE=1)"
else
  say "no CUDA build of libtorch $TORCH_VERSION found: unpack one from pytorch.org and set PYTORCH_LIBRARY_PATH=/path/libtorch/lib (PYTORCH_FLAVOR=cu118|cu126|cu128), or let DJL download it with ERRATA_GPU_CHECK_ONLINE=1"
  exit 2
fi
export PYTORCH_VERSION="$TORCH_VERSION" PYTORCH_FLAVOR="$flavor"
offline="-Dai.djl.offline=$([[ $online == 1 ]] && echo false || echo true)"
say "libtorch $PYTORCH_VERSION-$PYTORCH_FLAVOR${lib:+ from $lib}"
run mvn -B -q -ntp -pl model-runtime -am verify "-Dtest=$TESTS" -Dsurefire.failIfNoSpecifiedTests=false \
    -Derrata.test.device=cuda "$offline"
ERRATA_JAVA_OPTS="$offline ${ERRATA_JAVA_OPTS:-}" run ./errata bench runtime --device cuda
