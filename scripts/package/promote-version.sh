#!/usr/bin/env bash
# Releases a beta version (04t…) so that production orgs can install it; a promoted version cannot be changed.
#
#   npm run package:promote -- 04t...
set -euo pipefail
cd "$(dirname "$0")/../.."
export SF_DISABLE_TELEMETRY=true SF_AUTOUPDATE_DISABLE=true SF_SKIP_NEW_VERSION_CHECK=true
version_id=${1:?give the version id (04t…) that sf package version create printed}
npx --no-install tsx scripts/package/install-urls.ts "$version_id" > /dev/null
npx --no-install sf package version promote --package "$version_id" --no-prompt
npx --no-install tsx scripts/package/install-urls.ts "$version_id"
