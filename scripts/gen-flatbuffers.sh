#!/usr/bin/env bash
# Regenerates the TypeScript bindings of the policy checkpoint schema.
#
#   packages/io/schemas/policy.fbs  ->  packages/io/src/policy/generated/policy_generated.ts
#
# The output is committed; packages/io/test/policy-codegen.test.ts checks that running this
# script reproduces it byte for byte. Requires `flatc` (Debian: flatbuffers-compiler).
# Usage: scripts/gen-flatbuffers.sh [OUT_DIR]   (OUT_DIR defaults to the committed location)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCHEMA="$ROOT/packages/io/schemas/policy.fbs"
OUT="${1:-$ROOT/packages/io/src/policy/generated}"

if ! command -v flatc >/dev/null 2>&1; then
  echo "gen-flatbuffers: flatc not found (apt-get install -y flatbuffers-compiler)" >&2
  exit 127
fi

mkdir -p "$OUT"
# --ts-flat-files: one self-contained module (no extension-less relative imports between
# generated files); the only import is the `flatbuffers` runtime package.
flatc --ts --ts-flat-files -o "$OUT" "$SCHEMA"
echo "gen-flatbuffers: $(flatc --version) -> $OUT/policy_generated.ts"
