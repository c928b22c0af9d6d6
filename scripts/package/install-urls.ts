// The URLs an admin installs a package version from: production and Developer Edition orgs log in at
// login.salesforce.com, sandboxes at test.salesforce.com; both open the installer for the version's id (04t…).
// https://developer.salesforce.com/docs/atlas.en-us.sfdx_dev.meta/sfdx_dev/sfdx_dev_dev2gp_install_pkg.htm

const versionIdPattern = /^04t[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;

export interface InstallUrls {
  production: string;
  sandbox: string;
}

/** Both install URLs of a subscriber package version; an id that is not one is refused, saying what it expects. */
export function installUrls(versionId: string): InstallUrls {
  if (!versionIdPattern.test(versionId)) {
    throw new Error(
      `"${versionId}" is not a package version id: it starts with 04t and has 15 or 18 characters (sf package version list shows them).`
    );
  }
  const path = `/packaging/installPackage.apexp?p0=${versionId}`;
  return { production: `https://login.salesforce.com${path}`, sandbox: `https://test.salesforce.com${path}` };
}

if (require.main === module) {
  try {
    const urls = installUrls(process.argv[2] ?? '');
    console.log(`Production and Developer Edition: ${urls.production}`);
    console.log(`Sandbox:                          ${urls.sandbox}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
