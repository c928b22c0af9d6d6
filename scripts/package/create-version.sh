#!/usr/bin/env bash
# Builds a beta version of the managed package (its Apex tests run, 75 % coverage required), then prints the URLs
# to install it in a production or a sandbox org. The build org comes from config/project-scratch-def.json
# (Translation Workbench on, so the French labels build). Promote it for production with promote-version.sh.
#
#   npm run package:version             # needs a default Dev Hub (sf org login web --set-default-dev-hub)
set -euo pipefail
cd "$(dirname "$0")/../.."
export SF_DISABLE_TELEMETRY=true SF_AUTOUPDATE_DISABLE=true SF_SKIP_NEW_VERSION_CHECK=true
result=$(npx --no-install sf package version create --package "monday Sync" --code-coverage \
  --installation-key-bypass --definition-file config/project-scratch-def.json --wait 60 --json "$@")
version_id=$(node -e 'const r = JSON.parse(process.argv[1]).result; if (!r || !r.SubscriberPackageVersionId) { console.error(process.argv[1]); process.exit(1); } console.log(r.SubscriberPackageVersionId)' "$result")
echo "Version $version_id built."
npx --no-install tsx scripts/package/install-urls.ts "$version_id"
