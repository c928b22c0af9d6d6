// The container's HEALTHCHECK (the slim image has no curl): exits 0 when the relay on RELAY_PORT answers the path
// given (/healthz by default: the process serves), 1 otherwise. /readyz is for a load balancer's readiness probe, not
// for the container's health: a monday outage makes the relay unready, and restarting it would not mend monday.
const port = process.env['RELAY_PORT'] ?? '8080';
const path = process.argv[2] ?? '/healthz';

fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(4000) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1)
);
