/**
 * Turns whatever a failed Apex call, Lightning Data Service call or JavaScript error produced into the list of
 * messages a person can read. Every component shows errors through this one helper, so the wording is consistent.
 *
 * @param {unknown} errors one error or a list of them (FetchResponse, AuraHandledException body, Error…)
 * @returns {string[]} the messages, without blanks or repeats
 */
export function reduceErrors(errors) {
  const list = Array.isArray(errors) ? errors : [errors];
  const messages = list.filter((error) => !!error).flatMap(messagesOf);
  return [...new Set(messages.filter((message) => typeof message === 'string' && message.trim() !== ''))];
}

function messagesOf(error) {
  if (typeof error === 'string') {
    return [error];
  }
  const body = error.body;
  if (Array.isArray(body)) {
    // A list of errors from a UI API batch call.
    return body.map((entry) => entry && entry.message);
  }
  if (body) {
    const pageErrors = (body.pageErrors || []).map((entry) => entry.message);
    const fieldErrors = Object.values(body.fieldErrors || {})
      .flat()
      .map((entry) => entry.message);
    const outputErrors = body.output
      ? [
          ...(body.output.errors || []).map((entry) => entry.message),
          ...Object.values(body.output.fieldErrors || {})
            .flat()
            .map((entry) => entry.message)
        ]
      : [];
    const detailed = [...pageErrors, ...fieldErrors, ...outputErrors];
    if (detailed.length > 0) {
      return detailed;
    }
    if (typeof body.message === 'string') {
      return [body.message];
    }
  }
  if (typeof error.message === 'string') {
    return [error.message];
  }
  return [error.statusText];
}

/**
 * A link a component may put in an href: an absolute https URL, or null. Links come from records the relay writes
 * (item and board URLs); anything else (javascript:, data:, http:, a relative path) is dropped, not shown.
 *
 * @param {unknown} value the URL as stored
 * @returns {string|null} the URL, or null when it is not an https URL
 */
export function httpsUrl(value) {
  if (typeof value !== 'string') {
    return null;
  }
  try {
    return new URL(value).protocol === 'https:' ? value : null;
  } catch {
    return null;
  }
}
