/** Counts the promises an object's methods have returned and that have not settled yet. */
export class CallsUnderWay {
  count = 0;

  /** The object itself, seen through a proxy whose method calls are counted while under way. */
  watch<T extends object>(target: T): T {
    return new Proxy(target, {
      get: (object, key) => {
        const value = Reflect.get(object, key, object);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const result = value.apply(object, args);
          if (!(result instanceof Promise)) return result;
          this.count++;
          return result.finally(() => {
            this.count--;
          });
        };
      },
    });
  }
}
