/**
 * A minimal Result type: expected failures are values, not exceptions.
 *
 * Same shape as `@cobre/core`'s `Result`, redeclared because the solver layer depends
 * on no other Cobre package; the two are structurally interchangeable.
 */
export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };
