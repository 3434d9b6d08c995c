const fold = (s: string) => s.toLowerCase().replace(/[_-]/g, '');

/**
 * The "did you mean" of every options check: the known option `key` was most likely meant to
 * be (the same letters up to case, `_`, `-` and a trailing "s", or a listed alias), or
 * `undefined` when it looks like no misspelling.
 */
export function didYouMean(
  key: string,
  known: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
): string | undefined {
  const folded = fold(key);
  return known.find((k) => fold(k) === folded || fold(k) === folded.replace(/s$/, '')) ?? aliases[folded];
}

/** `Unknown <owner> option "key". Did you mean "meant"?`, or `undefined` without a likely meaning. */
export function unknownOptionMessage(
  owner: string,
  key: string,
  known: readonly string[],
  aliases?: Readonly<Record<string, string>>,
): string | undefined {
  if (known.includes(key)) return undefined;
  const meant = didYouMean(key, known, aliases);
  return meant === undefined ? undefined : `Unknown ${owner} option "${key}". Did you mean "${meant}"?`;
}
