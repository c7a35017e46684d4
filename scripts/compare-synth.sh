#!/usr/bin/env bash
# Synthesizes the seed and every example at two revisions and compares the Terraform JSON byte for
# byte: how a behaviour-preserving change proves it preserved the output.
#   bash scripts/compare-synth.sh <base-rev> [<head-rev>]
# <head-rev> defaults to the working tree. Each revision is checked out in a temporary worktree
# that borrows this clone's node_modules, so both run against the same installed packages. The
# examples are those of <base-rev>, so both sides synthesize the same configs. Exit 1 on any
# difference, listing the files that differ.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?usage: compare-synth.sh <base-rev> [<head-rev>]}
head=${2:-}
export CHECKPOINT_DISABLE=1
WORK=$(mktemp -d "${TMPDIR:-/tmp}/compare-synth.XXXXXX")
trap 'git worktree remove --force "$WORK/base" >/dev/null 2>&1 || true; [ -z "$head" ] || git worktree remove --force "$WORK/head" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT

checkout() { # $1 rev, $2 dir
  git worktree add --detach --quiet "$2" "$1"
  ln -s "$(pwd)/node_modules" "$2/node_modules"
}
checkout "$base" "$WORK/base"
if [ -n "$head" ]; then checkout "$head" "$WORK/head"; HEAD_DIR="$WORK/head"; else HEAD_DIR=$(pwd); fi

SYNTH_ALL="$(pwd)/scripts/synth-all.sh"
bash "$SYNTH_ALL" "$WORK/base" "$WORK/out-base" "$WORK/base/examples"
bash "$SYNTH_ALL" "$HEAD_DIR" "$WORK/out-head" "$WORK/base/examples"

files=$(find "$WORK/out-base" -name cdk.tf.json | wc -l)
if diff -rq "$WORK/out-base" "$WORK/out-head"; then
  echo "compare-synth: $files stack files byte-identical ($base vs ${head:-working tree})"
else
  echo "compare-synth: FAILED: the files above differ ($base vs ${head:-working tree})"
  exit 1
fi
