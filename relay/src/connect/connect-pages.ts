// The relay's own pages in the connect flow: minimal, styled, in English and French, each saying where the admin goes
// next. Every value shown is escaped; no page ever shows a token or a secret.
export type Lang = 'en' | 'fr';

const texts = {
  en: {
    product: 'monday Sync',
    connectTitle: 'Connect Salesforce and monday.com',
    connectIntro: 'Enter your org’s My Domain subdomain, tick Sandbox for a sandbox, then authorize.',
    subdomain: 'My Domain subdomain',
    subdomainHint: 'The part before .my.salesforce.com (for a sandbox: mycompany--uat)',
    sandbox: 'Sandbox',
    loginUrl: 'Other login URL (optional)',
    authorizeSalesforce: 'Authorize Salesforce',
    mondayTitle: 'Connect monday.com',
    mondayIntro: 'Salesforce is connected. Now authorize the monday.com account whose boards this org syncs with.',
    authorizeMonday: 'Authorize monday.com',
    orToken: 'Or use a personal API token (monday.com → Developers → My access tokens):',
    token: 'Personal API token',
    useToken: 'Use this token',
    doneTitle: 'Connected',
    doneBody: 'The org and the monday.com account are connected, and the package is configured.',
    nextStep: 'Go back to Salesforce: monday Sync app → Connection tab, and click Test.',
    namedCredential: 'One step is left in Salesforce: Setup → Named Credentials → “monday Sync Relay”: set its URL to',
    openSalesforce: 'Open Salesforce',
    openConnection: 'This connection on the relay',
    errorTitle: 'The connection did not go through',
    startAgain: 'Start again',
    orgChangedTitle: 'This is another org',
    replaceTitle: 'This org is connected elsewhere',
    replaceBody:
      'The monday Sync package of this org sends its changes to another connection (<other>, relay <relay>). A sandbox refreshed from production brings production’s connection with it. Replace it with this one? The other connection then receives nothing from this org.',
    replaceButton: 'Replace it with this connection',
    replaceCancel: 'Keep the other connection',
    orgChanged:
      'This connection was made with another org (a refreshed sandbox gets a new org id). Nothing was changed. Connect this org as a new connection, or log in to the org of this connection.',
    newConnection: 'Connect as a new connection',
    connectionTitle: 'Connection',
    org: 'Salesforce org',
    mondayAccount: 'monday.com account',
    status: 'Status',
    rotate: 'Rotate the signing secret',
    rotated: 'The signing secret was replaced; the previous one is accepted for 10 more minutes.',
    pollingTitle: 'Custom objects',
    pollingNone: 'No Salesforce → monday recipe reads a custom object.',
    pollingObjects: 'Polled by the relay',
    pollingRequests: 'API requests since the relay started serving this connection',
    pollingEvery: 'Poll every (seconds)',
    pollingSave: 'Save',
    pollingSaved: 'The polling interval was saved.',
    pollingUsage: 'Org API requests in the last 24 hours',
    reconnectMonday: 'Connect monday.com again',
    reconnectSalesforce: 'Reconnect Salesforce',
    reconnected: 'Reconnected: the connection is active again, and the work held meanwhile resumes now.',
    salesforceRefused:
      'Salesforce refuses the relay’s access: a password or security change, or the app’s access was revoked. Changes are held, nothing is lost: reconnect Salesforce to resume.',
    mondayRefused:
      'monday.com refuses the relay’s token. Changes are held, nothing is lost: connect monday.com again to resume.',
    statusActive: 'Active',
    statusSalesforceRefused: 'Salesforce refused the relay',
    statusMondayRefused: 'monday.com refused the relay',
    statusConnecting: 'Connecting: monday.com is not connected yet',
    statusDisconnected: 'Disconnected',
    lastToMonday: 'Last change delivered to monday.com',
    lastToSalesforce: 'Last change delivered to Salesforce',
    noDelivery: 'None since the relay started serving this connection',
    test: 'Test the connection',
    testTitle: 'Test',
    answer: 'Answer:',
    testOkSalesforce: 'The package answers for this connection and calls this relay.',
    testOkMonday: 'monday.com takes the connection’s token, for the account it was made with.',
    testRefusedSalesforce: 'Salesforce refused the relay’s access: reconnect Salesforce.',
    testRefusedMonday: 'monday.com refused the relay’s token: connect monday.com again.',
    testUnavailable: 'No answer: the work waits and resumes when it answers. Try again in a moment.',
    testPackage:
      'The monday Sync package does not answer: is it installed, and does the user who connected still have the monday Sync Admin permission set?',
    testPackageDisconnected:
      'The package was disconnected from this relay: reconnect Salesforce to configure it again.',
    testOtherConnection: 'The package is configured for another connection: reconnect Salesforce to take it back.',
    testOtherRelay: 'The package calls another relay: reconnect Salesforce to point it here.',
    testNamedCredential:
      'The named credential “monday Sync Relay” does not point at this relay (Setup → Named Credentials): set its URL to this relay’s.',
    testOtherAccount: 'The token is for another monday.com account: connect monday.com again with this one.',
    testFailed: 'The test did not complete.',
    testNotRunning: 'The relay does not serve this connection now: connect it again.',
    disconnect: 'Disconnect',
    disconnectTitle: 'Disconnect this org?',
    disconnectBody:
      'The relay removes its monday.com webhooks, stops this connection’s work and deletes its tokens. Recipes, links and pending work are kept: connect again to resume.',
    disconnected: 'Disconnected',
    disconnectedBody:
      'Tokens deleted, webhooks removed, work stopped. The connection’s data (links, synced values, pending work) is kept under its id <id>: connecting this org again resumes it.'
  },
  fr: {
    product: 'monday Sync',
    connectTitle: 'Connecter Salesforce et monday.com',
    connectIntro:
      'Saisissez le sous-domaine Mon domaine de votre org, cochez Sandbox pour une sandbox, puis autorisez.',
    subdomain: 'Sous-domaine Mon domaine',
    subdomainHint: 'La partie avant .my.salesforce.com (pour une sandbox : masociete--uat)',
    sandbox: 'Sandbox',
    loginUrl: 'Autre URL de connexion (facultatif)',
    authorizeSalesforce: 'Autoriser Salesforce',
    mondayTitle: 'Connecter monday.com',
    mondayIntro:
      'Salesforce est connecté. Autorisez maintenant le compte monday.com dont les tableaux seront synchronisés.',
    authorizeMonday: 'Autoriser monday.com',
    orToken: 'Ou utilisez un jeton d’API personnel (monday.com → Développeurs → Mes jetons d’accès) :',
    token: 'Jeton d’API personnel',
    useToken: 'Utiliser ce jeton',
    doneTitle: 'Connecté',
    doneBody: 'L’org et le compte monday.com sont connectés, et le package est configuré.',
    nextStep: 'Revenez dans Salesforce : application monday Sync → onglet Connexion, puis cliquez sur Tester.',
    namedCredential:
      'Une étape reste à faire dans Salesforce : Configuration → Informations d’identification nommées → « monday Sync Relay » : mettez son URL à',
    openSalesforce: 'Ouvrir Salesforce',
    openConnection: 'Cette connexion sur le relais',
    errorTitle: 'La connexion n’a pas abouti',
    startAgain: 'Recommencer',
    orgChangedTitle: 'Il s’agit d’une autre org',
    replaceTitle: 'Cette org est connectée ailleurs',
    replaceBody:
      'Le package monday Sync de cette org envoie ses modifications à une autre connexion (<other>, relais <relay>). Une sandbox actualisée depuis la production emporte la connexion de la production. La remplacer par celle-ci ? L’autre connexion ne recevra alors plus rien de cette org.',
    replaceButton: 'La remplacer par cette connexion',
    replaceCancel: 'Garder l’autre connexion',
    orgChanged:
      'Cette connexion a été faite avec une autre org (une sandbox actualisée reçoit un nouvel identifiant). Rien n’a été modifié. Connectez cette org comme une nouvelle connexion, ou connectez-vous à l’org de cette connexion.',
    newConnection: 'Connecter comme nouvelle connexion',
    connectionTitle: 'Connexion',
    org: 'Org Salesforce',
    mondayAccount: 'Compte monday.com',
    status: 'État',
    rotate: 'Remplacer le secret de signature',
    rotated: 'Le secret de signature a été remplacé ; l’ancien reste accepté 10 minutes.',
    pollingTitle: 'Objets personnalisés',
    pollingNone: 'Aucune recette Salesforce → monday ne lit un objet personnalisé.',
    pollingObjects: 'Interrogés par le relais',
    pollingRequests: 'Requêtes d’API depuis que le relais sert cette connexion',
    pollingEvery: 'Interroger toutes les (secondes)',
    pollingSave: 'Enregistrer',
    pollingSaved: 'L’intervalle d’interrogation a été enregistré.',
    pollingUsage: 'Requêtes d’API de l’org sur les dernières 24 heures',
    reconnectMonday: 'Reconnecter monday.com',
    reconnectSalesforce: 'Reconnecter Salesforce',
    reconnected:
      'Reconnecté : la connexion est de nouveau active, et le travail retenu entre-temps reprend maintenant.',
    salesforceRefused:
      'Salesforce refuse l’accès du relais : un changement de mot de passe ou de sécurité, ou l’accès de l’application a été révoqué. Les modifications sont retenues, rien n’est perdu : reconnectez Salesforce pour reprendre.',
    mondayRefused:
      'monday.com refuse le jeton du relais. Les modifications sont retenues, rien n’est perdu : reconnectez monday.com pour reprendre.',
    statusActive: 'Active',
    statusSalesforceRefused: 'Salesforce a refusé le relais',
    statusMondayRefused: 'monday.com a refusé le relais',
    statusConnecting: 'En cours : monday.com n’est pas encore connecté',
    statusDisconnected: 'Déconnectée',
    lastToMonday: 'Dernière modification livrée à monday.com',
    lastToSalesforce: 'Dernière modification livrée à Salesforce',
    noDelivery: 'Aucune depuis que le relais sert cette connexion',
    test: 'Tester la connexion',
    testTitle: 'Test',
    answer: 'Réponse :',
    testOkSalesforce: 'Le package répond pour cette connexion et appelle ce relais.',
    testOkMonday: 'monday.com accepte le jeton de la connexion, pour le compte avec lequel elle a été faite.',
    testRefusedSalesforce: 'Salesforce a refusé l’accès du relais : reconnectez Salesforce.',
    testRefusedMonday: 'monday.com a refusé le jeton du relais : reconnectez monday.com.',
    testUnavailable:
      'Pas de réponse : le travail attend et reprendra dès qu’il y en aura une. Réessayez dans un moment.',
    testPackage:
      'Le package monday Sync ne répond pas : est-il installé, et l’utilisateur qui a connecté l’org a-t-il toujours l’ensemble d’autorisations monday Sync Admin ?',
    testPackageDisconnected:
      'Le package a été déconnecté de ce relais : reconnectez Salesforce pour le configurer de nouveau.',
    testOtherConnection:
      'Le package est configuré pour une autre connexion : reconnectez Salesforce pour la reprendre.',
    testOtherRelay: 'Le package appelle un autre relais : reconnectez Salesforce pour le diriger ici.',
    testNamedCredential:
      'L’information d’identification nommée « monday Sync Relay » ne pointe pas vers ce relais (Configuration → Informations d’identification nommées) : mettez-y l’URL de ce relais.',
    testOtherAccount: 'Le jeton est celui d’un autre compte monday.com : reconnectez monday.com avec celui-ci.',
    testFailed: 'Le test n’a pas abouti.',
    testNotRunning: 'Le relais ne sert pas cette connexion en ce moment : connectez-la de nouveau.',
    disconnect: 'Déconnecter',
    disconnectTitle: 'Déconnecter cette org ?',
    disconnectBody:
      'Le relais supprime ses webhooks monday.com, arrête le travail de cette connexion et efface ses jetons. Les recettes, les liens et le travail en attente sont conservés : reconnectez pour reprendre.',
    disconnected: 'Déconnecté',
    disconnectedBody:
      'Jetons effacés, webhooks supprimés, travail arrêté. Les données de la connexion (liens, valeurs synchronisées, travail en attente) sont conservées sous son identifiant <id> : reconnecter cette org les reprend.'
  }
} as const;

