type FetchClassName = 'Request' | 'Response' | 'Headers';

// Node defines these globals as lazy getters that load its bundled undici on first access. The descriptors
// are taken when this module is evaluated, before any light class is installed over them.
const originals = {
  Request: Object.getOwnPropertyDescriptor(globalThis, 'Request'),
  Response: Object.getOwnPropertyDescriptor(globalThis, 'Response'),
  Headers: Object.getOwnPropertyDescriptor(globalThis, 'Headers'),
};

/**
 * Node's own class (undici's), for what the light classes leave to it (multipart bodies, FormData). The
 * first call loads undici; Node's getter then writes the class onto globalThis, so whatever was installed
 * there is put back.
 */
export function nativeFetchClass<N extends FetchClassName>(name: N): (typeof globalThis)[N] {
  const original = originals[name];
  if (original?.get === undefined) return original?.value;
  const current = Object.getOwnPropertyDescriptor(globalThis, name);
  const value = original.get.call(globalThis);
  if (current !== undefined && current.get !== original.get) Object.defineProperty(globalThis, name, current);
  return value;
}
