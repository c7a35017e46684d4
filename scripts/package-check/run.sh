#!/usr/bin/env bash
# Proves that a fresh app can install and use this package, on cdktf and on CDK Terrain:
# pack the repository, install the tarball into two new apps (app/cdktf.package.json,
# app/cdktn.package.json), compile app/*.ts and the docs' TypeScript samples (unchanged, in
# both apps) with the cdktf TypeScript template's tsconfig, synthesize the app command and each
# sample, then check.ts: one copy of the framework per app, the same stacks from both, and
# `terraform plan` of every stack offline. Then the README's git install: a bare clone of the
# committed HEAD (uncommitted changes are not in it), installed as a git dependency
# (app/git.package.json), whose prepare builds lib/; git-install.ts loads both entry points.
# Not part of `npm test`: each app installs half a gigabyte of provider bindings, and npm
# prepares the git dependency in a clone holding the repository's devDependencies (measured
# sizes and times: docs/cdk-terrain.md, "The check"). Needs git and the npm registry
# (or a warm npm cache); Terraform and the provider mirror are optional (the plan is then SKIPPED).
set -euo pipefail
cd "$(dirname "$0")/../.."
HERE=scripts/package-check
# The cdktf-cli template's tsconfig.json; cdktn-cli 0.24.0's template ships the same file.
TEMPLATE_TSCONFIG=node_modules/cdktf-cli/bundle/templates/typescript/tsconfig.json
export CHECKPOINT_DISABLE=1

