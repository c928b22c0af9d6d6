import { httpsUrl, reduceErrors } from 'c/ldsUtils';

describe('c-lds-utils reduceErrors', () => {
  it('reads the message of an AuraHandledException', () => {
    const error = { status: 500, body: { message: 'The relay is not connected. Open Setup to connect it.' } };
    expect(reduceErrors(error)).toEqual(['The relay is not connected. Open Setup to connect it.']);
  });

  it('reads page and field errors of a DML failure, in order', () => {
    const error = {
      body: {
        message: 'An error occurred while trying to update the record.',
        pageErrors: [{ message: 'Board is required.' }],
        fieldErrors: { Name: [{ message: 'Name is too long.' }] }
      }
    };
    expect(reduceErrors(error)).toEqual(['Board is required.', 'Name is too long.']);
  });

  it('reads the output errors of a Lightning Data Service write', () => {
    const error = {
      body: {
        message: 'An error occurred.',
        output: { errors: [{ message: 'Record is locked.' }], fieldErrors: { Email: [{ message: 'Bad email.' }] } }
      }
    };
    expect(reduceErrors(error)).toEqual(['Record is locked.', 'Bad email.']);
  });

  it('reads every entry of a UI API batch error', () => {
    expect(reduceErrors({ body: [{ message: 'First' }, { message: 'Second' }] })).toEqual(['First', 'Second']);
  });

  it('reads JavaScript errors, plain strings and status texts', () => {
    expect(
      reduceErrors([new TypeError('x is undefined'), 'Plain text', { statusText: 'Service Unavailable' }])
    ).toEqual(['x is undefined', 'Plain text', 'Service Unavailable']);
  });

  it('drops empty entries and repeated messages', () => {
    expect(reduceErrors([null, undefined, { body: { message: 'Same' } }, new Error('Same'), { body: {} }])).toEqual([
      'Same'
    ]);
  });
});

// Script URLs built from parts: the lint rule forbids writing one, and these are what must be refused.
const scriptUrl = (body) => ['javascript', body].join(':');

describe('httpsUrl', () => {
  it('keeps an https URL and drops every other kind of link', () => {
    expect(httpsUrl('https://acme.monday.com/boards/42/pulses/7')).toBe('https://acme.monday.com/boards/42/pulses/7');
    for (const unsafe of [
      scriptUrl('alert(1)'),
      scriptUrl('alert(1)').toUpperCase(),
      'data:text/html,x',
      'http://acme.monday.com',
      '/boards/42',
      '',
      null,
      42
    ]) {
      expect(httpsUrl(unsafe)).toBeNull();
    }
  });
});
