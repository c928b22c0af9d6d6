#!/usr/bin/env bash
# Once, before the first version: creates the managed package in the Dev Hub, which must be linked to the org that
# registered the namespace in sfdx-project.json (Setup > Dev Hub > Namespace Registries). The CLI writes the
# package's id (0Ho…) into sfdx-project.json's packageAliases: commit it.
set -euo pipefail
cd "$(dirname "$0")/../.."
export SF_DISABLE_TELEMETRY=true SF_AUTOUPDATE_DISABLE=true SF_SKIP_NEW_VERSION_CHECK=true
npx --no-install sf package create --name "monday Sync" --package-type Managed --path force-app \
  --description "Two-way sync between Salesforce records and monday.com boards." "$@"