now() { date +%s%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f s", (b - a) / 1e9 }'; }
log() { echo "package-check: $*"; }

STARTED=$(now)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/package-check.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

node_modules/.bin/tsc -p "$HERE"

log "packing $(node -p 'require("./package.json").name + "@" + require("./package.json").version') (prepare builds lib/)"
mkdir "$WORK/pack"
npm pack --pack-destination "$WORK/pack" --loglevel=warn
TARBALL=$(ls "$WORK"/pack/*.tgz)
# tsc never deletes: a lib/ file whose source is gone would ship. A clean clone has none.
stale=$(tar -tzf "$TARBALL" | sed -n 's#^package/lib/\(.*\)\.js$#\1#p' | while read -r f; do [ -f "modules/$f.ts" ] || echo "lib/$f.js"; done)
if [ -n "$stale" ]; then
  log "FAILED: the tarball ships build output with no source in modules/ (remove lib/ and run again):" $stale
  exit 1
fi

declare -A INSTALL SIZE BUILD SYNTH
# Builds one app: $1 is cdktf or cdktn.
build_app() {
  local label=$1 dir="$WORK/$1-app" t
  mkdir "$dir"
  sed "s#@TARBALL@#$TARBALL#" "$HERE/app/$label.package.json" >"$dir/package.json"
  cp "$TEMPLATE_TSCONFIG" "$dir/tsconfig.json"
  cp "$HERE/app/cdktf.json" "$dir/cdktf.json"
  for source in "$HERE"/app/*.ts; do
    if [ "$label" = cdktn ]; then
      # A CDK Terrain user imports the maintained names; check.ts proves the cdktf names load the same files.
      sed -e 's#"cdktf"#"cdktn"#g' -e 's#"@cdktf/provider-aws/#"@cdktn/provider-aws/#g' "$source" >"$dir/$(basename "$source")"
    else
      cp "$source" "$dir/"
    fi
  done
  # The docs' samples go in as they are, cdktf imports included: the recipe must take them.
  SAMPLES=$(node -r ./scripts/register-ts.cjs "$HERE/readme-samples.ts" "$dir")
  own=$(cd "$HERE/app" && for f in *.ts; do echo "$dir/$f"; done)
  # shellcheck disable=SC2086
  if [ "$label" = cdktn ] && grep -nHE "[\"'](cdktf|@cdktf/provider-aws)[\"'/]" $own; then
    log "FAILED: an import above was not renamed to cdktn (write imports with double quotes)"
    return 1
  fi

  log "$label: npm install"
  t=$(now)
  (cd "$dir" && npm install --no-audit --no-fund)
  INSTALL[$label]=$(seconds "$t" "$(now)")
  SIZE[$label]=$(du -sh "$dir/node_modules" | cut -f1)

  t=$(now)
  (cd "$dir" && node_modules/.bin/tsc)
  BUILD[$label]=$(seconds "$t" "$(now)")

  # The app command from cdktf.json, with the output directory the CLI would pass.
  t=$(now)
  (cd "$dir" && CDKTF_OUTDIR=cdktf.out bash -c "$(node -p 'require("./cdktf.json").app')")
  for n in $(seq 1 "$SAMPLES"); do
    (cd "$dir" && CDKTF_OUTDIR="cdktf.out.readme-$n" node "readme-sample-$n.js")
  done
  SYNTH[$label]=$(seconds "$t" "$(now)")
  log "$label: installed in ${INSTALL[$label]}, node_modules ${SIZE[$label]}, tsc ${BUILD[$label]}, synth ${SYNTH[$label]} (the app and $SAMPLES doc samples)"
}

# The README's `npm install git+https://...`, from a local bare clone: npm clones it into its
# cache's tmp directory, installs the lockfile's devDependencies there, runs prepare (tsc) and
# packs the clone as `npm pack` would.
git_install() {
  local dir="$WORK/cdktf-app/git-app" repository="git+file://$WORK/repo.git" head tmp before d t status=0
  if ! git clone --bare --quiet . "$WORK/repo.git"; then
    log "FAILED: git install: cannot clone $(pwd) (not a git repository?)"
    return 1
  fi
  # Inside the cdktf app, so the library's peers resolve from the app's node_modules as they do
  # in a user's app, without a third copy of the provider bindings (--omit=peer).
  mkdir "$dir"
  sed "s#@REPOSITORY@#$repository#" "$HERE/app/git.package.json" >"$dir/package.json"
  head="HEAD $(git rev-parse --short HEAD)"
  [ -z "$(git status --porcelain)" ] || head="$head; uncommitted changes are not in it"
  log "git: npm install $repository ($head)"
  tmp="$(npm config get cache)/_cacache/tmp"
  before=$(printf '%s\n' "$tmp"/git-clone*)
  t=$(now)
  # allowScripts in git.package.json approves prepare, as npm 11 asks. Not --strict-allow-scripts:
  # npm passes it on to the install in the clone, which has devDependencies with install scripts.
  # --prefer-offline too: it takes the clone's lockfile-pinned tarballs from the cache instead of
  # downloading every one again (seen: 53 s instead of 82 s for that install alone).
  (cd "$dir" && npm install --no-audit --no-fund --omit=peer --prefer-offline) || status=$?
  INSTALL[git]=$(seconds "$t" "$(now)")
  # npm exits before it has finished removing its clone (seen: 224 MB of devDependencies left):
  # remove what this install left there.
  for d in "$tmp"/git-clone*; do
    grep -qxF "$d" <<<"$before" || rm -rf "$d"
  done
  if [ "$status" -ne 0 ]; then
    log "FAILED: git install: npm install $repository exited with $status"
    return 1
  fi
  SIZE[git]=$(du -sh "$dir/node_modules" | cut -f1)
  BUILD[git]="-"
  SYNTH[git]="-"
  log "git: installed in ${INSTALL[git]} (prepare included), node_modules ${SIZE[git]} (peers omitted)"
  node -r ./scripts/register-ts.cjs "$HERE/git-install.ts" "$dir"
}

build_app cdktf
build_app cdktn

status=0
node -r ./scripts/register-ts.cjs "$HERE/check.ts" "$WORK/cdktf-app" "$WORK/cdktn-app" "$WORK" || status=$?
git_install || status=1

log "app    npm install  node_modules  tsc     synth"
for label in cdktf cdktn git; do
  printf 'package-check: %-6s %-12s %-13s %-7s %s\n' "$label" "${INSTALL[$label]:-}" "${SIZE[$label]:-}" "${BUILD[$label]:-}" "${SYNTH[$label]:-}"
done
rm -rf "$WORK"
log "total $(seconds "$STARTED" "$(now)") (temporary files removed)"
if [ "$status" -ne 0 ]; then log FAILED; fi
exit "$status"
