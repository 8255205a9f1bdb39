/**
 * Late-bound values for test files: a module-level name for something that exists only once a
 * `beforeAll` has run (the test app, a logged-in client, the browser). Shared by the server test
 * kit (server/test/kit.ts) and the browser suite (e2e/support/suite.ts); no dependencies.
 */
/**
 * A stand-in for a value that exists only once `beforeAll` has run. Property reads, calls and
 * enumeration go to the real value (methods stay bound to it).
 */
export function lateBound<T extends object>(name: string, get: () => T | undefined, callable = false): T {
  const real = (): T => {
    const value = get();
    if (value === undefined) throw new Error(`${name} is used before the beforeAll that sets it ran`);
    return value;
  };
  const target = callable ? () => undefined : {};
  return new Proxy(target, {
    get(_, prop) {
      const value = real();
      const v = Reflect.get(value, prop, value);
      return typeof v === 'function' && !callable ? v.bind(value) : v;
    },
    set(_, prop, v) {
      return Reflect.set(real(), prop, v);
    },
    has: (_, prop) => Reflect.has(real(), prop),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor(_, prop) {
      const d = Reflect.getOwnPropertyDescriptor(real(), prop);
      return d ? { ...d, configurable: true } : undefined;
    },
    apply: (_, thisArg, args) => Reflect.apply(real() as (...a: unknown[]) => unknown, thisArg, args),
  }) as T;
}
