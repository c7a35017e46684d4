#!/usr/bin/env bash
# Synthesizes the seed (no config file) and every config of <examples-dir> with the app command of
# <source-tree>, each into <out>/<name>/, and keeps only the Terraform JSON: manifests carry the
# CLI's version and paths. compare-synth.sh and node-versions.sh compare two such trees.
#   bash scripts/synth-all.sh <source-tree> <out> <examples-dir> [<node binary>]
set -euo pipefail
src=$1
examples=$(cd "$3" && pwd)
node=${4:-node}
mkdir -p "$2"
out=$(cd "$2" && pwd)
cd "$src"
env -u ISOLATION_CONFIG CDKTF_OUTDIR="$out/seed" "$node" -r ./scripts/register-ts.cjs main.ts
for config in "$examples"/*.json; do
  ISOLATION_CONFIG="$config" CDKTF_OUTDIR="$out/$(basename "$config" .json)" "$node" -r ./scripts/register-ts.cjs main.ts
done
find "$out" -type f ! -name 'cdk.tf.json' -delete
