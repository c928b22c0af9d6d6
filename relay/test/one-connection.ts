// The relay's HTTP surface over one connection's intakes, for tests of an intake alone (no clients, no worker).
import type { AppParts, ConnectionEndpoints } from '../src/app';

export function oneConnection(endpoints: Partial<ConnectionEndpoints>): AppParts['connections'] {
  const connection: ConnectionEndpoints = {
    intake: {
      accept: () => Promise.reject(new Error('no change intake in this test'))
    },
    queries: { boards: () => Promise.reject(new Error('no board directory in this test')) },
    ping: () => {
      throw new Error('no ping in this test');
    },
    status: () => 'active',
    ...endpoints
  };
  return { byId: (id) => (id === 'default' ? connection : undefined), byMondayPath: () => connection };
}
