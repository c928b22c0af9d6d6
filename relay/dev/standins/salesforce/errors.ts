/**
 * An error answered the way the REST API answers it: an HTTP status and a JSON array of
 * `{"message", "errorCode", "fields"}` (single-record resources), or, inside sObject Collections results,
 * `{"statusCode", "message", "fields"}`.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
 */
export class SalesforceApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields: string[] = []
  ) {
    super(message);
  }

  /** The body of a single-record resource's error answer. */
  toBody(): { message: string; errorCode: string; fields: string[] }[] {
    return [{ message: this.message, errorCode: this.errorCode, fields: this.fields }];
  }

  /** The entry of an sObject Collections result (note `statusCode`, not `errorCode`). */
  toCollectionError(): { statusCode: string; message: string; fields: string[] } {
    return { statusCode: this.errorCode, message: this.message, fields: this.fields };
  }
}

export const notFound = (message = 'The requested resource does not exist'): SalesforceApiError =>
  new SalesforceApiError(404, 'NOT_FOUND', message);
