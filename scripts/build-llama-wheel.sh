#!/usr/bin/env bash
# Build a portable llama-cpp-python wheel once per machine and print its path.
#
# Why: PyPI ships llama-cpp-python as source only, and its default build compiles with
# -march=native. On a CPU with AMX (recent Xeons, typical cloud VMs) that puts AMX tile code
# into libggml-cpu.so and the first prompt dies with SIGILL; a wheel built natively on one
# machine and copied to another (pip cache, company image) can fault the same way.
#
# What: GGML_NATIVE=OFF, the CPU backend as loadable modules (GGML_BACKEND_DL) in several
# variants chosen at run time by CPU features (assistant/model_server.py picks the best *safe*
# one), AMX left out, and the parts the product does not use (multimodal, common, tools) skipped.
# Usually 8-15 minutes on 2 cores; the wheel is cached under $ADVISOR_WHEEL_CACHE.
set -euo pipefail

PYTHON=${PYTHON:-python3}
VERSION=${LLAMA_CPP_VERSION:-0.3.36}
# Bump BUILD_ID whenever the flags or the variant list below change (it names the cached wheel).
BUILD_ID=portable3
VARIANTS=(x64 haswell alderlake skylakex icelake zen4)
CACHE=${ADVISOR_WHEEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/collab-advisor/wheels}/llama-cpp-python-$VERSION-$BUILD_ID

existing=$(ls "$CACHE"/llama_cpp_python-*.whl 2>/dev/null | head -1 || true)
if [[ -n "$existing" ]]; then
  echo "$existing"
  exit 0
fi

mkdir -p "$CACHE"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

log() { echo "[llama build] $*" >&2; }
start=$(date +%s)
log "building portable llama-cpp-python $VERSION (CPU variants: ${VARIANTS[*]}; no AMX)."
log "this compiles llama.cpp once per machine: usually 8-15 minutes on 2 cores; the wheel is then cached in $CACHE"

"$(dirname "$0")/pip-retry.sh" "$PYTHON" download --quiet --no-deps --no-binary :all: "llama-cpp-python==$VERSION" -d "$work" >&2
tar -xzf "$work"/llama_cpp_python-"$VERSION".tar.gz -C "$work"
src="$work/llama_cpp_python-$VERSION"

# 1. Only the CPU variants we ship; in particular no sapphirerapids (AMX) variant.
keep=$(IFS='|'; echo "${VARIANTS[*]}")
"$PYTHON" - "$src/vendor/llama.cpp/ggml/src/CMakeLists.txt" "$keep" <<'PY'
import re, sys
path, keep = sys.argv[1], set(sys.argv[2].split("|"))
text = open(path, encoding="utf-8").read()
def drop(m):
    return m.group(0) if m.group(1) in keep else ""
x86 = text.index('if (GGML_SYSTEM_ARCH STREQUAL "x86")', text.index("if (GGML_CPU_ALL_VARIANTS)"))
end = text.index('elseif(GGML_SYSTEM_ARCH STREQUAL "ARM")', x86)
block = re.sub(r"^\s*ggml_add_cpu_backend_variant\((\w+)[^)]*\)\n", drop, text[x86:end], flags=re.M)
if re.search(r"ggml_add_cpu_backend_variant\((sapphirerapids|[^)]*AMX)", block):
    sys.exit("AMX variant still present after patching")
open(path, "w", encoding="utf-8").write(text[:x86] + block + text[end:])
PY

# 2. Install the variant modules next to libllama.so, and skip the unused common library.
"$PYTHON" - "$src/CMakeLists.txt" "$keep" <<'PY'
import sys
path, keep = sys.argv[1], sys.argv[2].split("|")
text = open(path, encoding="utf-8").read()
text = text.replace('set(LLAMA_BUILD_COMMON ON CACHE BOOL "Build llama.cpp common library" FORCE)',
                    'set(LLAMA_BUILD_COMMON OFF CACHE BOOL "Build llama.cpp common library" FORCE)')
anchor = "    llama_cpp_python_install_target(ggml-cpu)\n"
extra = "".join(f"    llama_cpp_python_install_target(ggml-cpu-{v})\n" for v in keep)
assert anchor in text, "llama-cpp-python CMakeLists changed: update scripts/build-llama-wheel.sh"
open(path, "w", encoding="utf-8").write(text.replace(anchor, anchor + extra))
PY

export CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_BACKEND_DL=ON -DGGML_CPU_ALL_VARIANTS=ON -DLLAVA_BUILD=OFF -DGGML_CCACHE=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_SERVER=OFF"
export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}
"$PYTHON" -m pip wheel --no-deps --no-cache-dir -w "$work/dist" "$src" >&2

wheel=$(ls "$work"/dist/llama_cpp_python-*.whl)
# 3. Drop the copies CMake also installs at the top of site-packages (bin/, lib/, include/):
#    everything the package loads is in llama_cpp/lib.
"$PYTHON" - "$wheel" "${VARIANTS[@]}" <<'PY'
import os, sys, zipfile
path = sys.argv[1]
stray = ("bin/", "lib/", "include/")
with zipfile.ZipFile(path) as src, zipfile.ZipFile(path + ".tmp", "w", zipfile.ZIP_DEFLATED) as dst:
    for info in src.infolist():
        if info.filename.startswith(stray):
            continue
        data = src.read(info)
        if info.filename.endswith(".dist-info/RECORD"):
            data = "".join(l for l in data.decode().splitlines(True) if not l.startswith(stray)).encode()
        dst.writestr(info, data)
os.replace(path + ".tmp", path)
names = zipfile.ZipFile(path).namelist()
missing = [v for v in sys.argv[2:] if not any(n.endswith(f"lib/libggml-cpu-{v}.so") for n in names)]
if missing or any("sapphirerapids" in n for n in names):
    sys.exit(f"portable wheel is incomplete: missing CPU variants {missing}")
PY
mv "$wheel" "$CACHE"/
log "done in $(( $(date +%s) - start )) s"
ls "$CACHE"/llama_cpp_python-*.whl
