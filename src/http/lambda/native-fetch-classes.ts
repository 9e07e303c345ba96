type FetchClassName = 'Request' | 'Response' | 'Headers';

/**
 * Node's own class (undici's), for what the light classes leave to it (multipart bodies, FormData): the
 * global object's property, which installLightFetchClasses shadows by name but never touches. The first
 * call loads undici.
 */
export function nativeFetchClass<N extends FetchClassName>(name: N): (typeof globalThis)[N] {
  return Reflect.get(globalThis, name);
}
