#!/usr/bin/env bash
# Runs the package's Apex tests on a fresh scratch org: create, deploy, assign the permission sets, test with
# coverage, delete.
# Needs a Dev Hub you are logged in to (`sf org login web --set-default-dev-hub`). Apex cannot run anywhere else.
#
#   npm run test:apex              # a new scratch org, deleted afterwards
#   KEEP_ORG=1 npm run test:apex   # keep the org to look at it (`sf org open --target-org monday-sync-apex-tests`)
set -euo pipefail
cd "$(dirname "$0")/.."
export SF_DISABLE_TELEMETRY=true SF_AUTOUPDATE_DISABLE=true SF_SKIP_NEW_VERSION_CHECK=true

alias_name=monday-sync-apex-tests
results_dir=artifacts/apex-tests
mkdir -p "$results_dir"
sf=(npx --no-install sf)

cleanup() {
  if [ -z "${KEEP_ORG:-}" ]; then
    "${sf[@]}" org delete scratch --target-org "$alias_name" --no-prompt > /dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

"${sf[@]}" org create scratch --definition-file config/project-scratch-def.json --alias "$alias_name" \
  --duration-days 1 --wait 15
"${sf[@]}" project deploy start --source-dir force-app --target-org "$alias_name" --wait 30
"${sf[@]}" org assign permset --name Monday_Sync_Admin --name Monday_Sync_User --target-org "$alias_name"
"${sf[@]}" apex run test --target-org "$alias_name" --test-level RunLocalTests --code-coverage \
  --result-format human --output-dir "$results_dir" --wait 30 --detailed-coverage
echo "Results and coverage: $results_dir"
