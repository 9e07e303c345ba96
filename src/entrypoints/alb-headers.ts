import type { LambdaEvent } from 'hono/aws-lambda';

/**
 * An ALB target group with multi-value headers sends a header that a client repeated as an array.
 * hono/aws-lambda joins such arrays with "; " (right for Cookie only); HTTP says repeated field lines
 * mean one comma-separated list (RFC 9110 §5.3), so `If-None-Match: "1"` + `If-None-Match: "2"` must
 * reach the app as `"1", "2"`. Joining here first keeps that meaning; the event is not mutated.
 */
export function joinRepeatedAlbHeaders<E extends LambdaEvent>(event: E): E {
  if (!('multiValueHeaders' in event) || !event.multiValueHeaders || !('elb' in event.requestContext)) {
    return event;
  }
  const joined: Record<string, string[] | undefined> = {};
  for (const [name, values] of Object.entries(event.multiValueHeaders)) {
    joined[name] =
      values && values.length > 1 && name.toLowerCase() !== 'cookie' ? [values.join(', ')] : values;
  }
  return { ...event, multiValueHeaders: joined };
}
