// Serves the compiled components on loopback: the page, its script, and SLDS (styles, icons and fonts) from
// @salesforce-ux/design-system.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';

const sldsDir = resolve(__dirname, '../../node_modules/@salesforce-ux/design-system');
const types: Record<string, string> = {
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.png': 'image/png'
};

const page = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>monday Sync components</title>
    <link rel="stylesheet" href="/assets/styles/salesforce-lightning-design-system.min.css" />
  </head>
  <body class="slds-scope" style="background: #f3f3f3">
    <main id="root" class="slds-p-around_medium" style="max-width: 1100px; margin: 0 auto"></main>
    <div id="toast" role="status" class="slds-assistive-text"></div>
    <script src="/components.js"></script>
  </body>
</html>`;

export async function servePage(script: string): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/' || path === '/index.html') {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page);
      return;
    }
    if (path === '/components.js') {
      response.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(script);
      return;
    }
    const file = normalize(join(sldsDir, path));
    if (file.startsWith(sldsDir) && existsSync(file) && statSync(file).isFile()) {
      response.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
      createReadStream(file).pipe(response);
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}
