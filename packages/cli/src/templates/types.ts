/** A starter receiver that `klarefi webhooks init` can write. */
export interface Template {
  /** The `--framework` value. */
  framework: string;
  /** Where the file goes when `--out` is not given, relative to the working directory. */
  defaultOut: string;
  /** The packages to install, as one command line. */
  install: string;
  /** How to start the app once the variables are exported. `{file}` is the written path. */
  run: string;
  /** Where the running app receives webhooks, for `klarefi dev --forward-to`. */
  webhookUrl: string;
  /** Where the running app starts a claim. */
  startClaimUrl: string;
  /** An extra line the user must know, if any. */
  note?: string;
  /** The file's contents. */
  source: string;
}

/** The comment block every template starts with. */
export function header(framework: string, install: string, run: string, webhookUrl: string): string {
  return `// A Klarefi starter for ${framework}, written by \`klarefi webhooks init\`.
//
//   1. Install:  ${install}
//   2. In another terminal:  npx klarefi dev --forward-to ${webhookUrl}
//      and export the KLAREFI_API_KEY, KLAREFI_API_BASE_URL and KLAREFI_WEBHOOK_SECRET it prints.
//   3. Run:  ${run}
//
// Against Klarefi itself, set your own key and the endpoint's signing secret instead.
`;
}
