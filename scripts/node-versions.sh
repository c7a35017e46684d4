#!/usr/bin/env bash
# The library and the config app on each Node.js line CI supports besides the one it runs on:
# for Node 22 and 24 (npm's `node` package, fetched by npx), the jest suite without the plan gate
# (the gate exercises Terraform, not Node; on Node 24 also without the CLI's HCL test), and the seed and every example synthesized through
# the app command, compared byte for byte with the same synth on the running Node. On Node 22
# also `npx cdktf synth`: cdktf-cli 0.21's terminal binding has builds for Node 20 and 22 only,
# so on Node 24 the CLI does not start and the app command (`npm run synth:app`) is the way.
#   bash scripts/node-versions.sh [<major> ...]     (default: 22 24)
set -euo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1
if [ $# -eq 0 ]; then set -- 22 24; fi
versions=("$@")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/node-versions.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

echo "reference: node $(node --version)"
bash scripts/synth-all.sh . "$WORK/reference" examples
for major in "${versions[@]}"; do
  # npm's node package puts that Node's binary in npx's cache; everything below runs it directly.
  bin=$(npx -y -p "node@$major" -- node -p process.execPath)
  echo "=== Node $("$bin" --version) ($bin)"
  # The CLI-driven test (`cdktf synth --hcl`) needs cdktf-cli, which does not start on Node 24.
  ignore=(plan-gate)
  if [ "$major" -ge 24 ]; then ignore+=(hcl-output); fi
  "$bin" node_modules/.bin/jest --testPathIgnorePatterns "${ignore[@]}"
  bash scripts/synth-all.sh . "$WORK/node$major" examples "$bin"
  diff -r "$WORK/reference" "$WORK/node$major"
  echo "Node $major: $(find "$WORK/node$major" -name cdk.tf.json | wc -l) stacks, the same Terraform JSON as on $(node --version)"
  if [ "$major" -lt 24 ]; then
    rm -rf "$WORK/cli"
    PATH="$(dirname "$bin"):$PATH" npx cdktf synth --output "$WORK/cli" >/dev/null
    diff "$WORK/reference/seed/stacks/book-collection/cdk.tf.json" "$WORK/cli/stacks/book-collection/cdk.tf.json"
    echo "Node $major: npx cdktf synth writes the same seed stack"
  fi
done
