// An HTTP client's error logged as it is thrown: the request body (an OAuth form with the client secret), the
// Authorization header and the query string never reach the log; the method, the host and the status do.
import { Writable } from 'node:stream';
import axios from 'axios';
import { freePort } from '../free-port';
import { createLogger } from '../logger';

function capture(): { logger: ReturnType<typeof createLogger>; text: () => string } {
  let written = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString();
      done();
    }
  });
  return { logger: createLogger('info', destination), text: () => written };
}

describe('the logger', () => {
  it('logs a failed request by method, host and cause only', async () => {
    const port = await freePort();
    let thrown: unknown;
    try {
      await axios.post(
        `http://127.0.0.1:${port}/services/oauth2/token?code=secret-code`,
        'grant_type=authorization_code&client_secret=very-secret-client-secret&code_verifier=secret-verifier',
        { headers: { Authorization: 'Bearer secret-access-token' }, timeout: 2000 }
      );
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    const { logger, text } = capture();
    logger.error({ err: thrown }, 'the connect flow failed');
    const line = text();
    for (const secret of ['very-secret-client-secret', 'secret-verifier', 'secret-access-token', 'secret-code'])
      expect(line).not.toContain(secret);
    const logged = JSON.parse(line) as { err: { request: { method: string; host: string }; message: string } };
    expect(logged.err.request).toEqual({ method: 'post', host: `127.0.0.1:${port}` });
    expect(logged.err.message).toContain('ECONNREFUSED');
  });

  it('keeps what a plain error says, with its cause', () => {
    const { logger, text } = capture();
    logger.warn({ err: new Error('outer', { cause: new Error('inner') }) }, 'failed');
    const logged = JSON.parse(text()) as { err: { message: string; cause: { message: string } } };
    expect(logged.err.message).toContain('outer');
    expect(logged.err.cause.message).toBe('inner');
  });
});