export type TextKey = keyof (typeof texts)['en'];

export const t = (lang: Lang, key: TextKey): string => texts[lang][key];

export function langOf(value: unknown, acceptLanguage?: string): Lang {
  if (value === 'fr' || value === 'en') return value;
  return acceptLanguage?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

export function escape(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const style = `
body{margin:0;font-family:-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;background:#f3f3f8;color:#181b34}
main{max-width:560px;margin:48px auto;background:#fff;border-radius:12px;box-shadow:0 2px 12px rgba(0,0,0,.08);padding:32px}
header{display:flex;align-items:center;gap:10px;margin-bottom:16px;color:#6161ff;font-weight:600}
h1{font-size:22px;margin:0 0 12px} p{line-height:1.5} label{display:block;margin:14px 0 4px;font-weight:600}
input[type=text],input[type=password],input[type=url]{width:100%;box-sizing:border-box;padding:9px 10px;border:1px solid #c3c6d4;border-radius:6px;font-size:15px}
input[type=number]{width:7em;padding:9px 10px;border:1px solid #c3c6d4;border-radius:6px;font-size:15px;margin-right:8px}
.check{display:flex;gap:8px;align-items:center;margin-top:14px;font-weight:600}
.hint{color:#676879;font-size:13px;margin-top:4px}
button,.button{display:inline-block;margin-top:20px;background:#6161ff;color:#fff;border:0;border-radius:6px;padding:10px 18px;font-size:15px;cursor:pointer;text-decoration:none}
.secondary{background:#fff;color:#323338;border:1px solid #c3c6d4} .danger{background:#d83a52;color:#fff;border:0}
.actions{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin-top:20px} .actions form{margin:0}
.actions button,.actions .button{margin-top:0}
h2{font-size:17px;margin:24px 0 8px} ul.checks{list-style:none;padding:0;margin:0;display:grid;gap:8px}
.error{background:#ffebef;border-left:4px solid #d83a52;padding:12px;border-radius:4px}
.ok{background:#e5f4ea;border-left:4px solid #00854d;padding:12px;border-radius:4px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:6px 16px} dt{color:#676879} dd{margin:0}
code{background:#f0f0f5;padding:2px 5px;border-radius:4px;word-break:break-all}
hr{border:0;border-top:1px solid #e6e9ef;margin:24px 0}`;

export function page(lang: Lang, title: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${escape(title)} · ${t(lang, 'product')}</title><style>${style}</style></head>
<body><main><header>⇄ ${t(lang, 'product')}</header><h1>${escape(title)}</h1>${body}</main></body></html>`;
}
